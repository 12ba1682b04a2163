"""The entity lexicon: what quotegraph learned from NEREL train about Russian news NER.

It is data (``lang/ru/entity_lexicon.tsv``), rebuilt by ``make lexicon`` from NEREL train
(see ``quotegraph.train.lexicon``). Keys are lemma sequences (pymorphy3 normal forms,
lowercase, ё→е, joined by spaces), so one line covers every inflected form.

Rows: ``kind<TAB>key<TAB>type<TAB>count<TAB>rate``
- ``add``: a span that NEREL tags as ``type`` in ``rate`` of its ``count`` occurrences
  (common-noun organisations «полиция», geo adjectives «британский»...).
- ``drop``: natasha tags it as ``type`` but NEREL almost never does («СМИ», «Twitter»).
- ``head``: a head that makes an organisation out of the LOC/ORG/PER name after it
  («полиция» + «Нью-Йорка» → «полиция Нью-Йорка»).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

from .nlp import parse_word

MAX_KEY_TOKENS = 6


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Context-free lemma of one token: pymorphy3's best normal form, lowercase, ё→е."""
    low = word.lower().replace("ё", "е")
    if not any(ch.isalpha() for ch in low):
        return low
    return parse_word(low)[0].normal_form.replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 gives a word («пришли»: прислать, прийти), lowercase, ё→е."""
    low = word.lower().replace("ё", "е")
    if not any(ch.isalpha() for ch in low):
        return frozenset((low,))
    return frozenset(p.normal_form.replace("ё", "е") for p in parse_word(low))


def key_of(words: list[str]) -> str:
    return " ".join(lemma(w) for w in words)


@functools.lru_cache(maxsize=200_000)
def is_adjective(word: str) -> bool:
    return parse_word(word.lower())[0].tag.POS == "ADJF"


def next_class(words: list[str], j: int) -> str:
    """What follows a one-word adjective: «российский» + person is a nationality, + thing a country."""
    return word_class(words[j]) if j < len(words) else "end"


@functools.lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    tag = parse_word(word.lower())[0].tag
    if tag.POS == "NOUN":
        return "anim" if tag.animacy == "anim" else "inan"
    return "other"


def lookup_key(words: list[str], lemmas: list[str], i: int, n: int) -> str:
    """The lexicon key of words[i:i+n]: lemmas, plus the next word's class for a lone adjective."""
    key = " ".join(lemmas[i:i + n])
    if n == 1 and is_adjective(words[i]):
        key += "|" + next_class(words, i + 1)
    return key


@dataclass
class Lexicon:
    add: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    drop: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    head: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    longest: int = 1

    def table(self, kind: str) -> dict[str, tuple[str, int, float]]:
        return {"add": self.add, "drop": self.drop, "head": self.head}[kind]

    @functools.cached_property
    def add_prefixes(self) -> frozenset[str]:
        """Every ``add`` key, whole, without its «|class» and cut before each of its spaces: a
        lemma (or lemmas joined by spaces) that is none of these begins no ``add`` entry."""
        out = set()
        for key in self.add:
            words = key.split(" ")
            out.update(" ".join(words[:k]) for k in range(1, len(words)))
            out.update((key, key.rsplit("|", 1)[0]))
        return frozenset(out)

    def add_hits(self, words: list[str], lemmas: list[str], i: int) -> list[tuple[int, tuple[str, int, float]]]:
        """The ``add`` entries that start at token i, as (token count, entry), longest first;
        the keys are looked up while their first lemmas can still begin one."""
        if lemmas[i] not in self.add_prefixes:
            return []
        hits = []
        hit = self.add.get(lookup_key(words, lemmas, i, 1))  # a lone adjective's key needs parsing
        if hit:
            hits.append((1, hit))
        key = lemmas[i]
        for n in range(2, min(self.longest, len(lemmas) - i) + 1):
            if key not in self.add_prefixes:
                break
            key += " " + lemmas[i + n - 1]
            if key in self.add:
                hits.append((n, self.add[key]))
        return hits[::-1]


def parse_lexicon(lines) -> Lexicon:
    lex = Lexicon()
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, key, type_, count, rate = line.rstrip("\n").split("\t")
        lex.table(kind)[key] = (type_, int(count), float(rate))
        lex.longest = max(lex.longest, key.count(" ") + 1)
    return lex


@functools.cache
def entity_lexicon() -> Lexicon:
    path = resources.files("quotegraph") / "lang" / "ru" / "entity_lexicon.tsv"
    if not path.is_file():
        return Lexicon()
    with path.open(encoding="utf-8") as f:
        return parse_lexicon(f)


def _words(name: str) -> frozenset[str]:
    path = resources.files("quotegraph") / "lang" / "ru" / name
    with path.open(encoding="utf-8") as f:
        return frozenset(line.split("\t")[0].strip() for line in f
                         if line.strip() and not line.startswith("#"))


@functools.cache
def role_nouns() -> frozenset[str]:
    """Lemmas of nouns that name a role or title: «президент», «политолог», «принц» (learned),
    and the hand-kept ones the learned list lacks («пресс-атташе»)."""
    return _words("roles.txt") | _words("titles.txt") | _words("role_extra.txt")
