"""An English article → its entities and quotes (the record's language-specific part).

spaCy parses the body once; ``names.py`` makes the entities, ``attributions.py`` the candidate
attributions, the learned cue model (``cues.json``) keeps the attributions, and each speaker
is named: a name by its entity's full name, a pronoun by the person it stands for, anything
else by its phrase.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ...model import Entity, Mention
from ...models.trees import shipped
from ...stages.placed import Placed
from . import spacy_pipeline
from .attributions import CONTENT_KINDS, SUBJECT_ENTS, Candidate, candidates, overlap, text_of
from .names import build_entities, titles

PART_CHARS = 20_000  # characters spaCy parses in one pass (news: one pass; ``parsed``)

CUE_MODEL = ("lang", "en", "cues.json")
PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
PLURAL = {"they", "them", "their"}
DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")


def analyze_english(text: str, body_start: int = 0, quotes: bool = True,
                    limits: dict[str, int] | None = None) -> tuple[list[Entity], list[dict], dict]:
    """Entities, quotes and document tone of an English text's body; ``limits`` gets what a
    per-article bound left out."""
    from .tone import document_tone

    doc = parsed(text[body_start:])
    entities = build_entities(doc, offset=body_start)
    quotes = attributions(doc, entities, body_start, limits=limits) if quotes else []
    return entities, quotes, document_tone(doc)


def parsed(text: str):
    """spaCy's Doc of a text: one pass, as the models were trained, up to PART_CHARS characters;
    a longer text in parts of whole paragraphs (sentences never cross a line break here), joined
    into one Doc. spaCy's memory grows with the length of one pass: 300,000 characters in one
    took 1.9 GB."""
    nlp = spacy_pipeline()
    if len(text) <= PART_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    cuts, at = [0], 0
    while len(text) - at > PART_CHARS:
        cut = text.rfind("\n", at + PART_CHARS // 2, at + PART_CHARS) + 1 or text.rfind(" ", at, at + PART_CHARS) + 1
        at = cut if cut > at else at + PART_CHARS  # after a line break, else a space, else anywhere
        cuts.append(at)
    cuts.append(len(text))
    doc = Doc.from_docs([nlp(text[a:b]) for a, b in zip(cuts, cuts[1:])], ensure_whitespace=False)
    return doc if doc.text == text else nlp(text)


def kept(found: list[Candidate]) -> list[tuple[Candidate, float]]:
    """The candidates the cue model keeps; of two with the same content, the likelier."""
    model = shipped(*CUE_MODEL)
    if model is None or not found:
        return []
    scores = model.scores([c.features for c in found])
    chosen: list[tuple[Candidate, float]] = []
    contents, cues = Placed(), set()  # what the chosen hold, looked up near each candidate, not scanned
    for c, p in sorted(zip(found, scores), key=lambda x: -x[1]):
        if p < model.threshold_score and not named_lead(c):
            continue
        if c.cue in cues or any(same_content(c, o.candidate) for o in contents.overlapping(*c.content)):
            continue
        chosen.append((c, float(p)))
        contents.add(_Content(c.content[0], c.content[1], c))
        cues.add(c.cue)
    return sorted(chosen, key=lambda x: x[0].content[0])


@dataclass(frozen=True)
class _Content:
    start: int
    end: int
    candidate: Candidate


def named_lead(c: Candidate) -> bool:
    """«Alan Price: "..."»: a quote led by a name and a colon is that person's, whatever the cue
    model says (PolNeAR has too few of them to learn it)."""
    return c.features.get("content_kind") == CONTENT_KINDS.index("colon") and (
        c.features.get("subject_ent") in (float(SUBJECT_ENTS.index("PERSON")), float(SUBJECT_ENTS.index("ORG")))
        or c.features.get("lead_is_name") == 1.0)


def same_content(a: Candidate, b: Candidate) -> bool:
    inter = min(a.content[1], b.content[1]) - max(a.content[0], b.content[0])
    union = max(a.content[1], b.content[1]) - min(a.content[0], b.content[0])
    return inter > 0 and inter / union >= 0.8 or a.cue == b.cue


def attributions(doc, entities: list[Entity], offset: int, targets: bool = True,
                 limits: dict[str, int] | None = None) -> list[dict]:
    """The record's quotes of a parsed text; ``targets``: rate the entities each one mentions."""
    text = text_of(doc)
    mentions = Mentions(sorted(((m, e) for e in entities for m in e.mentions), key=lambda x: x[0].start))
    out = []
    for c, p in kept(candidates(doc, limits=limits)):
        speaker = name_speaker(c, doc, entities, mentions, offset)
        s, e = c.content
        out.append({
            "start": s + offset, "end": e + offset, "text": text[s:e], "kind": c.kind,
            "cue": {"start": c.cue[0] + offset, "end": c.cue[1] + offset, "text": text[c.cue[0]:c.cue[1]],
                    "lemma": doc.char_span(c.cue[0], c.cue[1], alignment_mode="expand").root.lemma_.lower()
                    if doc.char_span(c.cue[0], c.cue[1], alignment_mode="expand") is not None else None},
            "speaker": speaker, "parent": None, "confidence": round(p, 2), "targets": [],
        })
    if targets:
        attach_targets(doc, entities, out, offset)
    return out


