"""The tone network's forward pass in numpy: what ``quotegraph.train.tone`` trains in PyTorch.

One member of the ensemble, for a batch of targets:
- each word is its navec vector, with embeddings of its POS, its distance to the target and
  its syntactic relation to it;
- a bidirectional GRU reads the sentence;
- three poolings: the mean over the target's words, attention over all words (scored from
  the word's state and its distance), and the max;
- with the tag's embedding, a linear layer gives three logits (negative, neutral, positive);
- the bag part adds one weight row per bag feature present (a linear model beside it).

Sequences are padded to one length and masked, so a padded position never changes a state:
the same as PyTorch's packed sequences used in training.
"""
from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def gru(x: np.ndarray, mask: np.ndarray, w_ih, w_hh, b_ih, b_hh, reverse: bool) -> np.ndarray:
    """One direction of a GRU layer (PyTorch's gate order r, z, n) over x (batch, time, in)."""
    batch, steps, _ = x.shape
    hidden = w_hh.shape[1]
    gates_x = x @ w_ih.T + b_ih  # (batch, time, 3 hidden)
    h = np.zeros((batch, hidden), dtype=np.float32)
    out = np.zeros((batch, steps, hidden), dtype=np.float32)
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        gx = gates_x[:, t]
        gh = h @ w_hh.T + b_hh
        r = sigmoid(gx[:, :hidden] + gh[:, :hidden])
        z = sigmoid(gx[:, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
        n = np.tanh(gx[:, 2 * hidden:] + r * gh[:, 2 * hidden:])
        new = (1.0 - z) * n + z * h
        m = mask[:, t, None]
        h = np.where(m, new, h)
        out[:, t] = h * m
    return out


def forward(p: dict[str, np.ndarray], vectors: np.ndarray, pos: np.ndarray, dist: np.ndarray,
            rel: np.ndarray, tag: np.ndarray, bag: list[list[int]]) -> np.ndarray:
    """Logits (batch, 3) of one member ``p`` (its arrays by PyTorch parameter name).

    ``vectors`` (batch, time, 300) are the words' navec vectors; ``pos``, ``dist`` and ``rel``
    (batch, time) their ids, 0 for padding; ``tag`` (batch,) the tag ids; ``bag`` the bag
    feature ids of each target."""
    mask = pos > 0
    x = np.concatenate([vectors, p["pos.weight"][pos], p["dist.weight"][dist], p["rel.weight"][rel]], -1)
    h = np.concatenate([
        gru(x, mask, p["rnn.weight_ih_l0"], p["rnn.weight_hh_l0"], p["rnn.bias_ih_l0"], p["rnn.bias_hh_l0"], False),
        gru(x, mask, p["rnn.weight_ih_l0_reverse"], p["rnn.weight_hh_l0_reverse"],
            p["rnn.bias_ih_l0_reverse"], p["rnn.bias_hh_l0_reverse"], True)], -1)
    inside = (rel == 1)[..., None].astype(np.float32)
    target = (h * inside).sum(1) / np.maximum(inside.sum(1), 1.0)
    scores = np.concatenate([h, p["dist.weight"][dist]], -1) @ p["att.weight"][0] + p["att.bias"][0]
    scores = np.where(mask, scores, -1e9)
    weights = np.exp(scores - scores.max(1, keepdims=True))
    weights /= weights.sum(1, keepdims=True)
    context = (weights[..., None] * h).sum(1)
    strongest = np.where(mask[..., None], h, -1e9).max(1)
    pooled = np.concatenate([target, context, strongest, p["tag.weight"][tag]], -1)
    logits = pooled @ p["out.weight"].T + p["out.bias"]
    return logits + np.stack([p["bag.weight"][ids].sum(0) for ids in bag])


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
