"""An English article → its entities and quotes (the record's language-specific part).

spaCy parses the body once; ``names.py`` makes the entities, ``attributions.py`` the candidate
attributions, the learned cue model (``cues.json``) keeps the attributions, and each speaker
is named: a name by its entity's full name, a pronoun by the person it stands for, anything
else by its phrase.
"""
from __future__ import annotations

from ...model import Entity, Mention
from ...models.trees import shipped
from . import spacy_pipeline
from .attributions import Candidate, candidates, overlap
from .names import build_entities

CUE_MODEL = ("lang", "en", "cues.json")
PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
PLURAL = {"they", "them", "their"}
DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")


def analyze_english(text: str, body_start: int = 0, quotes: bool = True) -> tuple[list[Entity], list[dict]]:
    doc = spacy_pipeline()(text[body_start:])
    entities = build_entities(doc, offset=body_start)
    quotes = attributions(doc, entities, body_start) if quotes else []
    return entities, quotes


def kept(found: list[Candidate]) -> list[tuple[Candidate, float]]:
    """The candidates the cue model keeps; of two with the same content, the likelier."""
    model = shipped(*CUE_MODEL)
    if model is None or not found:
        return []
    scores = model.scores([c.features for c in found])
    chosen: list[tuple[Candidate, float]] = []
    for c, p in sorted(zip(found, scores), key=lambda x: -x[1]):
        if p < model.threshold_score:
            break
        if any(same_content(c, o) for o, _ in chosen):
            continue
        chosen.append((c, float(p)))
    return sorted(chosen, key=lambda x: x[0].content[0])


def same_content(a: Candidate, b: Candidate) -> bool:
    inter = min(a.content[1], b.content[1]) - max(a.content[0], b.content[0])
    union = max(a.content[1], b.content[1]) - min(a.content[0], b.content[0])
    return inter > 0 and inter / union >= 0.8 or a.cue == b.cue


def attributions(doc, entities: list[Entity], offset: int) -> list[dict]:
    text = doc.text
    mentions = sorted(((m, e) for e in entities for m in e.mentions), key=lambda x: x[0].start)
    out = []
    for c, p in kept(candidates(doc)):
        speaker = name_speaker(c, doc, entities, mentions, offset)
        s, e = c.content
        out.append({
            "start": s + offset, "end": e + offset, "text": text[s:e], "kind": c.kind,
            "cue": {"start": c.cue[0] + offset, "end": c.cue[1] + offset, "text": text[c.cue[0]:c.cue[1]],
                    "lemma": doc.char_span(c.cue[0], c.cue[1], alignment_mode="expand").root.lemma_.lower()
                    if doc.char_span(c.cue[0], c.cue[1], alignment_mode="expand") is not None else None},
            "speaker": speaker, "parent": None, "confidence": round(p, 2), "targets": [],
        })
    return out


def name_speaker(c: Candidate, doc, entities, mentions, offset: int) -> dict:
    """The speaker of an attribution: the entity its source phrase names, the person a pronoun
    stands for, or the phrase itself."""
    none = {"name": None, "entity": None, "mention": None}
    if c.source is None:
        return none
    text = doc.text
    s, e = c.source
    mention = {"start": s + offset, "end": e + offset, "text": text[s:e]}
    head = doc[c.source_head]
    inside = [(m, ent) for m, ent in mentions if m.start < e + offset and m.end > s + offset]
    if inside:
        m, ent = min(inside, key=lambda x: (x[1].type != "PER", abs(x[0].start - head.idx - offset)))
        return {"name": ent.name, "entity": ent.id, "mention": mention}
    word = head.lower_
    if word in PERSONAL or word in PLURAL:
        ent = antecedent(head, mentions, offset, person=word in PERSONAL)
        if ent is not None:
            m = Mention(s + offset, e + offset, text[s:e], "pronoun")
            if m not in ent.mentions:
                ent.mentions.append(m)
                ent.mentions.sort(key=lambda x: (x.start, x.end))
            return {"name": ent.name, "entity": ent.id, "mention": mention}
        return {"name": None, "entity": None, "mention": mention}
    if head.pos_ == "PRON":
        return {"name": None, "entity": None, "mention": mention}
    phrase = text[s:e]
    for d in DETERMINERS:
        if phrase.startswith(d):
            phrase = phrase[len(d):]
    return {"name": phrase, "entity": None, "mention": mention}


def antecedent(pronoun, mentions, offset: int, person: bool):
    """The entity a pronoun stands for: the latest person (for he/she) or organisation (for
    they) named before it, within the three sentences before."""
    at = pronoun.idx + offset
    sents = list(pronoun.doc.sents)
    first = next(i for i, s in enumerate(sents) if s.start <= pronoun.i < s.end)
    floor = sents[max(0, first - 3)].start_char + offset
    wanted = ("PER",) if person else ("ORG", "PER")
    for m, ent in reversed(mentions):
        if m.start < at and m.start >= floor and ent.type in wanted and not overlap((m.start, m.end), (at, at + 1)):
            return ent
    return None