def attach_targets(doc, entities: list[Entity], quotes: list[dict], offset: int) -> None:
    """Each quote's targets: the entities mentioned inside it (not its speaker), with the tone
    towards each (its mentions' probabilities averaged; lang/en/tone.py)."""
    from ...stages.targets import ROLES
    from .tone import label, probabilities

    # every mention, in the order of the entities and their mentions, by start: a quote's are
    # looked up, not scanned (a long article has thousands of quotes and mentions)
    index = sorted(((m.start, k, e, m) for k, (e, m) in enumerate((e, m) for e in entities for m in e.mentions)),
                   key=lambda x: (x[0], x[1]))
    starts = [x[0] for x in index]
    found = []
    for q in quotes:
        rows = index[bisect.bisect_left(starts, q["start"]):bisect.bisect_right(starts, q["end"])]
        found.append([(e, m) for _, _, e, m in rows if m.end <= q["end"] and e.id != q["speaker"]["entity"]])
    spans = sorted({(m.start - offset, m.end - offset) for inside in found for _, m in inside})
    rated = dict(zip(spans, probabilities(doc, spans))) if spans else {}
    for q, inside in zip(quotes, found):
        by_entity: dict[str, tuple[Entity, list[Mention]]] = {}
        for e, m in inside:  # by start already
            by_entity.setdefault(e.id, (e, []))[1].append(m)
        for e, mentions in by_entity.values():
            rows = [rated[(m.start - offset, m.end - offset)] for m in mentions]
            rows = [r for r in rows if r is not None]
            tone, score = label(sum(rows) / len(rows)) if rows else ("neutral", 0.0)
            q["targets"].append({"entity": e.id, "name": e.name, "tone": tone, "score": score, "role": ROLES[tone],
                                 "mentions": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind}
                                              for m in mentions]})


def name_speaker(c: Candidate, doc, entities, mentions, offset: int) -> dict:
    """The speaker of an attribution: the entity its source phrase names, the person a pronoun
    stands for, or the phrase itself."""
    none = {"name": None, "entity": None, "mention": None}
    if c.source is None:
        return none
    text = text_of(doc)
    s, e = c.source
    mention = {"start": s + offset, "end": e + offset, "text": text[s:e]}
    head = doc[c.source_head]
    inside = mentions.overlapping(s + offset, e + offset)
    if head.pos_ == "NOUN" and not head.ent_type_:  # «X's spokeswoman», «the Y campaign»: the phrase speaks
        inside = []
    if inside:
        m, ent = min(inside, key=lambda x: (x[1].type != "PER", abs(x[0].start - head.idx - offset)))
        return {"name": ent.name, "entity": ent.id, "mention": mention}
    word = head.lower_
    if word in PERSONAL or word in PLURAL:
        ent = antecedent(head, mentions, offset, person=word in PERSONAL)
        if ent is not None:
            add_mention(ent, Mention(s + offset, e + offset, text[s:e], "pronoun"))
            return {"name": ent.name, "entity": ent.id, "mention": mention}
        return {"name": None, "entity": None, "mention": mention}
    if head.pos_ == "PRON":
        return {"name": None, "entity": None, "mention": mention}
    described = described_entity(head, entities, mentions, offset) if head.pos_ == "NOUN" else None
    if described is not None:
        add_mention(described, Mention(s + offset, e + offset, text[s:e], "nominal"))
        return {"name": described.name, "entity": described.id, "mention": mention}
    phrase = text[s:e]
    for d in DETERMINERS:
        if phrase.startswith(d):
            phrase = phrase[len(d):]
    return {"name": phrase, "entity": None, "mention": mention}


