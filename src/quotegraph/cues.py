"""The cue lexicon: Russian reporting expressions that introduce or attribute a quotation.

It is data (``lang/ru/cues.txt``, hand-kept; its header documents every column). Lookups take
lemmas as pymorphy3 gives them (lowercase, ё→е): ``verb_class("заявлять")``, ``noun_class("слово")``.

Row kinds: ``verb`` (aspect pairs of reporting verbs), ``adj`` (predicative short adjectives and
participles: «уверен»), ``noun`` (heads of cue frames: «по словам»), ``phrase`` (multiword frames
with a ROLE saying where the source stands). Classes: speech, opinion, report, intent.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

CLASSES = ("speech", "opinion", "report", "intent")
ROLES = ("after", "anaphor", "self", "none")
VERB_SLOT = "{verb}"
NOUN_SLOT = "{noun}"  # any noun of the lexicon's speech, opinion or report rows («по заявлениям», «по его убеждению»)


@dataclass(frozen=True)
class CuePhrase:
    text: str
    cls: str
    role: str

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.text.split(" "))

    def match(self, words: list[str], lemmas: list[str], i: int) -> bool:
        """Whether it matches at i; words: lowercase surface forms, lemmas: normal forms (ё→е)."""
        toks = self.tokens
        if i < 0 or i + len(toks) > len(words):
            return False
        return all(_token_matches(tok, words[i + k], lemmas[i + k]) for k, tok in enumerate(toks))

    def opens_with(self, word: str, lemma: str) -> bool:
        """Whether its first token matches a word (lowercase, ё→е) with this lemma."""
        return _token_matches(self.tokens[0], word, lemma)


def _token_matches(tok: str, word: str, lemma: str) -> bool:
    if tok == VERB_SLOT:
        return lemma in cue_lemmas()
    if tok == NOUN_SLOT:
        return cues().nouns.get(lemma) in ("speech", "opinion", "report")
    if tok.startswith("<") and tok.endswith(">"):
        return lemma == tok[1:-1] or tok[1:-1] in _lemmas(word)  # «пришли»: прислать or прийти
    return word in _forms(tok)


def _lemmas(word: str) -> frozenset[str]:
    from .lexicon import lemmas
    return lemmas(word)


@functools.lru_cache(maxsize=4096)
def _forms(tok: str) -> frozenset[str]:
    """The word forms a phrase token allows: «его|ее|их»."""
    return frozenset(tok.split("|"))


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, tuple[tuple[str | None, str | None], str]]  # lemma -> ((perf, impf), class)
    adjectives: dict[str, str]
    nouns: dict[str, str]
    phrases: tuple[CuePhrase, ...]
    collocations: tuple[CuePhrase, ...] = ()


def parse_cues(lines) -> Cues:
    verbs: dict = {}
    adjectives: dict[str, str] = {}
    nouns: dict[str, str] = {}
    phrases: list[CuePhrase] = []
    collocations: list[CuePhrase] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, *cols = line.rstrip("\n").split("\t")
        if kind == "verb":
            perf, impf, cls = cols
            pair = (None if perf == "-" else perf, None if impf == "-" else impf)
            for lemma in filter(None, pair):
                verbs[lemma] = (pair, cls)
        elif kind == "adj":
            adjectives[cols[0]] = cols[1]
        elif kind == "noun":
            nouns[cols[0]] = cols[1]
        elif kind == "phrase":
            phrases.append(CuePhrase(*cols))
        elif kind == "colloc":
            collocations.append(CuePhrase(cols[0], cols[1], "subject"))
        else:
            raise ValueError(f"unknown cue row kind {kind!r}: {line!r}")
    # longest first; of equal length, literal words before a {verb} or {noun} slot
    phrases.sort(key=lambda p: (-len(p.tokens), "{" in p.text, -len(p.text), p.text))
    return Cues(verbs, adjectives, nouns, tuple(phrases), tuple(collocations))


@functools.cache
def cues() -> Cues:
    text = (files("quotegraph") / "lang" / "ru" / "cues.txt").read_text(encoding="utf-8")
    return parse_cues(text.splitlines())


def verb_class(lemma: str) -> str | None:
    """The class of a verb infinitive (either aspect), or None when it is no cue."""
    entry = cues().verbs.get(lemma)
    return entry[1] if entry else None


def aspect_pair(lemma: str) -> tuple[str | None, str | None]:
    """(perfective, imperfective) of the pair that holds lemma; (None, None) for a non-cue."""
    entry = cues().verbs.get(lemma)
    return entry[0] if entry else (None, None)


def is_cue_adjective(lemma: str) -> bool:
    """Whether lemma (the normal form of an ADJS/PRTS parse) is a predicative cue: «уверен»."""
    return lemma in cues().adjectives


def adjective_class(lemma: str) -> str | None:
    return cues().adjectives.get(lemma)


def noun_class(lemma: str) -> str | None:
    return cues().nouns.get(lemma)


def cue_class(lemma: str) -> str | None:
    """The class of a verb, predicative-adjective or collocation cue («намерены», «выразить
    пожелание» → intent)."""
    return verb_class(lemma) or adjective_class(lemma) or collocation_class().get(lemma)


@functools.cache
def collocation_class() -> dict[str, str]:
    """Each collocation's text («<выразить> пожелание») → its class."""
    return {c.text: c.cls for c in collocations()}


def collocations() -> list[CuePhrase]:
    """Verbs with the words that make them report («прийти к выводу»); their subject speaks."""
    return list(cues().collocations)


def phrases() -> list[CuePhrase]:
    """Multiword cue frames, longest first (most tokens, literal words before a slot, then most
    characters)."""
    return list(cues().phrases)


@functools.cache
def cue_lemmas() -> frozenset[str]:
    """Every verb lemma of the lexicon, both aspects."""
    return frozenset(cues().verbs)


def __getattr__(name: str):
    """``CUE_LEMMAS`` is ``cue_lemmas()``, loaded on first use rather than at import."""
    if name == "CUE_LEMMAS":
        return cue_lemmas()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
