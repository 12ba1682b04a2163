"""The merge rule: which entity rows of different articles are one person, organisation or place.

People, in order (docs/identities.md says it in plain words):

1. Full names («Ильхам Алиев», «Ilham Aliyev», «Ильхама Алиева») are blocked by their surname's
   stem (transliteration folded, feminine folded into the masculine, one case ending cut) and
   are one person when their first names agree (everyday forms resolved, Latin folded) and
   their genders do not clash.
2. Initials («И. Алиев») join the one person of the block whose first name they start and
   whose gender fits; among several, evidence or dominance must pick one (``choose``).
3. Lone surnames («Алиев») join the one person of the block whose gender fits, the same way.
   A lone word is a first name instead when full names use it more as a first name than as
   a surname (or neither, and it is a known first name).
4. Lone first names («Юлия») join a person with that first name by strong evidence only.

A row that fits nobody meets the rows of its kind with the same key (initials, surname). Rows
that fit several people and none clearly, and lone first names that joined nobody, are left
apart; rows left apart under one key join each other on strong evidence, else each is an
identity of its own. Organisations and places are one when their keys agree (``bodies``:
countries and cities by any of their names, a body's country taken out of its name or given by
its article, abbreviations spelled out, other names learned).

Everything is dictionaries keyed by name parts, so linking is near-linear in the rows;
decisions look only at the rows' content, so the keys do not depend on row order.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .bodies import Organisations, is_description, place_key
from .person import (FAMILY, FULL, INITIALS, REGNAL, SINGLE, SURNAME, PersonKey, first_name_gender, initial_fits,
                     is_first_name, person_key)
from .places import place_of
from .rules import Rules, rules

if TYPE_CHECKING:
    from .incremental import Seen

FIRST = "first"  # a lone first name, once SINGLE rows are resolved

# why a row got its key; ``merge_keys(rows, trace=...)`` reports it per row
FULL_NAME, REGNAL_NAME, OTHER_NAME = "full name", "regnal name", "other name"
UNIQUE, EVIDENCE, DOMINANCE, SAME_ARTICLE = "only candidate", "evidence", "dominance", "in its article"
ALONE, APART, APART_JOINED = "no candidate", "apart", "apart, joined by evidence"
PLACE = "place key"

Trace = Callable[[object, str, str], None]  # (row, reason, key)


@dataclass(eq=False)
class Person:
    """A group of rows taken for one real person, with what candidates are weighed by."""
    key: str
    first: str = ""
    gender: str | None = None
    rows: list = field(default_factory=list)
    _features: Counter | None = None

    def features(self) -> Counter:
        if self._features is None:
            self._features = Counter()
            for r in self.rows:
                self._features.update(features(r))
        return self._features


def features(row) -> set[str]:
    """What evidence compares: the names of the article's other entities, and the roles."""
    return set(row.cooccurring) | {"role:" + role.lower() for role in row.roles}


class Evidence:
    """Inverse document frequencies of co-occurring names and of roles: a shared rare
    neighbour or role says more than a shared «Россия» or «президент»."""

    def __init__(self, rows, seen: Seen | None = None) -> None:
        if seen is None:
            self.n = len({r.article_id for r in rows}) + 1
            self.df = document_frequencies(rows)
        else:  # the rows are a batch and its context: the counts are the whole store's
            self.n, self.df = seen.articles + 1, seen.df

    def weight(self, feature: str) -> float:
        return math.log(self.n / (self.df[feature] or 1))

    def score(self, row, person: Person) -> float:
        have = person.features()
        return sum(self.weight(f) for f in sorted(features(row)) if f in have)  # sorted: same sum every run


def document_frequencies(rows) -> Counter:
    """In how many rows each feature of evidence stands (a row's name, typed; its roles)."""
    df = Counter(f"{r.type}:{r.name}" for r in rows)
    df.update("role:" + role.lower() for r in rows for role in set(r.roles))
    return df


