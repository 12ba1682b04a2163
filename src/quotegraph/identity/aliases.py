"""Other names of one organisation or place, learned: from NEREL train's Wikidata links
(``lang/ru/aliases.tsv``, built by ``quotegraph.train.aliases``), and abbreviations from the
corpus itself, where an article names a body both ways («Федеральная служба безопасности
(ФСБ)»).

An abbreviation is taken for a name when its letters are the initials of the name's words
(short function words aside): «МИД» for «Министерство иностранных дел», «ФСБ» for
«Федеральная служба безопасности». Other short forms («Минобороны», «Роскомнадзор», «НАТО»)
come only from the learned table.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources

FUNCTION_WORDS = frozenset("и по в во на для при с со об о of and the for on in de du des la le".split())
MAX_LETTERS = 8
MAJORITY = 0.75  # a name linked to several ids belongs to the one with this share of its mentions
ABBREVIATION_SHARE = 2 / 3  # an abbreviation read as several names: the most seen, with this share


def is_abbreviation(word: str) -> bool:
    """«МИД», «ФСБ», "FBI": two to eight letters, all but at most one of them capitals."""
    letters = [c for c in word if c.isalpha()]
    return (2 <= len(letters) <= MAX_LETTERS and len(letters) == len(word)
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def abbreviation_key(word: str) -> str:
    """An abbreviation as it is compared: its lemma («МИДа» → «мид»), not transliterated
    (whose folds make «ВВС» of «ВС»)."""
    from ..lexicon import lemma

    return lemma(word)


def spelled_out(word: str, expansions: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """What an abbreviation stands for, if ``expansions`` knows it; a vowel the pipeline left
    at its end as a case ending («ЕСПЧА») aside."""
    short = abbreviation_key(word)
    found = expansions.get(short)
    if found is None and len(short) > 2 and short[-1] in "аеиоуыя":
        found = expansions.get(short[:-1])
    return found


def initials(words: list[str]) -> str:
    """The initials of a name's words, function words aside: «Министерство иностранных дел» → «мид»."""
    return "".join(w[0] for w in (w.lower().replace("ё", "е") for w in words)
                   if w and w not in FUNCTION_WORDS and w[0].isalpha())


@dataclass(frozen=True)
class Learned:
    type: str
    id: str  # the Wikidata id
    name: str
    n: int


def parse_learned(lines) -> list[Learned]:
    out = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 4 or not parts[3].isdigit():
                raise ValueError(f"aliases.tsv line {number}: expected 'TYPE<TAB>id<TAB>name<TAB>count'")
            out.append(Learned(parts[0], parts[1], parts[2], int(parts[3])))
    return out


@functools.cache
def learned() -> tuple[Learned, ...]:
    path = resources.files("quotegraph") / "lang" / "ru" / "aliases.tsv"
    with path.open(encoding="utf-8") as f:
        return tuple(parse_learned(f))


def by_majority(votes: dict, share: float = MAJORITY) -> dict:
    """key → the choice that holds ``share`` of its votes (the id of a name's mentions, the
    reading of an abbreviation); keys without one are left out."""
    out = {}
    for key, choices in votes.items():
        (best, n), total = choices.most_common(1)[0], sum(choices.values())
        if n >= share * total:
            out[key] = best
    return out


def abbreviations(groups) -> dict[str, tuple[str, ...]]:
    """abbreviation (``abbreviation_key``) → the name words (keys) it stands for, from groups of names of one body:
    each group a list of names, each name a list of (word as written, key)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for names in groups:
        short = {abbreviation_key(words[0][0]) for words in names if len(words) == 1 and is_abbreviation(words[0][0])}
        for words in names:
            if len(words) > 1 and (letters := initials([w for w, _ in words])) in short:
                seen[letters][tuple(k for _, k in words)] += 1
    return by_majority(seen, ABBREVIATION_SHARE)
