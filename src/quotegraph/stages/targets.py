"""Quote targets: whom each quote is about, and its tone towards each (docs/tone.md).

    mentions inside the quote (names, descriptions, pronouns the quotes stage resolved)
    + third-person pronouns inside it, resolved here («восстановлению его суверенитета»)
    → each mention rated in its sentence by the tone model → one target per entity

A target's tone is the mean of its mentions' probabilities (a description beside the name,
«Президента Ильхама Алиева», is one mention with it): ``score`` = P(positive) - P(negative),
and ``tone`` follows the score and the model's threshold. Its ``role`` follows: ``praised``,
``criticised``, or ``mentioned`` when the tone is neutral. The speaker is never their own
target.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from ..model import Entity, Mention
from ..nlp import Sentence, parse_word
from ..tone.features import TAG_OF_TYPE, Target, sentence_words
from ..tone.model import rated, tone_model
from .names import gender_of_name

# third-person pronouns a target may be referred to by: form → (gender, number)
PRONOUNS = {
    **dict.fromkeys(("он", "его", "него", "ему", "нему", "им", "ним", "нем", "нём"), ("Masc", "Sing")),
    **dict.fromkeys(("она", "ее", "её", "нее", "неё", "ей", "ней", "нею", "ею"), ("Fem", "Sing")),
    **dict.fromkeys(("они", "их", "них", "ими", "ними", "им", "ним"), (None, "Plur")),
}
PRONOUNS["им"] = PRONOUNS["ним"] = (None, None)  # «им» is «он» (instrumental) or «они» (dative)
REACH = 400  # characters back from a pronoun to its antecedent, within its paragraph
ROLES = {"positive": "praised", "negative": "criticised", "neutral": "mentioned"}


def attach_targets(text: str, sentences: list[Sentence], entities: list[Entity], quotes: list[dict],
                   syntax: Callable[[list[Sentence]], list[list[tuple[int, str]]]]) -> None:
    """Give every quote its ``targets`` (docs/record-format.md). ``syntax`` parses sentences."""
    index = _Mentions(entities)
    starts = [s.start for s in sentences]
    found = [(q, _mentions(text, sentences, starts, index, q)) for q in quotes]
    rated_mentions = sorted({(m, e.type) for _, ms in found for e, m in _rated(text, ms)},
                            key=lambda x: (x[0].start, x[0].end))
    needed = sorted({_sentence_of(starts, sentences, m.start) for m, _ in rated_mentions} - {None})
    trees = dict(zip(needed, syntax([sentences[i] for i in needed]))) if needed else {}
    targets, keys = [], []
    for m, etype in rated_mentions:
        i = _sentence_of(starts, sentences, m.start)
        if i is None:
            continue
        inside = [k for k, t in enumerate(sentences[i].tokens) if t.start < m.end and t.end > m.start]
        if inside:
            words = sentence_words(sentences[i], trees[i])
            targets.append(Target(words, inside[0], inside[-1], TAG_OF_TYPE[etype]))
            keys.append(m)
    probabilities = dict(zip(keys, tone_model().probabilities(targets))) if targets else {}
    for q, ms in found:
        by_entity: dict[str, tuple[Entity, list[Mention]]] = {}
        for e, m in ms:
            by_entity.setdefault(e.id, (e, []))[1].append(m)
        q["targets"] = []
        for e, mentions in sorted(by_entity.values(), key=lambda x: x[1][0].start):
            rows = [probabilities[m] for _, m in _rated(text, [(e, m) for m in mentions]) if m in probabilities]
            tone, score = rated(np.mean(rows, 0), tone_model().threshold) if rows else ("neutral", 0.0)
            q["targets"].append({
                "entity": e.id, "name": e.name, "tone": tone, "score": score, "role": ROLES[tone],
                "mentions": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind} for m in mentions],
            })


def _rated(text: str, pairs: list[tuple[Entity, Mention]]) -> list[tuple[Entity, Mention]]:
    """The mentions the model rates: each occurrence once. A description right before or after
    a name of the same entity («Президента Ильхама Алиева») is one occurrence with it, and
    the name is what the model was trained to rate (RuSentNE rates names)."""
    names = {(e.id, m.start, m.end) for e, m in pairs if m.kind == "name"}

    def beside_its_name(e: Entity, m: Mention) -> bool:
        return m.kind == "nominal" and any(
            eid == e.id and (not text[m.end:start].strip() or not text[end:m.start].strip())
            and (m.end <= start or end <= m.start) for eid, start, end in names)

    return [(e, m) for e, m in pairs if not beside_its_name(e, m)]


def _sentence_of(starts: list[int], sentences: list[Sentence], at: int) -> int | None:
    i = bisect.bisect_right(starts, at) - 1
    return i if i >= 0 and at < sentences[i].end else None


class _Mentions:
    """An article's mentions by position, so each quote and pronoun looks only near itself
    (a scan of all of them per quote is quadratic in a long article)."""

    def __init__(self, entities: list[Entity]):
        found = [(m.start, m.end, order, e, m) for order, (e, m) in
                 enumerate((e, m) for e in entities for m in e.mentions)]
        self.rows = sorted(found, key=lambda r: (r[0], r[1]))  # stable: entity order within a place
        self.starts = [r[0] for r in self.rows]
        self.taken = {(r[0], r[1]) for r in self.rows}

    def inside(self, start: int, end: int):
        """(entity, mention) of the mentions within [start, end), by position."""
        for at in range(bisect.bisect_left(self.starts, start), len(self.rows)):
            m_start, m_end, _, e, m = self.rows[at]
            if m_start >= end:
                break
            if m_end <= end:
                yield e, m

    def before(self, floor: int, at: int):
        """(order, start, entity) of the mentions within [floor, at), the latest first."""
        for k in range(bisect.bisect_left(self.starts, at) - 1, -1, -1):
            m_start, m_end, order, e, _ = self.rows[k]
            if m_start < floor:
                break
            if m_end <= at:
                yield order, m_start, e


def _mentions(text: str, sentences: list[Sentence], starts: list[int], index: _Mentions,
              q: dict) -> list[tuple[Entity, Mention]]:
    """(entity, mention) pairs inside the quote, the speaker's own left out, pronouns added."""
    start, end, speaker = q["start"], q["end"], q["speaker"]["entity"]
    out = [(e, m) for e, m in index.inside(start, end) if e.id != speaker]
    for i in range(max(0, bisect.bisect_right(starts, start) - 1), len(sentences)):
        s = sentences[i]
        if s.start >= end:
            break
        if s.end <= start:
            continue
        first = bisect.bisect_left(s.tokens, start, key=_start)  # a long sentence holds many quotes
        for t in s.tokens[first:bisect.bisect_left(s.tokens, end, key=_start)]:
            low = t.text.lower()
            if t.end <= end and low in PRONOUNS and (t.start, t.end) not in index.taken:
                e = _antecedent(text, index, t.start, *PRONOUNS[low])
                if e is not None and e.id != speaker:
                    out.append((e, Mention(t.start, t.end, t.text, "pronoun")))
    return sorted(out, key=lambda x: (x[1].start, x[1].end))


