"""Train the English cue model on PolNeAR train; choose its threshold on PolNeAR dev.

    python -m quotegraph.train.english [--shared ../shared]

1. PolNeAR train and dev are parsed with the shipped spaCy model (``lang/en``).
2. ``lang/en/cue_lemmas.tsv``: how often each verb lemma (and «according») is a cue in train.
3. Every candidate attribution (``lang/en/attributions.py``, the same function as at run time)
   is labelled: it is an attribution when a gold cue covers its cue word and the gold content
   matches its content (score.py's IoU ≥ 0.5). Train rows see the lemma table without their own
   document's counts, so the model learns what the table is worth on unseen text.
4. Gradient-boosted trees (LightGBM, the speaker model's settings) learn from train; the
   threshold is the one with the best mean of ``score.py polnear dev``'s attribution and
   end-to-end F1 and its content, cue and source token F1 (``MEASURES``). The model is
   written to ``lang/en/cues.json``, and the figures to ``build/train/english.json``.
PolNeAR test is never read here.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import pathlib
import sys

from .attribution import PARAMS, ROOT, ROUNDS, as_trees, scorer

PACKAGE = ROOT / "src" / "quotegraph" / "lang" / "en"
# the measures issue 15 sets bars for; the threshold is the one with their best mean on dev
MEASURES = ("attribution_f1", "end_to_end_f1", "content_token_f1", "cue_token_f1", "source_token_f1")
THRESHOLDS = [round(0.05 * k, 2) for k in range(3, 13)]


def parsed(score, split: str) -> list[tuple[str, str, list, object]]:
    """(name, text, gold attributions, spaCy doc) of a PolNeAR split. The parses are kept in
    build/train/ (a spaCy DocBin, keyed by the model's version) and reused while the texts match."""
    from spacy.tokens import DocBin

    from ..lang.en import model_record, spacy_pipeline

    nlp = spacy_pipeline()
    arts = list(score.polnear_articles(split))
    texts = [text for _, text, _ in arts]
    cache = ROOT / "build" / "train" / f"polnear-{split}.{model_record()['version']}.{'-'.join(nlp.pipe_names)}.spacy"
    docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab)) if cache.exists() else []
    if [d.text for d in docs] != texts:
        docs = list(nlp.pipe(texts, batch_size=16))
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return [(name, text, score.polnear_gold(ann), doc) for (name, text, ann), doc in zip(arts, docs)]


def lemma_counts(doc, gold) -> tuple[collections.Counter, collections.Counter]:
    cue_chars = {i for g in gold for s, e in g["cue"] for i in range(s, e)}
    cues, seen = collections.Counter(), collections.Counter()
    for t in doc:
        if t.pos_ in ("VERB", "AUX") or t.lower_ == "according":
            lemma = t.lemma_.lower()
            seen[lemma] += 1
            cues[lemma] += t.idx in cue_chars
    return cues, seen


def write_lemmas(cues: collections.Counter, seen: collections.Counter) -> None:
    lines = ["# lemma\ttimes a cue\ttimes seen (verbs and «according»), PolNeAR train, "
             "en_core_web_sm 3.8.0 (python -m quotegraph.train.english)"]
    lines += [f"{lemma}\t{cues[lemma]}\t{n}" for lemma, n in sorted(seen.items(), key=lambda x: (-x[1], x[0])) if n >= 3]
    (PACKAGE / "cue_lemmas.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def iou(a, b) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter > 0 else 0.0


def labelled(doc, gold, record) -> tuple[list[dict], list[int]]:
    from ..lang.en.attributions import candidates

    rows, labels = [], []
    for c in candidates(doc, record=record):
        ok = any(any(s <= c.cue[0] < e for s, e in g["cue"]) and
                 iou(c.content, (min(s for s, _ in g["content"]), max(e for _, e in g["content"]))) >= 0.5
                 for g in gold)
        rows.append(c.features)
        labels.append(int(ok))
    return rows, labels


def records(docs, threshold: float, model: dict) -> list[dict]:
    """Records of parsed documents with ``model`` at ``threshold``, as ``quotegraph analyze`` makes them."""
    from ..lang.en import analysis
    from ..lang.en.names import build_entities
    from ..models.trees import from_json

    trees = from_json({**model, "threshold_score": threshold})
    saved = analysis.shipped
    analysis.shipped = lambda *path: trees
    try:
        return [{"id": f"polnear/{name}", "quotes": analysis.attributions(doc, build_entities(doc), 0, targets=False)}
                for name, _, _, doc in docs]
    finally:
        analysis.shipped = saved


def polnear_figures(score, split: str, recs: list[dict]) -> dict:
    path = ROOT / "build" / "train" / f"polnear-{split}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    got: dict = {}
    saved = score.report
    score.report = lambda out, headline: got.update(out)
    try:
        score.cmd_polnear(argparse.Namespace(split=split, pred=str(path), by_doc=False))
    finally:
        score.report = saved
    flat = {}
    for k, v in got.items():
        if isinstance(v, tuple):
            flat.update({f"{k}_p": v[0], f"{k}_r": v[1], k: v[2]})
        else:
            flat[k] = float(v)
    return flat


def main(argv: list[str] | None = None) -> int:
    import lightgbm
    import numpy as np

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    score = scorer(args.shared)
    train, dev = parsed(score, "train"), parsed(score, "dev")
    counts = [lemma_counts(doc, gold) for _, _, gold, doc in train]
    cues, seen = sum((c for c, _ in counts), collections.Counter()), sum((s for _, s in counts), collections.Counter())
    write_lemmas(cues, seen)
    rows, labels = [], []
    for (_, _, gold, doc), (c, s) in zip(train, counts):
        own = {lemma: (cues[lemma] - c[lemma], seen[lemma] - s[lemma]) for lemma in s}
        r, y = labelled(doc, gold, {**{k: (cues[k], n) for k, n in seen.items()}, **own})
        rows += r
        labels += y
    names = list(dict.fromkeys(n for r in rows for n in r))
    x = np.array([[r.get(n, math.nan) for n in names] for r in rows], dtype=np.float64)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(x, label=np.array(labels), feature_name=names),
                             num_boost_round=ROUNDS)
    model = as_trees(booster, 0.5, {"trained_on": "PolNeAR train", "rows": len(rows), "positives": sum(labels)}, rows)
    from ..lang.en.attributions import lemma_record
    lemma_record.cache_clear()
    by_threshold = {t: polnear_figures(score, "dev", records(dev, t, model)) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: sum(by_threshold[t][k] for k in MEASURES))
    model["threshold_score"] = best
    model["meta"]["threshold_chosen_on"] = "PolNeAR dev, best mean of " + ", ".join(MEASURES)
    (PACKAGE / "cues.json").write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    report = {"threshold": best, "dev": by_threshold[best], "dev_by_threshold": by_threshold,
              "rows": len(rows), "positives": sum(labels)}
    out = ROOT / "build" / "train" / "english.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"threshold": best, **by_threshold[best]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
