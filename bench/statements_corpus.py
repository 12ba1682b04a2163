"""A synthetic syndication corpus for measuring statement clustering, and its pairwise scorer.

The same utterance, quoted by many outlets (copied, cut, reordered, lightly edited, turned into
reported speech), must be recognised as one statement. Stories are the gold documents of
``gold/nerel-train.jsonl`` and ``gold/factru-dev.jsonl`` (train and dev splits only) with at
least two direct quotes of a named speaker; each story is rewritten by ``--outlets`` outlets:

    outlet 0   the original text (the agency version, earliest date)
    outlet 1+  in turn: "headline" (new headline and agency lead, quotes exact), "reorder"
               (quote-free paragraphs moved, some quotes edited, a distractor paragraph),
               "cut" (quote-free paragraphs dropped, some quotes cut), "reported" (direct
               speech rewritten as reported speech where its shape is parsed, some quotes edited)

Every gold quote of a story is one statement (``story12/q3``: quote 3 of the source gold).
A distractor is a paragraph from another story in which the same person (same surname) speaks:
its quotes keep that other story's statement ids, so a system that merges by speaker loses
precision. Offsets are computed while each text is built, and checked afterwards.

Limits: reported speech shifts pronouns (я → он, наш → их...) but not verb endings («он
думаю»); it is made only for one-sentence declarative quotes of three shapes (``REPORTED_SHAPES``)
after a cue of ``SPEECH_VERB``. Distractors exist only for people quoted in two stories.

    .venv/bin/python bench/statements_corpus.py --out build/statements [--stories 60] [--outlets 5] [--seed 7]
    .venv/bin/python bench/statements_corpus.py --out build/statements --selfcheck
    .venv/bin/python bench/statements_corpus.py --out build/statements --sample 5

Writes ``articles.jsonl`` (quotegraph's JSONL input: id, text, date, source, url, lang) and
``gold.jsonl`` ({"id", "story", "quotes": [{"start", "end", "statement", "speaker",
"transform"}]}) under ``--out``; no article text goes into the repository (``build/`` is
git-ignored). ``score(gold_path, predicted)`` scores a system's statements pairwise.
"""
from __future__ import annotations

import argparse
import datetime
import json
import pathlib
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Iterator

from quotegraph.train.gold import read_jsonl, sha1, text_of

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLD_FILES = (ROOT / "gold" / "nerel-train.jsonl", ROOT / "gold" / "factru-dev.jsonl")
FIRST_DATE = datetime.date(2025, 11, 1)  # outlet k publishes k days later
RECIPES = ("headline", "reorder", "cut", "reported")
TRANSFORMS = ("exact", "cut", "edit", "indirect")

OPENING_MARKS = "«\"„“"
CLOSING_MARKS = "»\"“”"
ALL_MARKS = set(OPENING_MARKS + CLOSING_MARKS)
_WORD = re.compile(r"\w+(?:-\w+)*")
_NAMED = re.compile(r"\b[А-ЯЁA-Z][а-яёa-z]")

HEADLINE_PREFIXES = ("Срочно: ", "Главное: ", "Подробности: ", "Новость дня: ")
AGENCY_LEADS = ("Как сообщает ТАСС, ", "Как стало известно РИА Новости, ", "По информации Интерфакса, ",
                "Как передает корреспондент агентства, ")


# --- source stories ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    """One gold quote of a source document: offsets into the story's text."""

    index: int
    start: int
    end: int
    kind: str
    speaker: str | None
    cue: tuple[int, int] | None
    mention: tuple[int, int] | None
    parent: int | None
    statement: str  # "story12/q3"


@dataclass(frozen=True)
class Story:
    id: str  # "story12"
    source: str  # the gold document id, "nerel-train/100084_text"
    text: str
    quotes: tuple[Quote, ...]

    def content(self, quote: Quote) -> str:
        return self.text[quote.start:quote.end]


def is_named(speaker: str | None) -> bool:
    """A speaker string with a capitalised word («Дональд Трамп», «Д. Медведев»)."""
    return bool(speaker and _NAMED.search(speaker))


def is_story(quotes: list[dict]) -> bool:
    """At least two direct quotes of a named speaker."""
    return sum(q["kind"] == "direct" and is_named(q["speaker"]) for q in quotes) >= 2


def load_stories(shared: pathlib.Path, count: int, seed: int,
                 gold_files: tuple[pathlib.Path, ...] = GOLD_FILES) -> list[Story]:
    """Up to ``count`` stories (a seeded draw when there are more), numbered in id order.
    A document whose shared text no longer matches its gold sha1 is skipped."""
    candidates = []
    for path in gold_files:
        for rec in read_jsonl(path):
            if not is_story(rec["quotes"]):
                continue
            text = text_of(rec["id"], shared)
            if sha1(text) != rec["sha1"]:
                print(f"skipped {rec['id']}: its text does not match the gold sha1", file=sys.stderr)
                continue
            candidates.append((rec["id"], text, rec["quotes"]))
    candidates.sort(key=lambda c: c[0])
    if len(candidates) > count:
        candidates = sorted(random.Random(seed).sample(candidates, count), key=lambda c: c[0])
    return [make_story(f"story{n}", doc_id, text, quotes) for n, (doc_id, text, quotes) in enumerate(candidates)]


