"""The learned decisions of the quote finder: which candidate quotes stay, who said each, and
whom a pronoun or description that speaks refers to.

The rules find candidate quotes and propose speakers. Three small models, gradient-boosted trees
trained by ``make train`` on the project's annotated documents (``train/attribution.py``),
decide the rest:
- the quote model keeps a candidate quote when its probability reaches the model's threshold
  (``quote_features.py`` says what it sees);
- the speaker model scores every mention that could be the speaker (``speaker_candidates.py``),
  and the best one speaks;
- the referent model resolves a speaker that is a pronoun or a description: every entity of
  the article, or the description itself, is an option (``coref.py``), and the best one is
  the speaker's name.
Where a model is not shipped, the rules' decision stands.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..models.trees import Trees, shipped

QUOTE_MODEL = ("lang", "ru", "quotes.json")
SPEAKER_MODEL = ("lang", "ru", "speakers.json")
REFERENT_MODEL = ("lang", "ru", "referents.json")


@dataclass(frozen=True)
class Models:
    quotes: Trees | None = None
    speakers: Trees | None = None
    referents: Trees | None = None


def shipped_models() -> Models:
    return Models(quotes=shipped(*QUOTE_MODEL), speakers=shipped(*SPEAKER_MODEL), referents=shipped(*REFERENT_MODEL))


def kept(quotes: list, model: Trees) -> list:
    """The candidate quotes the quote model keeps (probability ≥ its threshold)."""
    if not quotes:
        return quotes
    scores = model.scores([q.features for q in quotes])
    return [q for q, p in zip(quotes, scores) if p >= model.threshold_score]


def best_candidates(quotes: list, model: Trees) -> list:
    """Each quote's best-scored speaker candidate, or None (all of an article's in one batch)."""
    rows = [c.features for q in quotes for c in q.candidates]
    scores = model.raw_scores(model.matrix(rows)) if rows else np.zeros(0)
    out, at = [], 0
    for q in quotes:
        n = len(q.candidates)
        out.append(q.candidates[int(np.argmax(scores[at:at + n]))] if n else None)
        at += n
    return out


def referent(finder, quote, cand, model: Trees):
    """Whom the candidate (a pronoun or a description) speaks for: the best-scored option."""
    options = finder.antecedent_options(cand, quote.cue.start if quote.cue else quote.start)
    scores = model.raw_scores(model.matrix([f for _, f in options]))
    speaker = options[int(np.argmax(scores))][0]
    return replace(speaker, mention=cand.speaker.mention)


def decided(finder, quotes: list, models: Models) -> list:
    """The quotes kept, each with its speaker chosen and resolved, by whichever models there are."""
    if models.quotes is not None:
        quotes = kept(quotes, models.quotes)
    if models.speakers is not None:
        for q, cand in zip(quotes, best_candidates(quotes, models.speakers)):
            if cand is None:
                continue
            q.speaker = cand.speaker
            if models.referents is not None and cand.refers:
                q.speaker = referent(finder, q, cand, models.referents)
    return quotes


def decisions(collect: list | None = None, models: Models | str | None = "shipped") -> Callable:
    """The ``decide`` step of ``Finder.find``. ``collect``: a list that gets each article's
    finder and candidate quotes, with their features and speaker candidates, before any decision
    (for training); ``models``: "shipped", a ``Models``, or None for the rules' decisions."""
    chosen = shipped_models() if models == "shipped" else models or Models()

    def decide(finder, quotes: list) -> list:
        if collect is not None:
            collect.append((finder, list(quotes)))
        return decided(finder, quotes, chosen)
    return decide
