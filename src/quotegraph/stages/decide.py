"""The learned decisions of the quote finder: which candidate quotes stay, and who said each.

The rules find candidate quotes and propose speakers. Two small models, gradient-boosted trees
trained by ``make train`` on the project's annotated documents (``train/attribution.py``),
decide the rest:
- the quote model decides the candidate quotes of the patterns the rules are unsure of (``UNSURE``):
  kept when their probability reaches the model's threshold (``quote_features.py`` says what it
  sees);
- the speaker model scores every mention that could be the speaker (``speaker_candidates.py``),
  and the best one speaks, under the name its coreference gave it (a pronoun or description
  resolved by ``speakers.py``).
Where a model is not shipped, the rules' decision stands.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..models.trees import Trees, shipped

QUOTE_MODEL = ("lang", "ru", "quotes.json")
SPEAKER_MODEL = ("lang", "ru", "speakers.json")


@dataclass(frozen=True)
class Models:
    quotes: Trees | None = None
    speakers: Trees | None = None


def shipped_models() -> Models:
    return Models(quotes=shipped(*QUOTE_MODEL), speakers=shipped(*SPEAKER_MODEL))


# the patterns the rules are unsure of, which the quote model decides: a span in marks with no
# cue, a fragment, a clause signed off or with an inserted cue, a lead paragraph, a colon, a request
UNSURE = frozenset({"speech_like", "fragment", "trailing_cue", "parenthetical", "inner_phrase", "about_this",
                    "colon_paragraph", "colon_clause", "headline_colon", "small_clause", "intent"})


def unsure(quote) -> bool:
    return quote.rule in UNSURE


def kept(quotes: list, model: Trees) -> list:
    """The candidate quotes kept: all that a sure pattern found, and those of an unsure pattern
    whose probability reaches the quote model's threshold."""
    doubtful = [q for q in quotes if unsure(q)]
    if not doubtful:
        return quotes
    dropped = {id(q) for q, p in zip(doubtful, model.scores([q.features for q in doubtful]))
               if p < model.threshold_score}
    return [q for q in quotes if id(q) not in dropped]


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


def decided(finder, quotes: list, models: Models) -> list:
    """The quotes kept, each with its speaker chosen, by whichever models there are."""
    if models.quotes is not None:
        quotes = kept(quotes, models.quotes)
    if models.speakers is not None:
        for q, cand in zip(quotes, best_candidates(quotes, models.speakers)):
            if cand is not None and not (q.speaker and q.speaker.name and cand.speaker.name == q.speaker.name):
                q.speaker = cand.speaker  # (who the rules chose keeps their mention: the whole subject phrase)
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
    decide.needs_candidates = collect is not None or chosen.speakers is not None  # features cost: only when used
    decide.needs_quote_features = collect is not None or chosen.quotes is not None
    decide.collecting = collect is not None  # training wants every quote of an article in one list
    return decide