def make_story(story_id: str, doc_id: str, text: str, quotes: list[dict]) -> Story:
    return Story(story_id, doc_id, text, tuple(
        Quote(i, q["start"], q["end"], q["kind"], q["speaker"], tuple(q["cue"]) if q["cue"] else None,
              tuple(q["mention"]) if q["mention"] else None, q["parent"], f"{story_id}/q{i}")
        for i, q in enumerate(quotes)))


def surname(speaker: str | None) -> str | None:
    """The last word of a person's name («Д. Медведев» → «Медведев»): a speaker string of
    capitalised words only, so «департамент здравоохранения Москвы» or «банк «Пересвет»» is none."""
    words = (speaker or "").split()
    return words[-1] if words and all(re.fullmatch(r"[А-ЯЁA-Z][\w.-]*", w) for w in words) else None


# --- paragraphs --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """Paragraphs moved, dropped or copied as one: a quote stays with its cue and speaker."""

    start: int
    end: int
    quotes: tuple[int, ...]  # indices of the story's quotes inside

    @property
    def is_quote_free(self) -> bool:
        return not self.quotes


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Each line with the newlines that follow it (the first may start with blank lines)."""
    return [m.span() for m in re.finditer(r"\n*[^\n]+\n*", text)] or [(0, len(text))]


def quote_extent(quote: Quote) -> tuple[int, int]:
    """The stretch of text a quote needs: itself, its cue and its speaker mention."""
    spans = [(quote.start, quote.end)] + [s for s in (quote.cue, quote.mention) if s]
    return min(s for s, _ in spans), max(e for _, e in spans)


def blocks_of(story: Story) -> list[Block]:
    """The story's paragraphs, a paragraph merged into the one before when a quote's extent
    runs into it from there. Together they cover the whole text, in order."""
    extents = [quote_extent(q) for q in story.quotes]
    merged: list[list[int]] = []
    for start, end in paragraphs(story.text):
        if merged and any(s < start < e for s, e in extents):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [Block(s, e, tuple(q.index for q in story.quotes if s <= q.start and q.end <= e)) for s, e in merged]


# --- rewrites of one quote ---------------------------------------------------------------------

@dataclass(frozen=True)
class Rewrite:
    """Source text [start, end) rendered as ``before`` + quote + ``after``; the quote span is
    the rendered quote."""

    start: int
    end: int
    before: str
    quote: str
    after: str
    transform: str


def exact(story: Story, quote: Quote) -> Rewrite:
    return Rewrite(quote.start, quote.end, "", story.content(quote), "", "exact")


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def cut_quote(content: str, rng: random.Random) -> str | None:
    """A part of the quote cut at a sentence or clause boundary, at least half its words (a
    leading part, or a trailing one starting a sentence); None if the quote has no such cut."""
    total = len(words_of(content))
    options = []
    for m in re.finditer(r"[,;:.!?…]\s+|\s[—–]\s", content):
        head = content[:m.start() + 1].rstrip(" ,;:.—–")
        tail = content[m.end():]
        if m.group().strip()[:1] in ".!?…" and tail[:1].isupper():
            options.append(tail)
        if head and head[-1] not in "—–":
            options.append(head)
    options = [o for o in options if total * 0.5 <= len(words_of(o)) < total]
    return rng.choice(options) if options else None


SYNONYMS = {
    "очень": "весьма", "весьма": "очень", "сейчас": "теперь", "теперь": "сейчас", "также": "тоже",
    "нужно": "необходимо", "необходимо": "нужно", "большой": "крупный", "большая": "крупная",
    "большие": "крупные", "много": "немало", "всегда": "постоянно", "только": "лишь", "лишь": "только",
    "конечно": "разумеется", "разумеется": "конечно", "однако": "но", "например": "к примеру",
    "абсолютно": "совершенно", "совершенно": "абсолютно", "полностью": "целиком", "сложно": "трудно",
    "трудно": "сложно", "главное": "основное", "главный": "основной", "довольно": "достаточно",
    "люди": "граждане", "людей": "граждан", "ситуация": "обстановка", "ситуации": "обстановки",
    "ситуацию": "обстановку", "считаю": "полагаю", "думаю": "считаю", "быстро": "оперативно",
    "действительно": "в самом деле", "сегодня": "ныне", "важно": "существенно", "хорошо": "неплохо",
}
_KEEP_WORDS = {"не", "ни", "нет"}  # dropping them would reverse the meaning


def match_case(model: str, word: str) -> str:
    """``word`` in the letter case of ``model`` (all caps, capitalised or lower)."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def drop_word(content: str, rng: random.Random) -> str | None:
    """The quote without one inner word (never the first, the last or a negation)."""
    found = list(_WORD.finditer(content))[1:-1]
    found = [m for m in found if m.group().lower() not in _KEEP_WORDS
             and content[m.end():m.end() + 1] == " " and content[m.start() - 1:m.start()] == " "]
    if not found:
        return None
    m = rng.choice(found)
    return content[:m.start()] + content[m.end() + 1:]


