"""The tone model: probabilities of negative, neutral and positive for targets.

The weights are ``lang/ru/tone.npz`` (a few MB), made by ``make train`` from RuSentNE train
(``quotegraph.train.tone``): an ensemble of small networks (``tone.network``), averaged. The
word vectors are natasha's navec, which quotegraph loads anyway; nothing is fetched.
"""
from __future__ import annotations

import functools
from importlib import resources

import numpy as np

from ..errors import SetupError
from .features import Target, bag, sequence
from .network import forward_all, softmax, stack

LABELS = ("negative", "neutral", "positive")  # the order of the probabilities
PATH = ("lang", "ru", "tone.npz")
BATCH_WORDS = 4096  # padded words in one batch: its arrays stay under ~40 MB


class ToneModel:
    def __init__(self, arrays: dict[str, np.ndarray]):
        self.bag_ids = {f: i + 1 for i, f in enumerate(arrays["bag_features"].tolist())}  # 0: none
        self.members = [{name.split("/", 1)[1]: a.astype(np.float32) for name, a in arrays.items()
                         if name.startswith(f"{k}/")} for k in range(int(arrays["members"]))]
        self.meta = {k.removeprefix("meta/"): str(v) for k, v in arrays.items() if k.startswith("meta/")}
        # |score| at which a target stops being neutral, chosen by cross-validation on train
        self.threshold = float(arrays["threshold"]) if "threshold" in arrays else None
        self.stacked = stack(self.members)

    def inputs(self, targets: list[Target]):
        """The batch's arrays for ``network.forward_all``: its distinct words' navec vectors
        (row 0 zeros: padding and words navec lacks), the word ids, POS, distance and
        relation ids per target and time (0: padding), the tag ids and the bag feature ids."""
        from ..nlp import models

        navec = models().embedding
        seqs = [sequence(t) for t in targets]
        steps = max(len(s[0]) for s in seqs)
        rows: dict[str, int] = {}
        vectors = [np.zeros(300, dtype=np.float32)]
        word_ids, pos, dist, rel = (np.zeros((len(seqs), steps), dtype=np.int64) for _ in range(4))
        for b, (words, p, d, r, _) in enumerate(seqs):
            for i, word in enumerate(words):
                if word not in rows:
                    v = navec.get(word)
                    rows[word] = 0 if v is None else len(vectors)
                    if v is not None:
                        vectors.append(np.asarray(v, dtype=np.float32))
                word_ids[b, i] = rows[word]
            pos[b, :len(p)], dist[b, :len(d)], rel[b, :len(r)] = p, d, r
        tag = np.array([s[4] for s in seqs], dtype=np.int64)
        bags = [[self.bag_ids[f] for f in bag(t) if f in self.bag_ids] or [0] for t in targets]
        return np.stack(vectors), word_ids, pos, dist, rel, tag, bags

    def probabilities(self, targets: list[Target], batch: int = 64) -> np.ndarray:
        """(n, 3) probabilities, in the order of LABELS; the members' mean. Targets are
        batched by sentence length, so little time goes to padding, and a batch holds at most
        ``batch`` targets and BATCH_WORDS padded words, so memory stays bounded whatever the
        sentences (a 500-word one takes 8 to a batch)."""
        out = np.zeros((len(targets), 3), dtype=np.float32)
        order = sorted(range(len(targets)), key=lambda k: len(targets[k].words))
        chosen: list[int] = []
        for k in order + [None]:
            if chosen and (k is None or len(chosen) == batch
                           or (len(chosen) + 1) * len(targets[k].words) > BATCH_WORDS):
                out[chosen] = softmax(forward_all(self.stacked, *self.inputs([targets[j] for j in chosen]))).mean(0)
                chosen = []
            if k is not None:
                chosen.append(k)
        return out


@functools.cache
def tone_model() -> ToneModel:
    path = resources.files("quotegraph").joinpath(*PATH)
    try:
        with path.open("rb") as f, np.load(f) as arrays:
            return ToneModel({k: arrays[k] for k in arrays.files})
    except FileNotFoundError:
        raise SetupError(f"the tone model {'/'.join(PATH)} is missing; rebuild it with `make train`") from None


def scores_of(probabilities: np.ndarray) -> np.ndarray:
    """Each row's score: P(positive) - P(negative), in [-1, 1]."""
    return probabilities[:, 2] - probabilities[:, 0]


def label(score: float, threshold: float) -> str:
    """Positive from ``threshold`` up, negative from ``-threshold`` down, else neutral."""
    return "positive" if score >= threshold else "negative" if score <= -threshold else "neutral"


def rated(probabilities: np.ndarray, threshold: float | None = None) -> tuple[str, float]:
    """The label of one row of probabilities and its score. Without a threshold (a model
    trained without one) the label is the likeliest class."""
    score = round(float(probabilities[2] - probabilities[0]), 3)  # the label follows the score shown
    return (LABELS[int(probabilities.argmax())] if threshold is None else label(score, threshold)), score