def _start(t) -> int:
    return t.start


def _antecedent(text: str, index: _Mentions, at: int, gender: str | None, number: str | None) -> Entity | None:
    """The entity of the latest mention before ``at`` in its paragraph (and at most REACH
    characters back) that agrees with the pronoun in gender and number (of two at one place,
    the first entity's)."""
    floor = max(text.rfind("\n", max(0, at - REACH), at) + 1, at - REACH)
    best: tuple[int, int, Entity] | None = None  # (start, -order, entity)
    for order, start, e in index.before(floor, at):
        if best is not None and start < best[0]:
            break
        if _agrees(e, gender, number) and (best is None or -order > best[1]):
            best = (start, -order, e)
    return best[2] if best else None


def _agrees(e: Entity, gender: str | None, number: str | None) -> bool:
    if e.type == "PER":
        return number != "Plur" and (gender is None or gender_of_name(e.name) in (gender, None))
    g, n = _grammar(e.name)
    if number == "Plur":
        return n == "plur"
    if number == "Sing" and n == "plur":
        return False
    return gender is None or g is None or (g in ("masc", "neut")) == (gender == "Masc")


def _grammar(name: str) -> tuple[str | None, str | None]:
    """Gender and number of an organisation's or place's name: those of its first noun."""
    for word in name.split():
        for p in parse_word(word.lower())[:1]:
            if p.tag.POS == "NOUN":
                return p.tag.gender, p.tag.number
    return None, None
