"""Cue words found in text: reporting verbs, predicative adjectives, and cue phrases."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..cues import collocations, is_cue_adjective, phrases, verb_class
from ..lexicon import lemma
from ..nlp import Token, parse_word


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str
    lemma: str
    kind: str  # verb | adj | phrase | colon


# verbs of the lexicon that are mostly not reporting: a cue only right before a quotation mark
WEAK = {"знать", "видеть", "понять", "понимать", "хотеть", "ожидать", "передать", "бросить", "отрезать",
        "выступить", "обратиться", "продолжить", "продолжать", "поддержать", "разрешить", "договориться",
        "улыбнуться", "рассмеяться", "обратить", "услышать", "слышать", "узнать", "решить", "согласиться", "посчитать"}
# weak verbs that report all the same when «, что» follows («решил, что», «посчитав, что»)
WEAK_WITH_THAT = {"решить", "согласиться", "посчитать", "договориться"}


def cue_of(token: Token, strict: bool = True, first_person: bool = False) -> Cue | None:
    """The token as a reporting verb («заявил», «говорится») or adjective («уверен»), or None.
    Not cues: imperatives and first-person forms («Продолжайте», «Напомним», «надеюсь»: the
    author's or the speaker's own voice) and, when ``strict``, the weak verbs above."""
    found = word_cue(token.text.lower(), strict, first_person)
    return Cue(token.start, token.end, token.text, *found) if found else None


@functools.lru_cache(maxsize=100_000)
def word_cue(word: str, strict: bool, first_person: bool) -> tuple[str, str] | None:
    """(lemma, kind) of a word form that is a cue; cached, since news repeats its words."""
    if not word.isalpha() or len(word) < 3:
        return None
    for p in parse_word(word)[:3]:
        pos = p.tag.POS
        if "impr" in p.tag or "2per" in p.tag or "1per" in p.tag and not first_person \
                or (strict and p.normal_form in WEAK):
            return None  # «Вспомните», «Напомним»: the reader or the author, not a source
        lem = p.normal_form.replace("ё", "е")
        if (pos in ("VERB", "GRND") or pos == "PRTF" and "actv" in p.tag) and verb_class(lem):
            return lem, "verb"
        if pos == "ADJS" and "neut" not in p.tag and is_cue_adjective(lem):
            return lem, "adj"
    return None


FIRST_PERSON = {"я", "мы"}


@functools.cache
def collocation_starts() -> frozenset[str]:
    """Lemmas that open a collocation: only tokens with one of them are tried."""
    return frozenset(c.tokens[0].strip("<>") for c in collocations())


def verb_cues(tokens: list[Token], text: str | None = None) -> list[tuple[int, Cue]]:
    """Cue verbs of a sentence; a first-person one only with its «я»/«мы» right before it
    («я утверждаю»), never alone («Напомним», «Отметим»: the author's voice); and collocations
    («пришло к выводу»), whose cue spans all their words."""
    found, covered = [], set()
    starts = collocation_starts()
    for i, t in enumerate(tokens):  # collocations first: «выразил надежду» over «выразил»
        if not t.text.isalpha() or lemma(t.text) not in starts:
            continue
        window = tokens[i:i + 4]
        words = [w.text.lower().replace("ё", "е") for w in window]
        lemmas = [lemma(w.text) for w in window]
        for col in collocations():
            if col.match(words, lemmas, 0):
                n = len(col.tokens)
                end = tokens[i + n - 1].end
                said = text[t.start:end] if text is not None else " ".join(w.text for w in window[:n])
                found.append((i + n - 1, Cue(t.start, end, said, col.text, "verb")))
                covered.update(range(i, i + n))
                break
    found += [(i, c) for i, t in enumerate(tokens) if i not in covered
              and (c := cue_of(t, first_person=i > 0 and tokens[i - 1].text.lower() in FIRST_PERSON))]
    return sorted(found, key=lambda x: x[0])


@functools.cache
def phrases_by_first_word() -> tuple[dict[str, list], list]:
    """Cue phrases indexed by their first word's forms; those opening with a lemma or a verb slot apart."""
    index: dict[str, list] = {}
    other = []
    for ph in phrases():
        first = ph.tokens[0]
        if first.startswith("<") or first.startswith("{"):
            other.append(ph)
        else:
            for form in first.split("|"):
                index.setdefault(form, []).append(ph)
    return index, other


@functools.cache
def phrase_rank() -> dict:
    return {ph: k for k, ph in enumerate(phrases())}


def phrase_at(text: str, tokens: list[Token], i: int) -> tuple[Cue, str, int] | None:
    """A cue phrase («по словам», «по её словам», «как сообщает», «говорится в») starting at
    tokens[i]: the cue, where its source stands (after, anaphor, self, none), and the index of
    the token after it."""
    if i >= len(tokens):
        return None
    index, other = phrases_by_first_word()
    first = tokens[i].text.lower().replace("ё", "е")
    candidates = index.get(first, [])
    if not candidates and not other:
        return None
    window = tokens[i:i + 6]
    words = [t.text.lower().replace("ё", "е") for t in window]
    lemmas = [lemma(t.text) for t in window]
    rank = phrase_rank()
    ordered = sorted(candidates + other, key=rank.__getitem__) if candidates else other
    for ph in ordered:
        if ph.match(words, lemmas, 0):
            j = i + len(ph.tokens)
            start, end = tokens[i].start, tokens[j - 1].end
            return Cue(start, end, text[start:end], ph.text, "phrase"), ph.role, j
    return None
