"""Whom a description that speaks refers to: the organisation of its kind, the leader, the person.

- An organisation description («издание», «ведомство», «компания») refers to the latest
  organisation of that kind: a newspaper, not a university. The kind of an organisation comes
  from the noun written before its name («газета «Коммерсантъ»», «агентства Reuters») or heading
  it («Министерство обороны»), else from a list of news media (``lang/ru/org_kinds.txt``,
  ``lang/ru/media.txt``); one that «пишет» or «сообщает» right before its name is an outlet.
- A description of a leader («глава государства», «китайский лидер», «руководитель ведомства»)
  refers to the latest person introduced with a leader's role («президент», «председатель»)
  (``lang/ru/leaders.txt``).
- A capital that speaks stands for its state («Пекин заявил» is China; ``lang/ru/capitals.tsv``).
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ..lexicon import lemma
from ..model import Entity

REPORTING = {"писать", "сообщать", "передавать"}  # what an outlet does, in the present: «пишет X», «сообщает X»
WORD_BEFORE = re.compile(r"(\w[\w-]*)[\s\u00a0]*[«\"„“]?[\s\u00a0]*$")


def _lines(name: str) -> list[str]:
    text = (resources.files("quotegraph") / "lang" / "ru" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def kind_nouns() -> dict[str, str]:
    return dict(line.split("\t") for line in _lines("org_kinds.txt"))


@functools.cache
def media_names() -> frozenset[str]:
    return frozenset(name.lower().replace("ё", "е") for name in _lines("media.txt"))


@functools.cache
def leaders() -> frozenset[str]:
    return frozenset(_lines("leaders.txt"))


@functools.cache
def capitals() -> dict[str, str]:
    """A capital's name → its state's name (``lang/ru/capitals.tsv``), both lower case, «е» for «ё»."""
    return {_key(city): state for city, state in (line.split("\t") for line in _lines("capitals.tsv"))}


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


LOCATIVE_BEFORE = re.compile(r"(?:^|[^\w-])(?:в|во|из|на)[\s\u00a0]*$", re.IGNORECASE)


def state_of_capital(text: str, entities: list[Entity], e: Entity, at: int) -> tuple[str, Entity | None] | None:
    """The state a capital named at ``at`` stands for, as (its name, its entity in the article if
    named there); None for any other place, or where the capital is a place («в Лондоне»)."""
    state = capitals().get(_key(e.name)) if e.type == "LOC" else None
    if state is None or LOCATIVE_BEFORE.search(text, max(0, at - 4), at):
        return None
    same = next((x for x in entities if x.type == "LOC" and _key(x.name) == _key(state)), None)
    return (same.name if same else state), same


def kind_of_noun(word: str) -> str | None:
    return kind_nouns().get(lemma(word))


def org_kinds(text: str, e: Entity) -> set[str]:
    """The kinds an organisation is given by the nouns before or in its names, or the media list."""
    kinds = set()
    first = e.name.split()[0] if e.name.split() else ""
    if kind_of_noun(first.strip("«\"")):
        kinds.add(kind_of_noun(first.strip("«\"")))
    for m in e.mentions:
        if m.kind != "name":
            continue
        before = WORD_BEFORE.search(text, max(0, m.start - 40), m.start)
        if before and kind_of_noun(before.group(1)):
            kinds.add(kind_of_noun(before.group(1)))
        elif before and lemma(before.group(1)) in REPORTING:  # «..., пишет «Тамбовская жизнь»»: an outlet
            kinds.add("media")
        if m.text.lower().replace("ё", "е").strip("«»\"") in media_names():
            kinds.add("media")
    if e.name.lower().replace("ё", "е") in media_names():
        kinds.add("media")
    return kinds


def latest_before(e: Entity, at: int) -> int | None:
    """Where the entity was last named before ``at``, or None."""
    starts = [m.start for m in e.mentions if m.kind == "name" and m.end <= at]
    return max(starts) if starts else None


def org_of_kind(text: str, entities: list[Entity], at: int, head: str, kinds: dict[str, set[str]]) -> Entity | None:
    """The organisation of the kind the description head names, mentioned last before ``at``.
    ``kinds`` keeps each organisation's ``org_kinds`` for the article (they are asked per description)."""
    wanted = kind_of_noun(head)
    if wanted is None:
        return None
    best = None
    for e in entities:
        if e.type != "ORG":
            continue
        if e.id not in kinds:
            kinds[e.id] = org_kinds(text, e)
        if wanted not in kinds[e.id]:
            continue
        seen = latest_before(e, at)
        if seen is not None and (best is None or seen > best[0]):
            best = (seen, e)
    return best[1] if best else None


def role_heads(e: Entity) -> set[str]:
    """The head lemmas of a person's roles, their first nouns («министр иностранных дел» →
    министр, «казахстанский политолог» → политолог)."""
    return {h for h in map(role_head, e.roles) if h}


@functools.lru_cache(maxsize=20_000)
def role_head(role: str) -> str | None:
    from ..nlp import parse_word

    for w in role.replace("«", " ").replace("»", " ").split():
        if (w.isalpha() or "-" in w) and parse_word(w.lower())[0].tag.POS == "NOUN":
            return lemma(w)
    return None


def person_with_role(entities: list[Entity], genders: dict, at: int, heads: set[str],
                     gender: str | None) -> Entity | None:
    """The person named last before ``at`` who was introduced with a role headed by one of
    ``heads``, agreeing in gender."""
    best = None
    for e in entities:
        if e.type != "PER" or not role_heads(e) & heads:
            continue
        if gender is not None and genders.get(e.id) not in (gender, None):
            continue
        seen = latest_before(e, at)
        if seen is not None and (best is None or seen > best[0]):
            best = (seen, e)
    return best[1] if best else None
