"""Cue words found in text: reporting verbs, predicative adjectives, and cue phrases."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from ..cues import VERB_SLOT, CuePhrase, collocations, cue_lemmas, is_cue_adjective, phrases, verb_class
from ..lexicon import lemma, lemmas
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


def cue_of(token: Token, strict: bool = True, first_person: bool = False, infinitive: bool = False) -> Cue | None:
    """The token as a reporting verb («заявил», «говорится») or adjective («уверен»), or None.
    Not cues: imperatives and first-person forms («Продолжайте», «Напомним», «надеюсь»: the
    author's or the speaker's own voice), when ``strict`` the weak verbs above, and an
    infinitive unless ``infinitive`` (after a finite verb: «поспешил заявить», «начала скандировать»)."""
    found = word_cue(token.text.lower(), strict, first_person)
    if found and found[1] == "inf":
        found = (found[0], "verb") if infinitive else None
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
        if pos == "INFN" and verb_class(lem):
            return lem, "inf"
        if pos in ("ADJS", "PRTS") and "neut" not in p.tag and is_cue_adjective(lem):  # «уверен», «убеждены»
            return lem, "adj"
        if passive_neuter(word) and verb_class(lem) in ("speech", "report"):  # «в сообщении сказано»
            return lem, "verb"
    return None


def impersonal_report(cue: Cue) -> bool:
    """A cue with no subject that reports a document's words: a reflexive of the report class
    («говорится», «сообщается») or an impersonal passive of speech or report («сказано»)."""
    return cue.kind == "verb" and (cue.text.lower().endswith(("ся", "сь")) and verb_class(cue.lemma) == "report"
                                   or passive_neuter(cue.text))


@functools.lru_cache(maxsize=10_000)
def passive_neuter(word: str) -> bool:
    """An impersonal passive («сказано», «указано», «отмечено»): like «говорится», its source is
    the document or site it stands next to («в сообщении сказано, что», «на сайте указано»)."""
    p = parse_word(word.lower())[0]
    return p.tag.POS == "PRTS" and "neut" in p.tag and "pssv" in p.tag


FIRST_PERSON = {"я", "мы"}


# verbs after which an infinitive cue reports: «поспешил заявить», «начала скандировать»
# («Следует отметить, что» is the author's voice)
BEFORE_INFINITIVE = {"начать", "начинать", "стать", "продолжить", "продолжать", "поспешить", "спешить", "решить",
                     "попытаться", "пытаться", "успеть", "не преминуть", "отказаться", "отказываться"}


def finite_verb(token: Token) -> bool:
    """A personal verb that an infinitive cue may follow (BEFORE_INFINITIVE)."""
    return token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin" and lemma(token.text) in BEFORE_INFINITIVE


@functools.cache
def collocation_starts() -> frozenset[str]:
    """Lemmas that open a collocation: only tokens with one of them are tried."""
    return frozenset(c.tokens[0].strip("<>") for c in collocations())


@functools.lru_cache(maxsize=100_000)
def may_cue(word: str) -> bool:
    """Whether a token written ``word`` can be a cue in some context (``cue_of`` with any flags)
    or open a collocation: tokens that cannot are never tried."""
    low = word.lower()
    return word_cue(low, False, True) is not None or word.isalpha() and low[:2] in collocation_prefixes() \
        and bool(lemmas(word) & collocation_starts())


@functools.cache
def collocation_prefixes() -> frozenset[str]:
    """The first two letters of the lemmas that open a collocation: a cheap test before parsing
    a word («пришли» and «прийти» share «пр»)."""
    return frozenset(s[:2] for s in collocation_starts())


def verb_cues(tokens: list[Token], text: str | None = None,
              tried: Sequence[int] | None = None) -> list[tuple[int, Cue]]:
    """Cue verbs of a sentence; a first-person one only with its «я»/«мы» right before it
    («я утверждаю»), never alone («Напомним», «Отметим»: the author's voice); and collocations
    («пришло к выводу»), whose cue spans all their words. ``tried``: the indices of the tokens
    that ``may_cue``, in order (all tokens when None)."""
    found, covered = [], set()
    starts = collocation_starts()
    indices = range(len(tokens)) if tried is None else tried
    for i in indices:  # collocations first: «выразил надежду» over «выразил»
        t = tokens[i]
        if not t.text.isalpha() or not lemmas(t.text) & starts:
            continue
        window = tokens[i:i + 4]
        words = [w.text.lower().replace("ё", "е") for w in window]
        window_lemmas = [lemma(w.text) for w in window]
        for col in collocations():
            if col.match(words, window_lemmas, 0):
                n = len(col.tokens)
                end = tokens[i + n - 1].end
                said = text[t.start:end] if text is not None else " ".join(w.text for w in window[:n])
                found.append((i + n - 1, Cue(t.start, end, said, col.text, "verb")))
                covered.update(range(i, i + n))
                break
    found += [(i, c) for i in indices if i not in covered
              and (c := cue_of(tokens[i], first_person=i > 0 and tokens[i - 1].text.lower() in FIRST_PERSON,
                               infinitive=i > 0 and finite_verb(tokens[i - 1])))]
    return sorted(found, key=lambda x: x[0])


@functools.cache
def phrases_by_first_token() -> dict[tuple[str, ...], list[int]]:
    """Ranks of the cue phrases (their places in ``phrases()``, longest first) by what their first
    token asks for: a word form («по»), a lemma («<говориться>») or any cue verb («{verb}»)."""
    index: dict[tuple[str, ...], list[int]] = {}
    for rank, ph in enumerate(phrases()):
        first = ph.tokens[0]
        if first == VERB_SLOT:
            keys = [("verb",)]
        elif first.startswith("<") and first.endswith(">"):
            keys = [("lemma", first[1:-1])]
        else:
            keys = [("word", form) for form in set(first.split("|"))]
        for key in keys:
            index.setdefault(key, []).append(rank)
    return index


@functools.lru_cache(maxsize=100_000)
def phrases_opening_with(word: str, lem: str) -> tuple[CuePhrase, ...]:
    """The cue phrases, longest first, whose first token a word (lowercase, ё→е) with this lemma
    matches: only those are tried at a token."""
    index = phrases_by_first_token()
    ranks = index.get(("word", word), []) + index.get(("lemma", lem), []) \
        + (index.get(("verb",), []) if lem in cue_lemmas() else [])
    ordered = phrases()
    return tuple(ordered[rank] for rank in sorted(ranks))


def phrase_at(text: str, tokens: list[Token], i: int) -> tuple[Cue, str, int] | None:
    """A cue phrase («по словам», «по её словам», «как сообщает», «говорится в») starting at
    tokens[i]: the cue, where its source stands (after, anaphor, self, none), and the index of
    the token after it."""
    if i >= len(tokens):
        return None
    ordered = phrases_opening_with(tokens[i].text.lower().replace("ё", "е"), lemma(tokens[i].text))
    if not ordered:
        return None
    window = tokens[i:i + len(ordered[0].tokens)]  # as long as the longest phrase, which comes first
    words = [t.text.lower().replace("ё", "е") for t in window]
    lemmas = [lemma(t.text) for t in window]
    for ph in ordered:
        if ph.match(words, lemmas, 0):
            j = i + len(ph.tokens)
            start, end = tokens[i].start, tokens[j - 1].end
            return Cue(start, end, text[start:end], ph.text, "phrase"), ph.role, j
    return None