class Mentions:
    """An article's (mention, entity) pairs sorted by start, looked up by position: each quote
    asks for those inside its source or before its pronoun, and an article can hold thousands
    of both. A person's role words are read once per mention."""

    def __init__(self, pairs: list[tuple[Mention, Entity]]):
        self.pairs = pairs
        self.starts = [m.start for m, _ in pairs]
        self.longest = max((m.end - m.start for m, _ in pairs), default=0)
        self._roles: dict[tuple[int, int], set[str]] = {}

    def overlapping(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """The pairs whose mention overlaps [start, end), by start."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        return [(m, e) for m, e in self.pairs[lo:bisect.bisect_left(self.starts, end)] if m.end > start]

    def before(self, at: int):
        """The pairs whose mention starts before ``at``, the latest first."""
        for k in range(bisect.bisect_left(self.starts, at) - 1, -1, -1):
            yield self.pairs[k]

    def role_words(self, doc, m: Mention, offset: int) -> set[str]:
        key = (m.start, m.end)
        if key not in self._roles:
            self._roles[key] = role_words(doc, m, offset)
        return self._roles[key]


def add_mention(entity: Entity, m: Mention) -> None:
    """A pronoun or description that speaks for an entity becomes one of its mentions."""
    if m not in entity.mentions:
        entity.mentions.append(m)
        entity.mentions.sort(key=lambda x: (x.start, x.end))


def described_entity(head, entities, mentions, offset: int):
    """The entity a definite description stands for: «the senator» is the latest person named
    with that role before it («Senator Ruth Coleman», «Tom Baker, the senator from Ohio»), «the
    ministry» the latest organisation whose name has that word («the Health Ministry»)."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
        return None
    if any(c.dep_ in ("poss", "compound", "amod") for c in head.children):
        return None  # «the Trump campaign», «Clinton's spokesman»: a description of its own
    word = head.lemma_.lower()
    doc = head.doc
    for m, ent in mentions.before(head.idx + offset):
        if m.kind != "name":
            continue
        if ent.type == "PER" and word in mentions.role_words(doc, m, offset):
            return ent
        if ent.type == "ORG" and word in ent.name.lower().split():
            return ent
    return None


def role_words(doc, m, offset: int) -> set[str]:
    """The role nouns a person's name comes with: before it («Senator», «economist») and in an
    apposition after it («, a spokesman for the company»)."""
    span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
    if span is None:
        return set()
    words = {t.lemma_.lower() for t in doc[max(span.start - 4, 0):span.start]
             if t.head.i in range(span.start, span.end) or t.pos_ == "PROPN"}
    words |= {t.lower_.rstrip(".") for t in span if t.lower_.rstrip(".") in titles()}
    for child in span.root.children:
        if child.dep_ == "appos":
            words.add(child.lemma_.lower())
    return words


def antecedent(pronoun, mentions, offset: int, person: bool):
    """The entity a pronoun stands for: the latest person (for he/she) or organisation (for
    they) named before it, within the three sentences before."""
    at = pronoun.idx + offset
    sent = pronoun.sent
    for _ in range(3):  # three sentences back
        if sent.start == 0:
            break
        sent = pronoun.doc[sent.start - 1].sent
    floor = sent.start_char + offset
    wanted = ("PER",) if person else ("ORG", "PER")
    for m, ent in mentions.before(at):
        if m.start < floor:
            break
        if ent.type in wanted and not overlap((m.start, m.end), (at, at + 1)):
            return ent
    return None