def swap_synonym(content: str, rng: random.Random) -> str | None:
    """The quote with one word swapped for a near-synonym of the built-in list."""
    found = [m for m in _WORD.finditer(content) if m.group().lower() in SYNONYMS]
    if not found:
        return None
    m = rng.choice(found)
    return content[:m.start()] + match_case(m.group(), SYNONYMS[m.group().lower()]) + content[m.end():]


def change_punctuation(content: str, rng: random.Random) -> str | None:
    """The quote with one comma dropped, or else one dash turned into a comma."""
    commas = [m.start() for m in re.finditer(r",(?= )", content)]
    if commas:
        at = rng.choice(commas)
        return content[:at] + content[at + 1:]
    dashes = [m.start() for m in re.finditer(r"\s[—–]\s", content)]
    if dashes:
        at = rng.choice(dashes)
        return content[:at] + ", " + content[at + 3:]
    return None


EDITS = (drop_word, swap_synonym, change_punctuation)


def edit_quote(content: str, rng: random.Random) -> str | None:
    """One small edit of those that apply, picked at random; None if none applies."""
    if len(words_of(content)) < 4:
        return None
    results = [r for r in (edit(content, rng) for edit in EDITS) if r and r != content]
    return rng.choice(results) if results else None


# --- direct → reported speech ------------------------------------------------------------------

SPEECH_VERB = re.compile(  # verbs that take a «что» clause: past tense (any gender or number), a few present
    r"(?:(?:заявил|сказал|отметил|подчеркнул|добавил|сообщил|пояснил|объяснил|заметил|уточнил|рассказал|признал|"
    r"напомнил|написал|констатировал|заключил|подытожил|резюмировал|заверил|указал|ответил)(?:а|и)?"
    r"|признал(?:ся|ась|ись)|говорит|утверждает|считает|отмечает|поясняет|признается|признаётся)")
PRONOUNS = {  # first person → third, masculine and feminine speaker
    "я": ("он", "она"), "меня": ("его", "её"), "мне": ("ему", "ей"), "мной": ("им", "ей"), "мною": ("им", "ею"),
    "мы": ("они", "они"), "нас": ("их", "их"), "нам": ("им", "им"), "нами": ("ими", "ими"),
    **{w: ("его", "её") for w in ("мой", "моя", "моё", "мое", "мои", "моего", "моей", "моему", "моим",
                                  "моих", "мою", "моём", "моем", "моими")},
    **{w: ("их", "их") for w in ("наш", "наша", "наше", "наши", "нашего", "нашей", "нашему", "нашим",
                                 "наших", "нашу", "нашем", "нашими")},
}
_PERSONAL = {"меня", "мне", "мной", "мною", "нас", "нам", "нами"}  # after a preposition: «у него»
PREPOSITIONS = {"у", "к", "ко", "от", "ото", "для", "с", "со", "о", "об", "обо", "без", "про", "на", "за",
                "при", "перед", "передо", "над", "под", "через", "между", "около", "возле", "после", "из", "до",
                "вокруг", "против", "среди", "по"}
