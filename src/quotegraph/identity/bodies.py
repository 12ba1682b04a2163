"""The merge keys of organisations and places.

A place's key is its place in ``places`` (a country by its ISO code, a city by its Russian
name), else the Wikidata id of its learned group (``aliases``), else its name's key.

An organisation's key is built from its name in four steps:

1. **Its country** comes out of the name, in any form: «МИД России», «российский МИД» and
   «МИД РФ» are the body «МИД» of ``=RU``.
2. **Abbreviations** are spelled out: «МИД» and «Министерство иностранных дел» have one key
   (``aliases``: abbreviations learned from NEREL train's names of one body, and from the
   corpus's articles that name a body both ways).
3. The words are **sorted**, so reordered forms of one name meet.
4. **Where the name gives no country**, the corpus or the article may tell it. A name of
   common nouns only («полиция», «правительство») is a different body in each country: it
   takes the country its article names it with («полиция» after «британская полиция»), else
   its article's main country (else its main place, else its article). A body the
   corpus names with countries takes the one its article names it with («МИДа» after «МИД
   РФ»), else the corpus's only one («Госдума» beside «Госдума РФ» elsewhere), else its
   article's main country («МИД» in an article about Ukraine), else a dominant one.

The key is then replaced by its learned group's, when NEREL train names the body so.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict

from .aliases import FUNCTION_WORDS, abbreviations, by_majority, is_abbreviation, learned, spelled_out
from .places import LANGUAGES, name_words, places

MAX_PLACE_WORDS = 5
DOMINANT = 0.8


def is_description(name: str) -> bool:
    """An organisation named by common nouns alone («полиция», «министерство обороны»,
    «пресс-служба»): a different body in each country."""
    return not any(ch.isupper() or ch.isdigit() for ch in name)


@functools.lru_cache(maxsize=500_000)
def body_words(name: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """A name's words (as written, key) without its country, and the country (``=RU``) if it
    names exactly one."""
    words = list(name_words(name))
    table, found, kept, i = places(), set(), [], 0
    while i < len(words):
        for n in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
            place = table.get(" ".join(k for _, k in words[i:i + n]))
            if place is not None and place.startswith("="):
                found.add(place)
                i += n
                break
        else:
            kept.append(words[i])
            i += 1
    if len(found) != 1:
        return tuple(words), None
    return tuple(kept), found.pop()


def place_key(name: str) -> str:
    """A place's merge key (the ``LOC:`` prefix aside)."""
    from .places import name_key

    key = name_key(name)
    return places().get(key) or learned_places().get(key) or key or name.lower()


@functools.cache
def learned_places() -> dict[str, str]:
    """name key → place, from NEREL train's groups: the place a group's names have in ``places``
    (the most mentioned, where they have several), else ``#`` and the group's Wikidata id."""
    from .places import name_key

    votes: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, Counter] = defaultdict(Counter)
    for item in learned():
        if item.type == "LOC":
            key = name_key(item.name)
            votes[key][item.id] += item.n
            if key in places():
                members[item.id][places()[key]] += item.n
    return {key: members[q].most_common(1)[0][0] if members[q] else f"#{q}"
            for key, q in by_majority(votes).items()}


