"""Is this candidate a quote? What the quote model sees of each quote the rules propose.

The rules find quotes by patterns; some patterns are sure (a clause after «заявил, что»), others
are not (a capitalised span in marks with no cue, a fragment next to a verb, a clause signed off
by «..., считают»). The quote model (``stages/decide.py``, trained by ``train/speakers.py``)
keeps or drops each one from these features, computed by this one function in training and at
run time. A mixin of ``quotes.Finder``.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from ..cues import cue_class
from .cues_found import passive_neuter
from .speaker_candidates import CLASSES, CUE_KINDS, QUOTE_KINDS

RULES = ("interrupted", "attributed", "fragment", "speech_like", "colon_paragraph", "headline_colon",
         "colon_clause", "parenthetical", "intent", "small_clause", "inner_phrase", "by_phrase", "that_clause", "about_this",
         "trailing_cue")
SENTENCE_END = re.compile(r"[.!?…]")


class QuoteFeatures:
    def quote_features(self, q, quotes: list) -> dict[str, float]:
        nan = math.nan
        text = self.text
        content = text[q.start:q.end]
        words = content.split()
        cue, sp = q.cue, q.speaker
        f: dict[str, float] = {}
        for r in RULES:
            f[f"rule_{r}"] = float(q.rule == r)
        for k in QUOTE_KINDS:
            f[f"quote_{k}"] = float(q.kind == k)
        for k in CUE_KINDS:
            f[f"cue_{k}"] = float(bool(cue) and cue.kind == k)
        cls = cue_class(cue.lemma) if cue else None
        for k in CLASSES:
            f[f"class_{k}"] = float(cls == k)
        f["no_cue"] = float(cue is None)
        f["cue_reflexive"] = float(bool(cue) and (cue.text.lower().endswith(("ся", "сь")) or passive_neuter(cue.text)))
        f["cue_participle"] = float(bool(cue) and self.cue_form(cue) == "participle")
        f["cue_gerund"] = float(bool(cue) and self.cue_form(cue) == "gerund")
        f["cue_words"] = float(len(cue.text.split())) if cue else 0.0
        f["cue_distance"] = (min(abs(cue.start - q.end), abs(q.start - cue.end)) / 100) if cue else nan
        f["cue_after"] = float(bool(cue) and cue.start >= q.end)
        f["cue_inside"] = float(bool(cue) and q.start <= cue.start < q.end)
        f["confidence"] = q.confidence
        # the speaker the rules gave it
        f["speaker_none"] = float(sp is None or not sp.name)
        f["speaker_entity"] = float(bool(sp and sp.entity))
        kind = sp.mention.kind if sp and sp.mention else None
        for k in ("name", "pronoun", "nominal"):
            f[f"speaker_{k}"] = float(kind == k)
        f["speaker_lowercase"] = float(bool(sp and sp.name) and sp.name[:1].islower())
        # the content
        f["chars"] = math.log1p(len(content))
        f["words"] = float(len(words))
        f["capital_start"] = float(content[:1].isupper())
        f["sentence_marks"] = float(len(SENTENCE_END.findall(content)))
        f["ends_sentence"] = float(content.rstrip()[-1:] in ".!?…") if content.strip() else 0.0
        toks = self.tokens_in(q.start, q.end)
        f["verbs"] = float(sum(t.pos in ("VERB", "AUX") for t in toks))
        f["finite_verbs"] = float(sum(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in toks))
        f["first_person"] = float(any(t.text.lower() in ("я", "мы", "меня", "нас", "мне", "нам") for t in toks))
        f["propn_share"] = sum(t.pos == "PROPN" for t in toks) / len(toks) if toks else 0.0
        f["in_marks"] = float(q.span is not None)
        f["straight_marks"] = float(q.span is not None and text[q.span.open] == '"')
        f["depth"] = float(q.span.depth) if q.span is not None else nan
        f["in_headline"] = float(q.start < self.first_line_end)
        f["newline_inside"] = float("\n" in content)
        f["opens_paragraph"] = float(not text[self.clause_floor(q.start):q.start].strip(" \t\u00a0«\"„“—–-"))
        inside, contains, cues = self.nesting(quotes)
        f["inside_other"] = float(inside[id(q)])
        f["contains_other"] = float(contains[id(q)])
        f["inside_marks"] = float(self.inside_quote(q.start) and q.span is None)
        f["same_cue_quotes"] = float(cues[cue]) if cue is not None else 0.0
        return f

    def nesting(self, quotes: list) -> tuple[dict[int, bool], dict[int, bool], Counter]:
        """For the article's quotes, once (not a scan of them all per quote): by ``id``, whether
        another quote holds each, whether each holds another; and how many quotes each cue has."""
        key = (id(quotes), len(quotes))
        if self._nesting[0] != key:
            self._nesting = (key, _held(quotes, 1), _held(quotes, -1), Counter(q.cue for q in quotes if q.cue is not None))
        return self._nesting[1:]

    def cue_form(self, cue) -> str | None:
        tok = self.token_at(cue.start) if hasattr(self, "token_at") else None
        if tok is None:
            return None
        form = tok.feats.get("VerbForm")
        return {"Part": "participle", "Conv": "gerund", "Fin": "finite", "Inf": "infinitive"}.get(form)


def _held(quotes: list, direction: int) -> dict[int, bool]:
    """direction 1: whether another quote holds each (starts at or before it, ends at or after
    it); -1: whether each holds another. One sweep over the starts, keeping the two farthest
    ends seen (the farthest may be the quote's own)."""
    order = sorted(quotes, key=lambda q: direction * q.start)
    out: dict[int, bool] = {}
    best: list[tuple[int, int]] = []  # up to two (reach, id): reach = end (1) or -end (-1), largest first
    at = 0
    while at < len(order):
        stop = at + 1
        while stop < len(order) and order[stop].start == order[at].start:
            stop += 1
        group = order[at:stop]
        for q in group:  # a quote at the same start counts either way
            best = sorted(best + [(direction * q.end, id(q))], reverse=True)[:2]
        for q in group:
            reach = next((r for r, i in best if i != id(q)), None)
            out[id(q)] = reach is not None and reach >= direction * q.end
        at += len(group)
    return out