_PRONOUN = re.compile(r"\b(" + "|".join(sorted(PRONOUNS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+\S")
FUNCTION_WORDS = {"в", "во", "на", "по", "как", "это", "эти", "этот", "эта", "мы", "я", "он", "она", "они", "но",
                  "и", "а", "если", "когда", "все", "всё", "мне", "нам", "нас", "меня", "у", "с", "к", "за",
                  "для", "наш", "наша", "наши", "мой", "моя", "так", "такой", "там", "здесь", "сейчас", "то",
                  "что", "не", "нет", "да", "уже", "еще", "ещё", "при", "после", "до", "о", "об"}


def shift_pronouns(text: str, feminine: bool) -> str:
    """First-person pronouns as third-person ones (я → он, наш → их...), whole words, letter
    case kept; «у меня» → «у него» (the н after a preposition)."""
    def third_person(m: re.Match) -> str:
        word = m.group()
        new = PRONOUNS[word.lower()][feminine]
        previous = re.search(r"(\w+)\s+$", text[:m.start()])
        if word.lower() in _PERSONAL and previous and previous.group(1).lower() in PREPOSITIONS:
            new = "н" + new
        return match_case(word, new)
    return _PRONOUN.sub(third_person, text)


def lower_first(content: str, story_text: str) -> str:
    """The first letter lowercased, unless the first word is an acronym or looks like a name:
    the story also writes it (or its stem) capitalised inside a sentence, after a word or a comma."""
    m = _WORD.match(content)
    if not m or not m.group()[:1].isupper():
        return content
    word = m.group()
    if len(word) > 1 and word.isupper():
        return content
    stem = word[:max(4, len(word) - 2)]  # «Россия» is a name if the story writes «...в России»
    if word.lower() not in FUNCTION_WORDS and re.search(rf"[\w,;:]\s+{re.escape(stem)}", story_text):
        return content
    return word.lower() + content[len(word):]


_LEADING_CONJUNCTION = re.compile(r"^(?:но|и|а|однако),?\s+(?=\w)", re.IGNORECASE)


def reported_clause(content: str, story_text: str, cue: str) -> str | None:
    """The quote as a «что» clause, or None for one it cannot turn reliably: more than one
    sentence, a question or exclamation, quote marks inside."""
    body = content.rstrip().rstrip(".")
    if (not body or _SENTENCE_INSIDE.search(body) or set(body) & ALL_MARKS or re.search(r"[!?]", body)
            or len(words_of(body)) < 3):
        return None
    body = _LEADING_CONJUNCTION.sub("", body, count=1)  # «Но мы...» → «что они...»
    return shift_pronouns(lower_first(body, story_text), feminine=cue.endswith(("ла", "лась")))


def speech_after(story: Story, quote: Quote, clause: str) -> Rewrite | None:
    """«Q», — заявил X (журналистам). → X (журналистам) заявил, что q.  The quote opens a
    sentence; after the cue, up to the sentence's end, the speaker's phrase (no marks, no «что»)."""
    text, (cue_start, cue_end) = story.text, quote.cue
    tail = re.compile(r"[»\"“”],\s*(?:[—–-]\s*)?").match(text, quote.end)
    phrase = re.compile(r"\s+([^.!?…«»\"\n]{1,80}?)\.").match(text, cue_end)
    if not (tail and tail.end() == cue_start and phrase and starts_sentence(text, quote.start - 1)
            and phrase.start(1) <= quote.mention[0] and quote.mention[1] <= phrase.end(1)
            and not re.search(r"\bчто\b", phrase.group(1))):
        return None
    subject = phrase.group(1)
    return Rewrite(quote.start - 1, phrase.end(), f"{subject[:1].upper()}{subject[1:]} {text[cue_start:cue_end]}, что ",
                   clause, ".", "indirect")


def speech_after_colon(story: Story, quote: Quote, clause: str) -> Rewrite | None:
    """X заявил (журналистам): «Q». → X заявил (журналистам), что q."""
    text, (cue_start, cue_end), (m_start, m_end) = story.text, quote.cue, quote.mention
    colon = re.fullmatch(r"([^.:«»\"\n]{0,60}?):\s*", text[cue_end:quote.start - 1])
    if not (m_end <= cue_start and re.fullmatch(r"\s+", text[m_end:cue_start]) and colon
            and re.match(r"[»\"“”]\.", text[quote.end:quote.end + 2])):
        return None
    return Rewrite(m_start, quote.end + 2, f"{text[m_start:cue_end]}{colon.group(1)}, что ", clause, ".", "indirect")


def marks_after_that(story: Story, quote: Quote, clause: str) -> Rewrite | None:
    """X заявил, что «q». → X заявил, что q.  (a mixed quote loses its marks)"""
    text = story.text
    closing = text[quote.end:quote.end + 1]
    if not (text[:quote.start - 1].endswith(", что ") and closing and closing in CLOSING_MARKS):
        return None
    return Rewrite(quote.start - 1, quote.end + 1, "", clause, "", "indirect")


REPORTED_SHAPES = (speech_after, speech_after_colon, marks_after_that)


def reported_rewrite(story: Story, quote: Quote) -> Rewrite | None:
    """Direct speech as reported speech by the first of REPORTED_SHAPES that parses it; None
    when none does, or the quote is no plain sentence (see ``reported_clause``)."""
    text = story.text
    if quote.kind != "direct" or quote.parent is not None or not quote.cue or not quote.mention:
        return None
    cue = text[quote.cue[0]:quote.cue[1]]
    if not SPEECH_VERB.fullmatch(cue) or quote.start < 1 or text[quote.start - 1] not in OPENING_MARKS:
        return None
    clause = reported_clause(story.content(quote), text, cue)
    if clause is None:
        return None
    return next((r for r in (shape(story, quote, clause) for shape in REPORTED_SHAPES) if r), None)


def starts_sentence(text: str, at: int) -> bool:
    """Whether ``at`` begins a sentence: start of text or line, or after a sentence's end."""
    before = text[:at].rstrip(" \t\xa0")
    return not before or before.endswith(("\n", ".", "!", "?", "…", ".»", "!»", "?»"))


# --- building an article -----------------------------------------------------------------------

@dataclass
class Occurrence:
    """A quote occurrence as written into an article; ``rendering`` is the text expected at
    its span, ``source`` the original quote's text."""

    start: int
    end: int
    statement: str
    speaker: str | None
    transform: str
    rendering: str
    source: str

    def gold(self) -> dict:
        return {"start": self.start, "end": self.end, "statement": self.statement, "speaker": self.speaker,
                "transform": self.transform}


@dataclass
class ArticleBuilder:
    """Text built piece by piece; each quote's offsets are taken as it is appended."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    occurrences: list[Occurrence] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_quote(self, text: str, story: Story, quote: Quote, transform: str) -> None:
        self.occurrences.append(Occurrence(self.length, self.length + len(text), quote.statement, quote.speaker,
                                           transform, text, story.content(quote)))
        self.add(text)

    def add_copy(self, story: Story, start: int, end: int) -> None:
        """Source text copied as it is, with every quote inside it (nested ones too) exact."""
        for quote in story.quotes:
            if start <= quote.start and quote.end <= end:
                offset = self.length + quote.start - start
                self.occurrences.append(Occurrence(offset, offset + quote.end - quote.start, quote.statement,
                                                   quote.speaker, "exact", story.content(quote), story.content(quote)))
        self.add(story.text[start:end])

    def ends_paragraph(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def units(story: Story, block: Block, plan: dict[int, Rewrite]) -> list[tuple[int, int, Rewrite | None]]:
    """The block's quote regions in order: (start, end, rewrite) for a single quote, (start,
    end, None) for overlapping (nested) quotes, copied as they are."""
    groups: list[list[Quote]] = []
    for quote in sorted((story.quotes[i] for i in block.quotes), key=lambda q: (q.start, -q.end)):
        if groups and quote.start < max(q.end for q in groups[-1]):
            groups[-1].append(quote)
        else:
            groups.append([quote])
    out = []
    for group in groups:
        if len(group) == 1:
            rewrite = plan.get(group[0].index) or exact(story, group[0])
            out.append((rewrite.start, rewrite.end, rewrite))
        else:
            out.append((min(q.start for q in group), max(q.end for q in group), None))
    return out


def render_block(builder: ArticleBuilder, story: Story, block: Block, plan: dict[int, Rewrite]) -> None:
    """Append a block, each quote rendered as ``plan`` says (exact where it says nothing); a
    new paragraph if the text so far ends mid-line (a moved last paragraph)."""
    if not builder.ends_paragraph():
        builder.add("\n\n")
    cursor = block.start
    for start, end, rewrite in units(story, block, plan):
        assert start >= cursor, (story.id, block, start, cursor)
        builder.add(story.text[cursor:start])
        if rewrite is None:
            builder.add_copy(story, start, end)
        else:
            builder.add(rewrite.before)
            builder.add_quote(rewrite.quote, story, story.quotes[quote_at(story, rewrite)], rewrite.transform)
            builder.add(rewrite.after)
        cursor = end
    builder.add(story.text[cursor:block.end])


def quote_at(story: Story, rewrite: Rewrite) -> int:
    """The index of the one quote a rewrite's region holds."""
    inside = [q.index for q in story.quotes if rewrite.start <= q.start and q.end <= rewrite.end]
    assert len(inside) == 1, (story.id, rewrite)
    return inside[0]


# --- variants ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Distractor:
    """A paragraph of another story where a speaker of this story speaks too."""

    story: Story
    block: Block


def is_plain(story: Story, quote: Quote) -> bool:
    """A quote neither nested nor overlapping another: free to cut, edit or (if direct) rewrite."""
    return not any(
        other.index != quote.index and other.start < quote.end and quote.start < other.end for other in story.quotes)


def some(items: list, share: float, rng: random.Random) -> list:
    """Each item with probability ``share``, and at least one if there are any."""
    chosen = [item for item in items if rng.random() < share]
    return chosen or ([rng.choice(items)] if items else [])


def content_plan(story: Story, quotes: list[Quote], make, transform: str, rng: random.Random) -> dict[int, Rewrite]:
    """Rewrites of the quotes' contents by ``make(content, rng)`` (those it returns None for stay exact)."""
    plan = {}
    for quote in quotes:
        new = make(story.content(quote), rng)
        if new:
            plan[quote.index] = Rewrite(quote.start, quote.end, "", new, "", transform)
    return plan


def reported_plan(story: Story, rng: random.Random) -> dict[int, Rewrite]:
    """Every direct quote whose shape is parsed as reported speech; about half the others edited."""
    plan: dict[int, Rewrite] = {}
    for quote in story.quotes:
        rewrite = reported_rewrite(story, quote) if is_plain(story, quote) else None
        if rewrite and not any(other.index != quote.index and other.start < rewrite.end and rewrite.start < other.end
                               for other in story.quotes) \
                and not any(r.start < rewrite.end and rewrite.start < r.end for r in plan.values()):
            plan[quote.index] = rewrite
    rest = [q for q in story.quotes if is_plain(story, q) and q.index not in plan]
    plan.update(content_plan(story, [q for q in rest if rng.random() < 0.5], edit_quote, "edit", rng))
    return plan


def headline_variant(builder: ArticleBuilder, story: Story, blocks: list[Block], rng: random.Random) -> None:
    """A new headline, and an agency lead before the first paragraph when it holds no quote;
    the rest copied."""
    prefix = rng.choice(HEADLINE_PREFIXES)
    lead = rng.choice(AGENCY_LEADS)
    for n, block in enumerate(blocks):
        paragraph = story.text[block.start:block.end]
        if n == 0 and block.is_quote_free:
            blank = len(paragraph) - len(paragraph.lstrip())
            builder.add(paragraph[:blank] + prefix + paragraph[blank:])
        elif n == 0:  # a quote in the headline: a new headline line above it
            builder.add(prefix.rstrip(": ") + "\n\n")
            render_block(builder, story, block, {})
        elif n == 1 and block.is_quote_free:
            builder.add(lead + lower_first(paragraph, story.text))
        else:
            render_block(builder, story, block, {})


def reordered(blocks: list[Block], rng: random.Random) -> list[Block]:
    """The headline first, quote blocks in their order, quote-free paragraphs moved among them."""
    body = [b for b in blocks[1:] if not b.is_quote_free]
    for block in rng.sample([b for b in blocks[1:] if b.is_quote_free], sum(b.is_quote_free for b in blocks[1:])):
        body.insert(rng.randint(0, len(body)), block)
    return blocks[:1] + body


def variant_text(story: Story, recipe: str, rng: random.Random, distractors: list[Distractor]) -> ArticleBuilder:
    """One outlet's version of a story, built by ``recipe`` (or the original for "original")."""
    builder = ArticleBuilder()
    blocks = blocks_of(story)
    plain = [q for q in story.quotes if is_plain(story, q)]
    if recipe == "headline":
        headline_variant(builder, story, blocks, rng)
        return builder
    plan: dict[int, Rewrite] = {}
    order = [(story, block) for block in blocks]
    if recipe == "reorder":
        plan = content_plan(story, some(plain, 0.5, rng), edit_quote, "edit", rng)
        order = [(story, block) for block in reordered(blocks, rng)]
        if distractors:
            chosen = rng.choice(distractors)
            order.insert(rng.randint(1, len(order)), (chosen.story, chosen.block))
    elif recipe == "cut":
        plan = content_plan(story, some([q for q in plain if cut_quote(story.content(q), rng)], 0.6, rng),
                            cut_quote, "cut", rng)
        order = [(story, b) for n, b in enumerate(blocks) if n == 0 or not b.is_quote_free or rng.random() < 0.5]
    elif recipe == "reported":
        plan = reported_plan(story, rng)
    for source, block in order:
        render_block(builder, source, block, plan if source is story else {})
    return builder


def distractors_for(story: Story, stories: list[Story]) -> list[Distractor]:
    """Paragraphs of other stories holding a quote of a person (same surname) quoted in this one."""
    names = {surname(q.speaker) for q in story.quotes if q.kind == "direct"} - {None}
    out = []
    for other in stories:
        if other.id == story.id:
            continue
        for n, block in enumerate(blocks_of(other)):
            if n and any(surname(other.quotes[i].speaker) in names for i in block.quotes):
                out.append(Distractor(other, block))
    return out


def generate(stories: list[Story], outlets: int, seed: int) -> Iterator[tuple[dict, dict, list[Occurrence]]]:
    """(article, gold line, occurrences) for every outlet's version of every story."""
    for story in stories:
        distractors = distractors_for(story, stories)
        for outlet in range(outlets):
            rng = random.Random(f"{seed}/{story.id}/{outlet}")
            recipe = "original" if outlet == 0 else RECIPES[(outlet - 1) % len(RECIPES)]
            builder = variant_text(story, recipe, rng, distractors)
            assert recipe != "original" or builder.text == story.text, f"{story.id}: blocks lose text"
            article_id = f"{story.id}-outlet{outlet}"
            article = {"id": article_id, "text": builder.text,
                       "date": (FIRST_DATE + datetime.timedelta(days=outlet)).isoformat(),
                       "source": f"outlet{outlet}.example", "url": f"https://outlet{outlet}.example/news/{story.id}",
                       "lang": "ru"}
            gold = {"id": article_id, "story": story.id, "quotes": [o.gold() for o in builder.occurrences]}
            check_article(article, builder.occurrences)
            yield article, gold, builder.occurrences


# --- checks ------------------------------------------------------------------------------------

def check_article(article: dict, occurrences: list[Occurrence]) -> None:
    """Every span holds its expected rendering, and each rendering is what its transform says."""
    text = article["text"]
    for o in occurrences:
        where = f"{article['id']} {o.statement} [{o.start}:{o.end}] {o.transform}"
        assert text[o.start:o.end] == o.rendering, f"{where}: {text[o.start:o.end]!r} != {o.rendering!r}"
        assert o.rendering.strip(), f"{where}: empty"
        if o.transform == "exact":
            assert o.rendering == o.source, where
        elif o.transform == "cut":
            assert o.rendering in o.source and len(words_of(o.rendering)) >= len(words_of(o.source)) * 0.5, where
        elif o.transform == "edit":
            assert o.rendering != o.source and abs(len(words_of(o.rendering)) - len(words_of(o.source))) <= 2, where
        elif o.transform == "indirect":
            assert text[:o.start].endswith(", что ") and not set(o.rendering) & ALL_MARKS, where
        else:
            raise AssertionError(f"{where}: unknown transform")


# --- scoring -----------------------------------------------------------------------------------

def read_gold(gold_path: pathlib.Path) -> list[dict]:
    return read_jsonl(pathlib.Path(gold_path))


def match_spans(gold: list[tuple[int, int, str]], predicted: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: largest overlaps first, each predicted span used once,
    an overlap of at least half the gold span's length."""
    candidates = []
    for g, (gs, ge, _) in enumerate(gold):
        for p, (ps, pe, _) in enumerate(predicted):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0 and overlap >= 0.5 * (ge - gs):
                candidates.append((-overlap, g, p))
    used_gold, used_predicted, pairs = set(), set(), []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return pairs


def pair_counts(items: list[tuple]) -> int:
    """The pairs among items sharing a key: sum of C(n, 2) over the keys' counts."""
    return sum(n * (n - 1) // 2 for n in Counter(items).values())


def pairwise(matched: list[tuple[str, str, str]]) -> dict:
    """Pairwise figures over (article, gold statement, predicted statement) occurrences, for
    all pairs and for pairs in different articles (all pairs minus those within an article)."""
    def figures(both: int, gold_pairs: int, predicted_pairs: int) -> dict:
        precision = both / predicted_pairs if predicted_pairs else None
        recall = both / gold_pairs if gold_pairs else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "gold_pairs": gold_pairs,
                "predicted_pairs": predicted_pairs, "true_pairs": both}
    both = pair_counts([(g, p) for _, g, p in matched])
    gold_pairs = pair_counts([g for _, g, _ in matched])
    predicted_pairs = pair_counts([p for _, _, p in matched])
    within = (pair_counts([(a, g, p) for a, g, p in matched]), pair_counts([(a, g) for a, g, _ in matched]),
              pair_counts([(a, p) for a, _, p in matched]))
    return {"all": figures(both, gold_pairs, predicted_pairs),
            "cross_article": figures(both - within[0], gold_pairs - within[1], predicted_pairs - within[2])}


def score(gold_path: pathlib.Path | str, predicted: Iterable[tuple[str, int, int, str]]) -> dict:
    """Pairwise precision and recall of "these two quote occurrences are one statement".

    ``predicted``: (article id, start, end, statement id) for each quote a system found; its
    statement ids are the system's clusters, across articles. Each gold span is matched to the
    predicted quote of its article with the largest overlap (at least half the gold span), and
    pairs are counted over matched spans only."""
    by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    predicted_count = 0
    for article_id, start, end, statement in predicted:
        by_article[str(article_id)].append((int(start), int(end), str(statement)))
        predicted_count += 1
    matched, gold_spans = [], 0
    for rec in read_gold(pathlib.Path(gold_path)):
        gold = [(q["start"], q["end"], q["statement"]) for q in rec["quotes"]]
        gold_spans += len(gold)
        found = sorted(by_article.get(rec["id"], []))
        matched += [(rec["id"], gold[g][2], found[p][2]) for g, p in match_spans(gold, found)]
    return {"gold_spans": gold_spans, "predicted_spans": predicted_count, "matched": len(matched),
            **pairwise(matched)}


# --- command line ------------------------------------------------------------------------------

def write_corpus(out: pathlib.Path, stories: list[Story], outlets: int, seed: int) -> Counter:
    """Write articles.jsonl and gold.jsonl; return the counts reported."""
    out.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter()
    statements = set()
    with open(out / "articles.jsonl", "w", encoding="utf-8") as articles, \
            open(out / "gold.jsonl", "w", encoding="utf-8") as golds:
        for article, gold, occurrences in generate(stories, outlets, seed):
            articles.write(json.dumps(article, ensure_ascii=False) + "\n")
            golds.write(json.dumps(gold, ensure_ascii=False) + "\n")
            counts["articles"] += 1
            counts["occurrences"] += len(occurrences)
            for o in occurrences:
                counts[f"transform {o.transform}"] += 1
                counts["distractor occurrences"] += not o.statement.startswith(gold["story"] + "/")
                statements.add(o.statement)
    counts["stories"] = len(stories)
    counts["statements"] = len(statements)
    return counts


def predictions_from_gold(gold_path: pathlib.Path, statement_of) -> list[tuple[str, int, int, str]]:
    """The gold spans as predictions, each with the statement ``statement_of(article, quote, n)`` gives."""
    return [(rec["id"], q["start"], q["end"], statement_of(rec, q, n))
            for rec in read_gold(gold_path) for n, q in enumerate(rec["quotes"])]


def selfcheck(out: pathlib.Path) -> bool:
    """Score the written gold against itself (P = R = 1), against every occurrence on its own
    (R = 0) and against one statement per speaker (shows that precision is tested)."""
    gold_path = out / "gold.jsonl"
    texts = {rec["id"]: rec["text"] for rec in read_jsonl(out / "articles.jsonl")}
    for rec in read_gold(gold_path):
        for q in rec["quotes"]:
            assert 0 <= q["start"] < q["end"] <= len(texts[rec["id"]]), (rec["id"], q)
    itself = score(gold_path, predictions_from_gold(gold_path, lambda rec, q, n: q["statement"]))
    alone = score(gold_path, predictions_from_gold(gold_path, lambda rec, q, n: f"{rec['id']}#{n}"))
    speaker = score(gold_path, predictions_from_gold(gold_path, lambda rec, q, n: q["speaker"] or f"{rec['id']}#{n}"))
    for name, result in (("gold itself", itself), ("each occurrence alone", alone), ("one per speaker", speaker)):
        print(f"{name:22} {summary(result)}")
    ok = (itself["all"]["precision"] == itself["all"]["recall"] == 1.0
          and itself["cross_article"]["precision"] == itself["cross_article"]["recall"] == 1.0
          and alone["all"]["recall"] == 0.0 and itself["matched"] == itself["gold_spans"])
    print("selfcheck " + ("passed" if ok else "FAILED"))
    return ok


def summary(result: dict) -> str:
    def fmt(x) -> str:
        return "n/a" if x is None else f"{x:.3f}"
    parts = [f"spans {result['matched']}/{result['gold_spans']} matched"]
    for scope in ("all", "cross_article"):
        r = result[scope]
        parts.append(f"{scope}: P={fmt(r['precision'])} R={fmt(r['recall'])} F1={fmt(r['f1'])} "
                     f"(gold pairs {r['gold_pairs']}, predicted {r['predicted_pairs']})")
    return "; ".join(parts)


def sample(out: pathlib.Path, n: int, seed: int) -> None:
    """Print ``n`` random cross-article gold pairs of one statement, side by side."""
    texts = {rec["id"]: rec["text"] for rec in read_jsonl(out / "articles.jsonl")}
    by_statement = defaultdict(list)
    for rec in read_gold(out / "gold.jsonl"):
        for q in rec["quotes"]:
            by_statement[q["statement"]].append((rec["id"], q))
    pairs = [(statement, a, b) for statement, found in sorted(by_statement.items())
             for a, b in combinations(found, 2) if a[0] != b[0]]
    for statement, *sides in random.Random(seed).sample(pairs, min(n, len(pairs))):
        print(f"== {statement}")
        for article_id, q in sides:
            quoted = texts[article_id][q["start"]:q["end"]]
            print(f"  {article_id:20} {q['transform']:8} ⟦{quoted[:220]}{'…' if len(quoted) > 220 else ''}⟧")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "statements",
                    help="folder of articles.jsonl and gold.jsonl (default build/statements)")
    ap.add_argument("--stories", type=int, default=60, help="at most this many stories (default 60)")
    ap.add_argument("--outlets", type=int, default=5, help="versions of each story, the original included (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared", help="the shared data folder")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--selfcheck", action="store_true", help="score the written gold against itself and baselines")
    mode.add_argument("--sample", type=int, metavar="N", help="print N random cross-article gold pairs")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.selfcheck or args.sample is not None:
        if not (args.out / "gold.jsonl").exists():
            print(f"no {args.out / 'gold.jsonl'}: generate the corpus first (without --selfcheck/--sample)",
                  file=sys.stderr)
            return 1
        if args.sample is not None:
            sample(args.out, args.sample, args.seed)
            return 0
        return 0 if selfcheck(args.out) else 1
    if args.outlets < 1 or args.stories < 1:
        print("--outlets and --stories must be at least 1", file=sys.stderr)
        return 1
    stories = load_stories(args.shared, args.stories, args.seed)
    counts = write_corpus(args.out, stories, args.outlets, args.seed)
    print(f"{counts['stories']} stories, {counts['articles']} articles, {counts['occurrences']} quote occurrences "
          f"of {counts['statements']} statements ({counts['distractor occurrences']} in distractor paragraphs) "
          f"→ {args.out}")
    print("  " + ", ".join(f"{t}: {counts['transform ' + t]}" for t in TRANSFORMS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
