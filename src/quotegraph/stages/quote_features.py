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

from ..cues import cue_class
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
        f["cue_reflexive"] = float(bool(cue) and cue.text.lower().endswith(("ся", "сь")))
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
        line_start = self.line_start(q.start)
        f["opens_paragraph"] = float(not text[line_start:q.start].strip(" \t\u00a0«\"„“—–-"))
        f["inside_other"] = float(any(o is not q and o.start <= q.start and q.end <= o.end for o in quotes))
        f["contains_other"] = float(any(o is not q and q.start <= o.start and o.end <= q.end for o in quotes))
        f["inside_marks"] = float(self.inside_quote(q.start) and q.span is None)
        f["same_cue_quotes"] = float(sum(1 for o in quotes if o.cue is not None and cue is not None and o.cue == cue))
        return f

    def cue_form(self, cue) -> str | None:
        tok = self.token_at(cue.start) if hasattr(self, "token_at") else None
        if tok is None:
            return None
        form = tok.feats.get("VerbForm")
        return {"Part": "participle", "Conv": "gerund", "Fin": "finite", "Inf": "infinitive"}.get(form)