def gender_fits(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@dataclass(frozen=True)
class Thresholds:
    """How sure ``choose`` must be: ``unique`` is the evidence a lone candidate needs (0: none;
    None: a lone candidate is weighed like several); several need ``min_score`` and ``ratio``
    times the next one's; ``dominance`` (share, ratio) lets the most seen one win."""
    min_score: float
    ratio: float
    max_candidates: int
    unique: float | None = 0.0
    dominance: tuple[float, float] | None = None


def thresholds(r: Rules) -> dict[str, Thresholds]:
    """The thresholds of each kind of bare name, from the rule's data file."""
    lone = Thresholds(r.evidence_min, r.evidence_ratio, r.max_candidates, 0.0, (r.dominance_share, r.dominance_ratio))
    return {INITIALS: lone, SURNAME: replace(lone, unique=r.surname_evidence_min),
            FIRST: Thresholds(r.first_evidence_min, r.first_evidence_ratio, r.max_first_candidates, None)}


def choose(row, candidates: list[Person], evidence: Evidence, how: Thresholds) -> tuple[Person | None, str]:
    """The one candidate the row belongs to and why; else (None, ALONE) when a lone candidate
    lacks evidence, (None, APART) when several fit and none clearly."""
    if len(candidates) == 1 and how.unique is not None:
        if how.unique <= 0 or evidence.score(row, candidates[0]) >= how.unique:
            return candidates[0], UNIQUE
        return None, ALONE  # one namesake, nothing tying the row to them: as if none
    if not candidates or len(candidates) > how.max_candidates:
        return None, APART
    scored = sorted(((evidence.score(row, p), len(p.rows), p.key, p) for p in candidates),
                    key=lambda x: (-x[0], -x[1], x[2]))
    best, second = scored[0][0], scored[1][0] if len(scored) > 1 else 0.0
    if best >= how.min_score and best >= how.ratio * second:
        return scored[0][3], EVIDENCE
    if how.dominance is not None and len(candidates) > 1:
        share, ratio = how.dominance
        by_size = sorted(scored, key=lambda x: (-x[1], x[2]))
        top, nxt = by_size[0][1], by_size[1][1]
        if top >= share * sum(x[1] for x in by_size) and top >= ratio * nxt and by_size[0][0] >= best:
            return by_size[0][3], DOMINANCE
    return None, APART


class People:
    """The merge keys of person rows; see the module docstring for the rule."""

    def __init__(self, rows, evidence: Evidence, r: Rules, trace: Trace | None = None) -> None:
        self.rows, self.evidence, self.r, self.trace = rows, evidence, r, trace
        self.how = thresholds(r)
        self.parsed: list[PersonKey] = [person_key(row.name) for row in rows]
        self.keys: list[str] = [""] * len(rows)
        self.persons: dict[str, Person] = {}
        self.by_block: dict[str, list[Person]] = defaultdict(list)  # full-name persons, by key
        self.owner: dict[str, Person] = {}  # a full canonical name → its person
        self.apart: dict[str, list[int]] = defaultdict(list)  # rows left apart, by the key they share

    def set(self, i: int, key: str, reason: str) -> None:
        self.keys[i] = key
        if self.trace is not None:
            self.trace(self.rows[i], reason, key)

    def run(self) -> list[str]:
        kinds = self.full_names()
        for i in (i for i, k in enumerate(kinds) if k == INITIALS):
            self.initials(i)
        self.group_alone(INITIALS)
        for i in (i for i, k in enumerate(kinds) if k == SURNAME):
            self.surname(i)
        self.group_alone(SURNAME)
        for i in (i for i, k in enumerate(kinds) if k == FIRST):
            self.first_name(i)
        self.join_apart()
        return self.keys

    def full_names(self) -> list[str]:
        """Step 1: full names, one person per block, first name and gender. Returns each row's
        kind, lone words resolved to SURNAME or FIRST."""
        full = defaultdict(list)
        for i, p in enumerate(self.parsed):
            if p.kind == FULL:
                full[p.block, p.first].append(i)
            elif p.kind == REGNAL:
                self.set(i, f"PER:regnal|{p.name}", REGNAL_NAME)
            elif p.kind == FAMILY:  # «Царнаевы»: apart from each brother, maybe one with its like
                self.apart[f"PER:{p.block}|family"].append(i)
            elif p.kind not in (INITIALS, SINGLE):
                self.set(i, f"PER:other|{p.name}", OTHER_NAME)
        as_surname, as_first = Counter(), Counter()
        for (block, first), members in sorted(full.items()):
            as_surname[block] += len(members)
            as_first[first] += len(members)
            for i, g in _gendered(members, self.parsed):
                key = f"PER:{block}|{first}|{g or '?'}"
                if key not in self.persons:
                    self.persons[key] = Person(key, first, g)
                    self.by_block[block].append(self.persons[key])
                self.persons[key].rows.append(self.rows[i])
                self.owner[self.rows[i].name] = self.persons[key]
                self.set(i, key, FULL_NAME)
        self.by_first: dict[str, list[Person]] = defaultdict(list)
        for block in sorted(self.by_block):
            for person in self.by_block[block]:
                self.by_first[person.first].append(person)
        self.initial_groups: dict[str, list[Person]] = defaultdict(list)
        self.alone: dict[tuple, list[int]] = defaultdict(list)
        kinds = [p.kind for p in self.parsed]
        for i, p in enumerate(self.parsed):
            if p.kind == SINGLE:
                used_as_first, used_as_surname = as_first[p.first], as_surname[p.block]
                first = used_as_first > used_as_surname or used_as_first == used_as_surname \
                    and is_first_name(self.rows[i].name.split()[-1])
                kinds[i] = FIRST if first or not p.block else SURNAME
                if kinds[i] == FIRST:
                    self.parsed[i] = replace(p, gender=first_name_gender(self.rows[i].name.split()[-1]))
        return kinds

    def in_article(self, i: int) -> tuple[set[Person], set[Person]]:
        """The persons whose full name stands in row i's article as another entity: apart from it
        when the row's name is that full name's surname or first name as written (the article
        kept «Обама» apart from «Мишель Обама»: it is not her); else present, and the row most
        likely theirs (the article left «Манделы», «56-летний Джобс» apart from «Нельсон Мандела»
        only because of the form)."""
        apart, present = set(), set()
        name = self.rows[i].name
        for c in self.rows[i].cooccurring:
            person = self.owner.get(c[4:]) if c.startswith("PER:") else None
            if person is not None:
                words = c[4:].split()
                (apart if name in (words[0], words[-1]) else present).add(person)
        return apart, present

    def candidates(self, i: int, pool: list[Person]) -> list[Person]:
        """The persons of ``pool`` whose gender fits row i and who are not named apart from it."""
        apart, _ = self.in_article(i)
        return [p for p in pool if p not in apart and gender_fits(p.gender, self.parsed[i].gender)]

    def attach(self, i: int, pool: list[Person], how: Thresholds, alone_key: tuple | None, apart_key: str) -> None:
        """Row i joins the person of ``pool`` that its article or ``choose`` picks. Else it waits
        under ``alone_key`` when nobody fits (None: left apart all the same), or under
        ``apart_key`` when several fit."""
        cands = self.candidates(i, pool)
        present = [p for p in cands if p in self.in_article(i)[1]]
        if len(present) == 1:
            self.set(i, present[0].key, SAME_ARTICLE)
            return
        chosen, reason = choose(self.rows[i], cands, self.evidence, how) if cands else (None, ALONE)
        if chosen is not None:
            self.set(i, chosen.key, reason)
        elif reason == ALONE and alone_key is not None:
            self.alone[alone_key].append(i)
        else:
            self.apart[apart_key].append(i)

    def initials(self, i: int) -> None:
        """Step 2: «И. Алиев» → the person of the block whose first name «И.» starts."""
        p = self.parsed[i]
        pool = [c for c in self.by_block.get(p.block, []) if initial_fits(p.initial, c.first)]
        self.attach(i, pool, self.how[INITIALS], (INITIALS, p.block, p.initial),
                    f"PER:{p.block}|{p.initial}.|{p.gender or '?'}")

    def surname(self, i: int) -> None:
        """Step 3: «Алиев» → the person of the block (full names, then initials that joined nobody)."""
        p = self.parsed[i]
        pool = self.by_block.get(p.block, []) + self.initial_groups.get(p.block, [])
        self.attach(i, pool, self.how[SURNAME], (SURNAME, p.block), f"PER:{p.block}||{p.gender or '?'}")

    def first_name(self, i: int) -> None:
        """Step 4: «Юлия» → a person with that first name, on strong evidence only."""
        p = self.parsed[i]
        pool = self.by_first.get(p.first, [])
        if len(pool) > self.r.max_first_candidates:  # too common to weigh: only its article can tell
            pool = sorted((c for c in self.in_article(i)[1] if c.first == p.first), key=lambda c: c.key)
        self.attach(i, pool, self.how[FIRST], None, f"PER:first|{p.first}|{p.gender or '?'}")

    def group_alone(self, kind: str) -> None:
        """Rows that fit nobody are one identity per key (and gender, when they show one)."""
        for key, members in sorted(self.alone.items()):
            if key[0] != kind:
                continue
            block, initial = key[1], key[2] if kind == INITIALS else ""
            for i, g in _gendered(members, self.parsed):
                pkey = f"PER:{block}|{initial + '.' if initial else ''}|{g or '?'}"
                if kind == INITIALS:
                    if pkey not in self.persons:
                        self.persons[pkey] = Person(pkey, "", g)
                        self.initial_groups[block].append(self.persons[pkey])
                    self.persons[pkey].rows.append(self.rows[i])
                self.set(i, pkey, ALONE)

    def join_apart(self) -> None:
        """Rows left apart under one key join each other when they share strong evidence
        (single link over shared rare features, found through an index, not all pairs)."""
        for key, members in sorted(self.apart.items()):
            parent = {i: i for i in members}

            def root(i: int) -> int:
                while parent[i] != i:
                    parent[i] = parent[parent[i]]
                    i = parent[i]
                return i

            index: dict[str, list[int]] = defaultdict(list)
            for i in members:
                for f in features(self.rows[i]):
                    index[f].append(i)
            shared: Counter = Counter()
            for f in sorted(index):  # sorted: the same sums whatever the order of rows
                holders = index[f]
                if 1 < len(holders) <= self.r.max_candidates:
                    w = self.evidence.weight(f)
                    for a in range(len(holders)):
                        for b in range(a + 1, len(holders)):
                            shared[holders[a], holders[b]] += w
            for (a, b), score in shared.items():
                if score >= self.r.apart_evidence_min:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
            components: dict[int, list[int]] = defaultdict(list)
            for i in members:
                components[root(i)].append(i)
            for group in components.values():
                if len(group) == 1:
                    self.set(group[0], own_key(self.rows[group[0]]), APART)
                else:
                    anchor = min(own_key(self.rows[i]) for i in group)
                    for i in group:
                        self.set(i, f"{key}#{anchor}", APART_JOINED)


def _gendered(members: list[int], parsed: list[PersonKey]) -> list[tuple[int, str | None]]:
    """Rows that share a key but for gender: a row of unknown gender takes the gender of the
    others when they agree."""
    genders = {parsed[i].gender for i in members} - {None}
    only = next(iter(genders)) if len(genders) == 1 else None
    return [(i, parsed[i].gender or only) for i in members]


def main_places(rows) -> tuple[dict[int, str], dict[int, str]]:
    """Each article's most mentioned country and most mentioned place (their keys), where it has them."""
    country: dict[int, tuple[int, str]] = {}
    place: dict[int, tuple[int, str]] = {}
    for row in rows:
        if row.type == "LOC" and (not is_description(row.name) or place_of(row.name)):
            key = place_key(row.name)
            for best, fits in ((place, True), (country, key.startswith("="))):
                if fits and (row.n_mentions, key) > best.get(row.article_id, (0, "")):
                    best[row.article_id] = (row.n_mentions, key)
    return ({a: key for a, (_, key) in country.items()}, {a: key for a, (_, key) in place.items()})


def own_key(row) -> str:
    """An identity of its own: the row fits several people and none clearly."""
    return f"PER:{row.name}@{row.article_id}/{row.local_id}"


def merge_keys(rows, trace: Trace | None = None, seen: Seen | None = None,
               bodies: Organisations | None = None) -> list[str]:
    """The merge key of each entity row (``store.identities.EntityRow``): rows with one key
    are one identity. ``trace(row, reason, key)``, when given, hears why each row got its key.
    ``seen``: what the rows linked before tell, when ``rows`` are only a batch of new rows and
    their context (``incremental``); ``bodies``: the rows' organisations, when made already."""
    rows = list(rows)
    evidence = Evidence(rows, seen)
    keys = [""] * len(rows)
    people = [i for i, row in enumerate(rows) if row.type == "PER"]
    for i, key in zip(people, People([rows[i] for i in people], evidence, rules(), trace).run()):
        keys[i] = key
    countries, where = main_places(rows)
    if bodies is None:
        bodies = Organisations(rows, seen.abbreviations if seen is not None else None)
    for i, row in enumerate(rows):
        if row.type == "ORG":
            keys[i] = "ORG:" + bodies.key(row.name, countries.get(row.article_id), where.get(row.article_id),
                                          row.article_id)
        elif row.type != "PER":
            keys[i] = f"{row.type}:{place_key(row.name)}"
        if row.type != "PER" and trace is not None:
            trace(row, PLACE, keys[i])
    return keys
