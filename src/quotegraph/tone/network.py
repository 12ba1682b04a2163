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
    """Logits (batch, 3) of one member ``p`` (its arrays by PyTorch parameter name): the
    plain, readable pass. quotegraph runs ``forward_all`` (the same numbers, faster); this one
    is its reference in the tests.

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


def stack(members: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The members' arrays stacked on a first axis, the two GRU directions on a second, so
    that ``forward_all`` runs every member and direction in one loop over time.

    The GRU's gate weights come scaled for the loop: numpy's float32 ``tanh`` costs twice its
    ``exp`` where the CPU lacks AVX-512, so the loop takes sigmoid(x) as 1 / (1 + exp(-x)) and
    tanh(x) as 2 / (1 + exp(-2x)) - 1, and every input of a gate comes already multiplied by
    -1 (reset and update gates) or -2 (the new state). The hidden bias of the reset and update
    gates joins the input bias; the new state's stays apart, as the reset gate scales it."""
    out = {name: np.stack([m[name] for m in members]) for name in members[0] if not name.startswith("rnn.")}
    rnn = {kind: np.stack([np.stack([m[f"rnn.{kind}_l0"], m[f"rnn.{kind}_l0_reverse"]]) for m in members])
           for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    hidden = rnn["weight_hh"].shape[-1]
    scale = np.repeat(np.array([-1.0, -1.0, -2.0], dtype=np.float32), hidden)  # per gate row: r, z, n
    w_ih = rnn["weight_ih"] * scale[:, None]  # (members, 2, 3 hidden, 300 + 3 features)
    b_hh = rnn["bias_hh"] * scale
    width = out["pos.weight"].shape[-1]
    n_words = w_ih.shape[-1] - 3 * width
    # the word part of the input projection as one matrix (300, members x 2 x 3 hidden): one
    # product for all members and directions, twice as fast as a stacked one
    out["gru.words"] = np.ascontiguousarray(w_ih[..., :n_words].transpose(3, 0, 1, 2).reshape(n_words, -1))
    # the POS, distance and relation embeddings through their slice of the input projection,
    # as tables (ids, members, 2, 3 hidden): a lookup each instead of a product per batch
    for k, name in enumerate(("pos", "dist", "rel")):
        part = w_ih[..., n_words + k * width:n_words + (k + 1) * width]
        out[name + ".gates"] = np.einsum("mef,mdgf->emdg", out[name + ".weight"], part)
    out["gru.bias"] = rnn["bias_ih"] * scale + np.concatenate([b_hh[..., :2 * hidden], 0 * b_hh[..., 2 * hidden:]], -1)
    out["gru.bias_n"] = np.ascontiguousarray(b_hh[..., None, 2 * hidden:])  # (members, 2, 1, hidden)
    out["gru.hidden"] = np.ascontiguousarray((rnn["weight_hh"] * scale[:, None]).swapaxes(-1, -2))  # (.., hidden, 3 hidden)
    return out


def forward_all(s: dict[str, np.ndarray], words: np.ndarray, word_ids: np.ndarray, pos: np.ndarray,
                dist: np.ndarray, rel: np.ndarray, tag: np.ndarray, bag: list[list[int]]) -> np.ndarray:
    """Logits (members, batch, 3) of every member at once: ``forward`` for stacked arrays
    (``stack``), the same numbers. ``words`` (n, 300) are the batch's distinct navec vectors
    and ``word_ids`` (batch, time) index them, so each word's input projection is computed
    once for all the targets of its sentence; the POS, distance and relation embeddings go
    through the projection as tables. One loop over time serves all members and both
    directions, which keeps numpy's per-call cost off the hot path."""
    members, (batch, steps) = s["out.bias"].shape[0], pos.shape
    mask = pos > 0
    hidden = s["gru.hidden"].shape[-2]
    rnn_shape = s["gru.bias"].shape  # (members, 2, 3 hidden)
    # (batch, time, members, 2, 3h) while it is built, scaled as ``stack`` says
    gates_x = (words @ s["gru.words"]).reshape(-1, *rnn_shape)[word_ids]
    for name, ids in (("pos", pos), ("dist", dist), ("rel", rel)):
        gates_x += s[name + ".gates"][ids]
    gates_x += s["gru.bias"]
    # the reverse direction reads each sentence backwards from its own last word, so in both
    # directions the padding comes last and never reaches a word's state: no masks in the loop
    lengths = mask.sum(1)
    steps_back = np.where(mask, lengths[:, None] - 1 - np.arange(steps), np.arange(steps))
    rows = np.arange(batch)[:, None]
    gates_x[:, :, :, 1] = gates_x[rows, steps_back, :, 1]
    gates_x = gates_x.transpose(2, 3, 0, 1, 4)  # (members, 2, batch, time, 3h), a view
    w_hh, b_n = s["gru.hidden"], s["gru.bias_n"]
    h = np.zeros((members, 2, batch, hidden), dtype=np.float32)
    gh = np.empty((members, 2, batch, 3 * hidden), dtype=np.float32)
    out = np.empty((members, 2, batch, steps, hidden), dtype=np.float32)
    with np.errstate(over="ignore"):  # exp(88+) is inf, and 1 / (1 + inf) the right 0
        for t in range(steps):
            gx = gates_x[:, :, :, t]
            np.matmul(h, w_hh, out=gh)
            rz = gh[..., :2 * hidden]
            rz += gx[..., :2 * hidden]
            np.exp(rz, out=rz)
            rz += 1.0
            np.reciprocal(rz, out=rz)  # the reset and update gates
            n = gh[..., 2 * hidden:]
            n += b_n
            n *= rz[..., :hidden]
            n += gx[..., 2 * hidden:]
            np.exp(n, out=n)
            n += 1.0
            np.divide(2.0, n, out=n)
            n -= 1.0  # the new state, tanh
            h -= n
            h *= rz[..., hidden:]
            h += n  # (1 - z) n + z h
            out[:, :, :, t] = h
    out[:, 1] = out[:, 1, rows, steps_back]  # back to the sentence's order
    h = np.concatenate([out[:, 0], out[:, 1]], -1) * mask[None, ..., None]  # (members, batch, time, 2h)
    inside = (rel == 1)[None, ..., None].astype(np.float32)
    target = (h * inside).sum(2) / np.maximum(inside.sum(2), 1.0)
    dist_emb = s["dist.weight"][:, dist]
    scores = np.einsum("mbti,mi->mbt", np.concatenate([h, dist_emb], -1), s["att.weight"][:, 0]) \
        + s["att.bias"][:, :, None]
    scores = np.where(mask[None], scores, -1e9)
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    weights /= weights.sum(-1, keepdims=True)
    context = (weights[..., None] * h).sum(2)
    strongest = np.where(mask[None, ..., None], h, -1e9).max(2)
    pooled = np.concatenate([target, context, strongest, s["tag.weight"][:, tag]], -1)
    logits = pooled @ s["out.weight"].swapaxes(-1, -2) + s["out.bias"][:, None]
    return logits + np.stack([s["bag.weight"][:, ids].sum(1) for ids in bag], 1)
