"""Train the English tone model on NewsMTSC train (``make train``); report it on NewsMTSC dev.

    python -m quotegraph.train.tone_english [--shared ../shared]

Each target of NewsMTSC's rw train set becomes a row of ``lang/en/tone.py``'s features (the
same function as at run time); three LightGBM models, one class against the rest, are written
to ``lang/en/tone_{negative,neutral,positive}.json``. The dev sets (rw and mt) are only
reported (``build/train/tone_english.json``); the test sets are never read here.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import pathlib
import sys

from .attribution import PARAMS, ROOT, as_trees

PACKAGE = ROOT / "src" / "quotegraph" / "lang" / "en"
ROUNDS = 400
LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
MIN_COUNT = 3  # sentences a lemma must occur in to get a log-odds


def parsed(path: pathlib.Path) -> list[tuple[dict, object]]:
    from ..lang.en import spacy_pipeline

    items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    return list(zip(items, spacy_pipeline().pipe((i["sentence_normalized"] for i in items), batch_size=64)))


def lemma_counts(doc, labels: list[str]) -> collections.Counter:
    """(lemma, label) counts of one sentence: each lemma once per sentence and label."""
    lemmas = {t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop}
    return collections.Counter((lemma, label) for lemma in lemmas for label in set(labels))


def word_table(counts: collections.Counter, totals: collections.Counter) -> dict[str, tuple[float, float]]:
    """lemma → smoothed log-odds of positive and of negative against the other labels."""
    lemmas = {lemma for lemma, _ in counts}
    out = {}
    for lemma in lemmas:
        n = {c: counts[(lemma, c)] for c in ("positive", "negative", "neutral")}
        if sum(n.values()) < MIN_COUNT:
            continue
        odds = []
        for c in ("positive", "negative"):
            rest = sum(v for k, v in n.items() if k != c)
            rest_total = sum(v for k, v in totals.items() if k != c)
            odds.append(math.log((n[c] + 1) / (totals[c] + 2)) - math.log((rest + 1) / (rest_total + 2)))
        out[lemma] = (round(odds[0], 3), round(odds[1], 3))
    return out


def rows_of(docs, record=None, own=None) -> tuple[list[dict], list[str]]:
    from ..lang.en.tone import features

    rows, labels = [], []
    for k, (item, doc) in enumerate(docs):
        table = own(k, item, doc) if own else record
        for t in item["targets"]:
            f = features(doc, t["from"], t["to"], table)
            if f is not None:
                rows.append(f)
                labels.append(LABELS[float(t["polarity"])])
    return rows, labels


def write_words(table: dict) -> None:
    lines = ["# lemma\tlog-odds of a positive target\tlog-odds of a negative one, in NewsMTSC rw train sentences "
             "(python -m quotegraph.train.tone_english)"]
    lines += [f"{lemma}\t{p}\t{n}" for lemma, (p, n) in sorted(table.items())]
    (PACKAGE / "tone_words.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    f1s = []
    for c in ("negative", "neutral", "positive"):
        tp = sum(g == p == c for g, p in zip(gold, predicted))
        n_pred, n_gold = predicted.count(c), gold.count(c)
        p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / 3


def main(argv: list[str] | None = None) -> int:
    import lightgbm
    import numpy as np

    from ..lang.en.tone import CLASSES
    from ..models.trees import from_json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    data = args.shared / "data" / "newsmtsc"
    train = parsed(data / "rw" / "train.jsonl")
    per = [lemma_counts(doc, [LABELS[float(t["polarity"])] for t in item["targets"]]) for item, doc in train]
    counts = sum(per, collections.Counter())
    totals = collections.Counter(LABELS[float(t["polarity"])] for item, _ in train for t in item["targets"])
    table = word_table(counts, totals)
    write_words(table)

    def without_own(k, item, doc):  # a sentence's own labels never count for its words
        mine = per[k]
        own_totals = collections.Counter(LABELS[float(t["polarity"])] for t in item["targets"])
        lemmas = {lemma for lemma, _ in mine}
        keys = [(lemma, c) for lemma in lemmas for c in ("positive", "negative", "neutral")]
        mine_table = word_table(collections.Counter({key: counts[key] - mine[key] for key in keys}), totals - own_totals)
        return collections.ChainMap({lemma: mine_table.get(lemma) for lemma in lemmas if lemma in table}, table)

    rows, labels = rows_of(train, own=without_own)
    names = list(rows[0])
    x = np.array([[r.get(n, math.nan) for n in names] for r in rows], dtype=np.float64)
    params = {**PARAMS, "learning_rate": 0.05, "num_leaves": 31, "max_depth": 6, "min_data_in_leaf": 20,
              "feature_fraction": 0.5}
    models = {}
    for c in CLASSES:
        y = np.array([int(label == c) for label in labels])
        booster = lightgbm.train(params, lightgbm.Dataset(x, label=y, feature_name=names), num_boost_round=ROUNDS)
        models[c] = as_trees(booster, 0.5, {"trained_on": "NewsMTSC rw train", "class": c, "rows": len(rows)}, rows)
    report = {"train_targets": len(rows)}
    for name in ("rw", "mt"):
        dev_rows, dev_labels = rows_of(parsed(data / name / "dev.jsonl"), table)
        probs = {c: from_json(models[c]).scores(dev_rows) for c in CLASSES}
        predicted = [max(CLASSES, key=lambda c: probs[c][i]) for i in range(len(dev_rows))]
        report[f"{name}_dev_f1_macro"] = macro_f1(dev_labels, predicted)
        report[f"{name}_dev_accuracy"] = sum(g == p for g, p in zip(dev_labels, predicted)) / len(dev_labels)
    for c in CLASSES:
        (PACKAGE / f"tone_{c}.json").write_text(json.dumps(models[c], separators=(",", ":")) + "\n", encoding="utf-8")
    out = ROOT / "build" / "train" / "tone_english.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
