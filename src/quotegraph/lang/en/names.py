"""English entities from spaCy's named entities: one entity per person, under its fullest name.

«Donald J. Trump», «Mr. Trump», «Trump’s» and «Trump» are one person, named «Donald Trump»:
honorifics, possessives and middle initials are left out of the name, and a shorter name
joins the person whose full name ends (or begins) with it. Organisations and places keep
their name as written, less a leading «the» and a possessive.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ...model import Entity, Mention

TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@functools.cache
def titles() -> frozenset[str]:
    """Honorifics and titles that stand before a name (``titles.txt``)."""
    text = resources.files(__package__).joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


IRREGULAR = {"said": "say", "told": "tell", "thinks": "think", "thought": "think"}
POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
INITIAL = re.compile(r"^[A-Z]\.?$")


def clean(text: str, label: str) -> str:
    """A name as it names: no possessive, no honorific, no leading «the», single spaces."""
    words = POSSESSIVE.sub("", text.strip()).split()
    if label == "PERSON":
        while len(words) > 1 and reporting_verb(words[-1]):
            words = words[:-1]  # «Obama Says» in a headline set in title case
        while len(words) > 1 and words[0].lower().rstrip(".") in titles():
            words = words[1:]
        if len(words) > 2:
            words = [w for w in words[:-1] if not INITIAL.match(w)] + words[-1:]
    elif words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def reporting_verb(word: str) -> bool:
    """A word that is a form of a verb mostly used as a cue in PolNeAR train («Says», «Warns»)."""
    from .attributions import lemma_record

    low = word.lower()
    forms = {low, low[:-1], low[:-2], low[:-3] + "y", IRREGULAR.get(low, low)} if low.endswith(("s", "d")) else {low}
    record = lemma_record()
    return any(record.get(f, (0, 0))[1] >= 20 and record[f][0] >= 0.5 * record[f][1] for f in forms)


def mention_span(ent) -> tuple[int, int]:
    """The entity's span less a leading «the» and a trailing possessive."""
    start, end = ent.start_char, ent.end_char
    text = ent.text
    if ent.label_ != "PERSON" and text.lower().startswith("the "):
        start += 4
    m = POSSESSIVE.search(text)
    if m and m.start() > 0:
        end -= len(m.group())
    return start, end


def build_entities(doc, offset: int = 0) -> list[Entity]:
    """Entities of a parsed text; offsets shifted by ``offset`` (where the text sits in the article)."""
    full = doc.text
    people: list[tuple[list[str], list[Mention]]] = []  # (name words, mentions)
    others: dict[tuple[str, str], list[Mention]] = {}
    roles: dict[Mention, list[str]] = {}
    places = {clean(e.text, e.label_) for e in doc.ents if TYPES.get(e.label_) == "LOC"}
    for ent in doc.ents:
        etype = TYPES.get(ent.label_)
        if etype == "PER" and clean(ent.text, ent.label_) in places:
            etype = "LOC"  # «Azerbaijan» tagged a person once and a place elsewhere: a place
        if etype is None:
            continue
        name = clean(ent.text, ent.label_)
        if not name or not any(c.isalpha() for c in name):
            continue
        s, e = mention_span(ent)
        mention = Mention(s + offset, e + offset, full[s:e])
        if etype == "PER":
            add_person(people, name.split(), mention)
            roles.setdefault(mention, []).extend(roles_of(ent))
        else:
            others.setdefault((etype, name), []).append(mention)
    for (etype, name), mentions in list(others.items()):  # «Trump’s plan» tagged ORG: the person's surname
        words = name.lower().split()
        person = next((known for known, _ in people if len(known) > len(words)
                       and [w.lower() for w in known[-len(words):]] == words), None)
        if person is not None:
            for m in mentions:
                add_person(people, person, m)
            del others[(etype, name)]
    entities = [(m, "PER", " ".join(words)) for words, m in people]
    entities += [(m, etype, name) for (etype, name), m in others.items()]
    entities.sort(key=lambda x: x[0][0].start)
    return [Entity(f"e{i + 1}", etype, name, list(dict.fromkeys(r for x in m for r in roles.get(x, []))),
                   sorted(m, key=lambda x: (x.start, x.end)))
            for i, (m, etype, name) in enumerate(entities)]


def roles_of(ent) -> list[str]:
    """A person's roles where a name is given: the title and premodifiers before it
    («Republican presidential nominee», «Secretary of State») and an apposition after it
    («, a spokesman for the company»)."""
    doc = ent.doc
    out = []
    root = ent.root
    before = [t for t in doc[sentence_floor(doc, ent.start, 6):ent.start]]
    i = len(before)
    while i > 0 and before[i - 1].dep_ in ("compound", "amod", "nmod", "prep", "pobj") \
            and any(a.i in range(ent.start, ent.end) for a in before[i - 1].ancestors):
        i -= 1
    words = [t.text for t in before[i:]]
    inside = [t.text for t in ent if t.lower_.rstrip(".") in titles()][:1]  # «President» tagged inside the name
    if inside and not words:
        words = inside
    if words:
        out.append(" ".join(words))
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            span = doc[child.left_edge.i:child.right_edge.i + 1]
            text = span.text.strip(" ,")
            for det in ("a ", "an ", "the "):
                if text.lower().startswith(det):
                    text = text[len(det):]
            if text and len(text) < 120:
                out.append(text)
    return out


def sentence_floor(doc, at: int, most: int) -> int:
    """``max(at - most, doc[at].sent.start)``, found by looking at most tokens back: spaCy's
    ``.sent`` walks the whole sentence, and a run-on one holds thousands of names."""
    for k in range(at, max(at - most, 0) - 1, -1):
        if doc[k].is_sent_start:
            return k
    return at - most


def add_person(people: list, words: list[str], mention: Mention) -> None:
    """Join the person this name names (the latest one a name like it was given to), or add one."""
    lower = [w.lower() for w in words]
    for known, mentions in reversed(people):
        k = [w.lower() for w in known]
        if lower == k or (len(lower) < len(k) and (lower == k[-len(lower):] or lower == k[:len(lower)])):
            mentions.append(mention)
            return
        if len(lower) > len(k) and (k == lower[-len(k):]):  # the full name comes after the surname
            known[:] = words
            mentions.append(mention)
            return
    people.append((list(words), [mention]))