class Organisations:
    """The merge keys of a corpus's organisation rows (``key``)."""

    def __init__(self, rows, known: dict[str, tuple[str, ...]] | None = None) -> None:
        """``known``: abbreviations the corpus spelled out in articles not among ``rows``."""
        self.expansions = dict(learned_abbreviations())
        self.corpus = dict(known or {})
        for short, long in corpus_abbreviations(rows).items():
            self.corpus.setdefault(short, long)
        for short, long in self.corpus.items():
            self.expansions.setdefault(short, long)
        self._parts: dict[str, tuple[str, str | None]] = {}
        self.countries: dict[str, Counter] = defaultdict(Counter)  # body → the countries the corpus names it with
        self.in_article: dict[tuple[int, str], Counter] = defaultdict(Counter)  # the same, per article
        self.add(rows)
        self.groups, self.group_country = self.learned_groups()

    def add(self, rows) -> None:
        """Count the countries ``rows`` name their bodies with (rows of other articles, whose
        abbreviations are ``known`` already)."""
        for row in rows:
            if row.type == "ORG":
                base, country = self.parts(row.name)
                if country is not None:
                    self.countries[base][country] += row.n_mentions
                    self.in_article[row.article_id, base][country] += row.n_mentions

    def parts(self, name: str) -> tuple[str, str | None]:
        """(the body's words, abbreviations spelled out, sorted; its country or None)."""
        found = self._parts.get(name)
        if found is None:
            base, country = spelled(name, self.expansions)
            found = self._parts[name] = (curated().get(base, base), country)
        return found

    def learned_groups(self) -> tuple[dict[str, str], dict[str, str]]:
        """key → ``#`` and the Wikidata id of its learned group; group → its country, if one."""
        votes: dict[str, Counter] = defaultdict(Counter)
        countries: dict[str, Counter] = defaultdict(Counter)
        for item in learned():
            if item.type == "ORG":
                base, country = self.parts(item.name)
                votes[joined(base, country)][item.id] += item.n
                if country is not None:
                    countries[item.id][country] += item.n
        return ({key: f"#{q}" for key, q in by_majority(votes).items()},
                {f"#{q}": c.most_common(1)[0][0] for q, c in countries.items()})

    def country_of(self, base: str, article: int, country: str | None) -> str | None:
        """The country of a body named without one, where the corpus tells: the one its own
        article names it with («МИДа» after «МИД РФ»; of several, the most named there, then
        in the corpus), else the only one the corpus names it with («Госдума»), else its
        article's main country («Сенат» in an article about Kazakhstan, beside «Сенат США»
        and «Сенат Италии»), else the country that holds ``DOMINANT`` of its mentions."""
        seen, here = self.countries[base], self.in_article.get((article, base))
        if here:
            return max(here, key=lambda c: (here[c], seen[c], c))
        if len(seen) == 1:
            return next(iter(seen))
        if country is not None:
            return country
        best, n = seen.most_common(1)[0]
        return best if n >= DOMINANT * sum(seen.values()) else None

    def key(self, name: str, country: str | None, place: str | None, article: int) -> str:
        """An organisation's merge key (the ``ORG:`` prefix aside); ``country`` and ``place``:
        its article's main country and main place, where it has them."""
        base, own = self.parts(name)
        if own is None and is_description(name):
            here = self.in_article.get((article, base))
            own = max(here, key=lambda c: (here[c], c)) if here else country or place or f"article {article}"
        elif own is None and base in self.countries:
            own = self.country_of(base, article, country)
        key = joined(base, own)
        if key in self.groups:
            return self.groups[key]
        group = self.groups.get(base)
        if group is not None and own in (None, self.group_country.get(group)):
            return group
        return key


def spelled(name: str, expansions: dict[str, tuple[str, ...]]) -> tuple[str, str | None]:
    """(a body's words without its country and function words, abbreviations spelled out,
    sorted; its country or None)."""
    words, country = body_words(name)
    keys = []
    for written, key in words:
        if written.lower() not in FUNCTION_WORDS:
            found = spelled_out(written, expansions) if is_abbreviation(written) else None
            keys += found or (key,)
    return " ".join(sorted(keys)), country


def parse_bodies(lines, source: str) -> list[tuple[str, list[str]]]:
    """(full name, other names) of each 'full name<TAB>name, name' line (``#`` starts a comment)."""
    out = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if line:
            full, sep, others = line.partition("\t")
            names = [n.strip() for n in others.split(",") if n.strip()]
            if not sep or not full.strip() or not names:
                raise ValueError(f"{source} line {number}: '{line}' is not 'full name<TAB>name, name'")
            out.append((full.strip(), names))
    return out


@functools.cache
def curated() -> dict[str, str]:
    """A body's words (``spelled``) → its full name's, from each language's ``bodies.tsv``."""
    from importlib import resources

    out = {}
    for code in LANGUAGES:
        path = resources.files("quotegraph") / "lang" / code / "bodies.tsv"
        for full, others in parse_bodies(path.read_text(encoding="utf-8").splitlines(), f"lang/{code}/bodies.tsv"):
            target = spelled(full, learned_abbreviations())[0]
            for name in others:
                out.setdefault(spelled(name, learned_abbreviations())[0], target)
    return out


def joined(base: str, country: str | None) -> str:
    return f"{base}@{country}" if country else base


@functools.cache
def learned_abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviations spelled out by NEREL train's groups of names of one body."""
    groups: dict[str, list] = defaultdict(list)
    for item in learned():
        if item.type == "ORG":
            groups[item.id].append(body_words(item.name)[0])
    return abbreviations(groups.values())


def corpus_abbreviations(rows) -> dict[str, tuple[str, ...]]:
    """Abbreviations spelled out by the articles that name a body both ways: an article's
    organisation names (and the names of their mentions) are one group."""
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.type == "ORG":
            for name in {row.name, *row.aliases}:
                groups[row.article_id].append(body_words(name)[0])
    return abbreviations(groups.values())


@functools.cache
def _no_corpus() -> Organisations:
    return Organisations([])


def name_keys(name: str) -> list[str]:
    """The merge keys a name would have as a place or as an organisation outside any article
    (``Russian Federation`` → ``LOC:=RU``): how a search finds an identity by a name of it the
    corpus never used."""
    keys = [f"LOC:{place_key(name)}"]
    if not is_description(name):
        keys.append("ORG:" + _no_corpus().key(name, None, None, 0))
    return keys
