"""Train the tone model on RuSentNE train and write ``lang/ru/tone.npz`` (``make train``).

    python -m quotegraph.train.tone RUSENTNE_DIR [--out PATH] [--members 5] [--epochs 10]

Needs PyTorch (``make train`` installs the pinned CPU build); quotegraph itself runs the
model in numpy (``tone.network``) and never imports torch. Every member of the ensemble is
the same network, trained from its own seed (0, 1, ...) with the same settings, so a rerun
gives the same weights up to floating-point noise. The weights are stored as float16.

Only ``train_data.csv`` is read here. The validation file is the test set: ``make eval``
scores the written model on it (``quotegraph.tone.evaluate``); nothing is tuned on it.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import time

import numpy as np

from ..tone.features import MAX_DISTANCE, POS, TAGS, bag, sequence
from ..tone.rusentne import Example, read

HIDDEN = 64
FEATURE_DIM = 16  # POS, distance and relation embeddings
TAG_DIM = 8
DROPOUT = 0.4
EPOCHS = 10
BATCH = 32
LEARNING_RATE = 2e-3
WEIGHT_DECAY = 1e-4
BAG_L2 = 0.01  # on the bag weights present in a batch
CLASS_WEIGHTS = (2.0, 1.0, 2.0)  # negative, neutral, positive: neutral is 72 % of RuSentNE
MEMBERS = 3  # networks averaged: 5 scored the same within noise (0.538 against 0.533) at 5/3 the time
FOLDS = 5  # the decision threshold is chosen on this many folds of the training data
MIN_BAG_COUNT = 2  # a bag feature is kept when seen in at least this many training examples
OUT = pathlib.Path(__file__).resolve().parents[1] / "lang" / "ru" / "tone.npz"


def network(n_bag: int):
    import torch
    from torch import nn

    class ToneNet(nn.Module):
        """The network of ``tone.network``; parameter names are the keys it reads."""

        def __init__(self):
            super().__init__()
            self.pos = nn.Embedding(len(POS), FEATURE_DIM, padding_idx=0)
            self.dist = nn.Embedding(2 * MAX_DISTANCE + 2, FEATURE_DIM, padding_idx=0)
            self.rel = nn.Embedding(6, FEATURE_DIM, padding_idx=0)
            self.tag = nn.Embedding(len(TAGS), TAG_DIM)
            self.drop = nn.Dropout(DROPOUT)
            self.rnn = nn.GRU(300 + 3 * FEATURE_DIM, HIDDEN, batch_first=True, bidirectional=True)
            self.att = nn.Linear(2 * HIDDEN + FEATURE_DIM, 1)
            self.out = nn.Linear(6 * HIDDEN + TAG_DIM, 3)
            self.bag = nn.Embedding(n_bag + 1, 3, padding_idx=0)
            nn.init.zeros_(self.bag.weight)

        def forward(self, vectors, pos, dist, rel, tag, bag_ids, lengths):
            mask = pos > 0
            x = torch.cat([vectors, self.pos(pos), self.dist(dist), self.rel(rel)], -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.rnn(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            inside = (rel == 1).float().unsqueeze(-1)
            target = (h * inside).sum(1) / inside.sum(1).clamp(min=1)
            scores = self.att(torch.cat([h, self.dist(dist)], -1)).squeeze(-1).masked_fill(~mask, -1e9)
            context = (scores.softmax(-1).unsqueeze(-1) * h).sum(1)
            strongest = h.masked_fill(~mask.unsqueeze(-1), -1e9).max(1).values
            pooled = torch.cat([target, context, strongest, self.tag(tag)], -1)
            return self.out(self.drop(pooled)) + self.bag(bag_ids).sum(1)

    return ToneNet()


class Encoded:
    """The training examples as padded tensors, built once."""

    def __init__(self, examples: list[Example], bag_ids: dict[str, int]):
        import torch

        from ..nlp import models

        navec = models().embedding
        seqs = [sequence(e.target) for e in examples]
        self.lengths = torch.tensor([len(s[0]) for s in seqs])
        steps = int(self.lengths.max())
        vectors = np.zeros((len(seqs), steps, 300), dtype=np.float32)
        ids = np.zeros((3, len(seqs), steps), dtype=np.int64)
        for b, (words, pos, dist, rel, _) in enumerate(seqs):
            for i, word in enumerate(words):
                v = navec.get(word)
                if v is not None:
                    vectors[b, i] = v
            for k, row in enumerate((pos, dist, rel)):
                ids[k, b, :len(row)] = row
        bags = [[bag_ids[f] for f in bag(e.target) if f in bag_ids] or [0] for e in examples]
        width = max(map(len, bags))
        self.vectors = torch.tensor(vectors)
        self.pos, self.dist, self.rel = (torch.tensor(a) for a in ids)
        self.tag = torch.tensor([s[4] for s in seqs])
        self.bags = torch.tensor([b + [0] * (width - len(b)) for b in bags])
        self.labels = torch.tensor([e.label for e in examples])

    def batch(self, index):
        steps = int(self.lengths[index].max())
        return (self.vectors[index, :steps], self.pos[index, :steps], self.dist[index, :steps],
                self.rel[index, :steps], self.tag[index], self.bags[index], self.lengths[index])


def train_member(data: Encoded, n_bag: int, seed: int, epochs: int) -> dict[str, np.ndarray]:
    import torch
    from torch import nn

    torch.manual_seed(seed)
    order = np.random.default_rng(seed)
    net = network(n_bag)
    optimizer = torch.optim.AdamW(net.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_of = nn.CrossEntropyLoss(weight=torch.tensor(CLASS_WEIGHTS))
    for _ in range(epochs):
        net.train()
        shuffled = torch.tensor(order.permutation(len(data.labels)))
        for at in range(0, len(shuffled), BATCH):
            index = shuffled[at:at + BATCH]
            inputs = data.batch(index)
            optimizer.zero_grad()
            loss = loss_of(net(*inputs), data.labels[index])
            loss = loss + BAG_L2 * net.bag(inputs[5]).pow(2).sum() / len(index)
            loss.backward()
            optimizer.step()
    return {name: t.detach().numpy().astype(np.float16) for name, t in net.state_dict().items()}


def choose_threshold(examples: list[Example], bag_ids: dict[str, int], features: list[str], folds: int,
                     epochs: int) -> tuple[float, float]:
    """The score threshold of ``tone.model.label`` that maximises RuSentNE's F1 (pos/neg) on
    out-of-fold predictions over the training data, and that F1. Folds split by sentence, so
    no sentence is in training and in test at once; one member per fold."""
    from ..tone.model import ToneModel, scores_of
    from ..tone.rusentne import scores

    sentences = sorted({e.target.words for e in examples}, key=lambda words: " ".join(w.text for w in words))
    order = np.random.default_rng(0).permutation(len(sentences))
    fold_of = {sentences[i]: k % folds for k, i in enumerate(order)}
    predicted = np.zeros(len(examples))
    for fold in range(folds):
        train = [e for e in examples if fold_of[e.target.words] != fold]
        test = [k for k, e in enumerate(examples) if fold_of[e.target.words] == fold]
        arrays = {f"0/{name}": a for name, a in
                  train_member(Encoded(train, bag_ids), len(features), fold, epochs).items()}
        model = ToneModel({"bag_features": np.array(features), "members": np.array(1), **arrays})
        predicted[test] = scores_of(model.probabilities([examples[k].target for k in test])).round(3)
        print(f"fold {fold + 1} of {folds} predicted", flush=True)
    gold = [e.label for e in examples]
    best = max((scores(gold, [2 if p >= t else 0 if p <= -t else 1 for p in predicted])["f1_pn"], -t)
               for t in np.arange(0.0, 0.61, 0.02))
    return round(-best[1], 2), best[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rusentne", type=pathlib.Path, help="the RuSentNE folder (train_data.csv)")
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    ap.add_argument("--members", type=int, default=MEMBERS)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--folds", type=int, default=FOLDS, help="cross-validation folds for the decision threshold")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    examples = read(args.rusentne / "train_data.csv")
    counts = collections.Counter(f for e in examples for f in bag(e.target))
    features = sorted(f for f, n in counts.items() if n >= MIN_BAG_COUNT)
    bag_ids = {f: i + 1 for i, f in enumerate(features)}
    data = Encoded(examples, bag_ids)
    print(f"{len(examples)} training examples, {len(features)} bag features "
          f"({time.perf_counter() - started:.0f} s to read)", flush=True)
    threshold, cv_f1 = choose_threshold(examples, bag_ids, features, args.folds, args.epochs)
    print(f"threshold {threshold:.2f} (cross-validated F1 pos/neg on train {cv_f1:.3f})", flush=True)
    arrays: dict[str, np.ndarray] = {"bag_features": np.array(features), "members": np.array(args.members),
                                     "threshold": np.array(threshold),
                                     "meta/trained_on": np.array("RuSentNE-2023 train_data.csv"),
                                     "meta/epochs": np.array(str(args.epochs))}
    for seed in range(args.members):
        for name, a in train_member(data, len(features), seed, args.epochs).items():
            arrays[f"{seed}/{name}"] = a
        print(f"member {seed + 1} of {args.members} trained ({time.perf_counter() - started:.0f} s)", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
