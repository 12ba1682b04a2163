"""Train the quote and speaker models on the annotated documents, measured by cross-validation.

    python -m quotegraph.train.attribution [--shared ../shared] [--folds 5]

1. Every annotated document (``gold/*.jsonl``: NEREL train and factRuEval dev) goes through the
   pipeline with the rules' decisions only, and its candidate quotes are kept with their
   features and speaker candidates (``stages/quote_features.py``, ``stages/speaker_candidates.py``:
   the same functions as at run time).
2. Labels, from score.py's own matching of quotes to gold quotes: a candidate quote is a quote
   when it matches one; a speaker candidate is right when it is the gold speaker mention or its
   name is the gold speaker's (score.py's strict comparison; the lenient one where no candidate
   is right strictly).
3. K-fold cross-validation by document: models learned on the other folds decide each fold's
   documents; score.py's ``quotes`` figures are computed on those decisions, next to the rules'
   own on the same documents.
4. The quote model's threshold is the one with the best held-out end-to-end F1 in the
   cross-validation (so that figure is a little optimistic). NEREL dev, the tuning set, is never
   trained on; it is measured with the final models.
5. The models learned on all documents are written as JSON (``models/trees.py``), each with a
   few rows and their LightGBM scores, so CI checks the numpy evaluator without LightGBM. The
   quote model is written only if it beats the speaker model alone both held out and on dev.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import pathlib
import random
import sys

from ..stages.decide import Models
from . import gold as goldset

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "quotegraph" / "lang" / "ru"
GOLD_FILES = ("nerel-train.jsonl", "factru-dev.jsonl")
# small on purpose: 100 trees of depth ≤ 5 score an article's candidates in well under a millisecond
PARAMS = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 15, "max_depth": 5, "min_data_in_leaf": 10,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "verbose": -1, "seed": 14, "num_threads": 2, "deterministic": True, "force_row_wise": True}
ROUNDS = 100
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 16)]  # quote model thresholds tried on dev


def scorer(shared: pathlib.Path):
    """../shared/eval/score.py as a module (standard library only)."""
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- 1. candidates of every annotated document ---------------------------------------------

def analysed(docs: list[dict]) -> list[dict]:
    """Each gold document with the rules' record and its candidate quotes (``quotes``)."""
    from ..pipeline import Pipeline
    from ..readers import text_article

    out = []
    for doc in docs:
        collected: list = []
        record = Pipeline(models=None, collect=collected)(text_article(doc["text"], doc["id"], doc["id"]))
        finder, quotes = collected[0] if collected else (None, [])
        out.append({"id": doc["id"], "text": doc["text"], "gold": doc["quotes"], "record": record,
                    "finder": finder, "quotes": quotes})
    return out


# --- 2. labels -----------------------------------------------------------------------------

def matched(doc: dict, score) -> dict[int, int]:
    """Candidate quote index → gold quote index, by score.py's matching."""
    pairs = score.match(doc["gold"], [{"start": q.start, "end": q.end} for q in doc["quotes"]], doc["text"])
    return {j: i for i, j, _ in pairs}


def speaker_labels(doc: dict, score) -> list[tuple[int, list[int]]]:
    """(quote index, candidate labels) of the matched quotes that have a right candidate."""
    out = []
    for j, i in matched(doc, score).items():
        g = doc["gold"][i]
        wanted, ms, me = g.get("speaker"), g.get("mention_start"), g.get("mention_end")
        cands = doc["quotes"][j].candidates
        labels = [int(score.speaker_match(wanted, c.speaker.name, False)
                      or (ms is not None and c.token is not None and ms <= c.token.start < me)) for c in cands]
        if not any(labels):
            labels = [int(score.speaker_match(wanted, c.speaker.name, True)) for c in cands]
        if any(labels):
            out.append((j, labels))
    return out


def speaker_rows(docs: list[dict], score) -> tuple[list[dict], list[int], list[int]]:
    """The candidates of every matched quote with a right one, their labels, and how many
    candidates each quote has (the ranker's groups)."""
    rows, labels, groups = [], [], []
    for doc in docs:
        for j, ys in speaker_labels(doc, score):
            rows += [c.features for c in doc["quotes"][j].candidates]
            labels += ys
            groups.append(len(ys))
    return rows, labels, groups


def quote_rows(docs: list[dict], score) -> tuple[list[dict], list[int], None]:
    """The candidate quotes of the patterns the rules are unsure of; a quote when it matches gold."""
    from ..stages.decide import unsure

    rows, labels = [], []
    for doc in docs:
        hit = matched(doc, score)
        for j, q in enumerate(doc["quotes"]):
            if unsure(q):
                rows.append(q.features)
                labels.append(int(j in hit))
    return rows, labels, None


# --- 3. fitting, deciding, scoring -----------------------------------------------------------

def fit(rows: list[dict], labels: list[int], groups: list[int] | None = None):
    """A binary classifier, or with ``groups`` (rows per quote) a ranker: the speaker model
    picks one candidate per quote, so it learns to order each quote's candidates (lambdarank;
    held out, +0.007 end-to-end lenient F1 over the binary objective, with the rank features)."""
    import lightgbm
    import numpy as np

    names = list(rows[0])
    x = np.array([[r.get(n, math.nan) for n in names] for r in rows], dtype=np.float64)
    params = PARAMS if groups is None else {**PARAMS, "objective": "lambdarank"}
    return lightgbm.train(params, lightgbm.Dataset(x, label=np.array(labels), feature_name=names, group=groups),
                          num_boost_round=ROUNDS)


def as_trees(booster, threshold: float, meta: dict, rows: list[dict]) -> dict:
    """The booster in this project's JSON format, with check rows scored by LightGBM."""
    import numpy as np

    from ..models.trees import from_lightgbm

    data = from_lightgbm(booster.dump_model(), threshold=threshold, meta=meta)
    names = data["features"]
    sample = random.Random(14).sample(rows, min(40, len(rows)))
    x = np.array([[r.get(n, math.nan) for n in names] for r in sample], dtype=np.float64)
    data["check"] = {"rows": [[None if math.isnan(v) else v for v in row] for row in x.tolist()],
                     "raw_scores": booster.predict(x, raw_score=True).tolist()}
    return data


def models_of(boosters: dict, threshold: float, rows: dict) -> Models:
    """Models from LightGBM boosters (by name: quotes, speakers; None for the rules), through
    this project's JSON format, as they run in the package."""
    from ..models.trees import from_json

    def one(name: str):
        b = boosters.get(name)
        return from_json(as_trees(b, threshold if name == "quotes" else 0.0, {}, rows[name])) if b else None
    return Models(quotes=one("quotes"), speakers=one("speakers"))


def predicted(doc: dict, models: Models) -> dict:
    """The document's quotes as score.py reads them, decided by ``models`` (the rules' decisions
    where a model is None). The candidate quotes are copied, so the document can be decided again."""
    from dataclasses import replace

    from ..stages.decide import decided

    quotes = decided(doc["finder"], [replace(q) for q in doc["quotes"]], models)
    return {"id": doc["id"], "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker.name if q.speaker else None}
                                        for q in quotes]}


def figures(score, docs: list[dict], preds: list[dict]) -> dict[str, float]:
    """score.py ``quotes`` figures of predictions against the documents' gold."""
    n_gold = n_pred = tp = strict = lenient = 0
    by_id = {p["id"]: p for p in preds}
    for d in docs:
        p = by_id.get(d["id"], {"quotes": []})
        m = score.match(d["gold"], p["quotes"], d["text"])
        n_gold, n_pred, tp = n_gold + len(d["gold"]), n_pred + len(p["quotes"]), tp + len(m)
        strict += sum(score.speaker_match(d["gold"][i].get("speaker"), p["quotes"][j]["speaker"], False) for i, j, _ in m)
        lenient += sum(score.speaker_match(d["gold"][i].get("speaker"), p["quotes"][j]["speaker"], True) for i, j, _ in m)
    ext, e2e_l, e2e_s = (score.prf(v, n_pred, n_gold) for v in (tp, lenient, strict))
    return {"extraction_p": ext[0], "extraction_r": ext[1], "extraction_f1": ext[2],
            "end_to_end_f1_lenient": e2e_l[2], "end_to_end_f1_strict": e2e_s[2],
            "attribution_accuracy_strict": strict / tp if tp else 0.0,
            "attribution_accuracy_lenient": lenient / tp if tp else 0.0,
            "documents": len(docs), "gold_quotes": n_gold}


def folds_of(docs: list[dict], k: int, seed: int = 14) -> list[list[dict]]:
    order = sorted(docs, key=lambda d: d["id"])
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def trained(docs: list[dict], score) -> tuple[dict, dict]:
    """LightGBM boosters of the two models learned from ``docs``, and their rows."""
    rows, boosters = {}, {}
    for name, make in (("quotes", quote_rows), ("speakers", speaker_rows)):
        x, y, groups = make(docs, score)
        rows[name], boosters[name] = x, fit(x, y, groups)
    return boosters, rows


def cross_validate(docs: list[dict], score, k: int) -> tuple[dict[str, dict], float, dict[float, float]]:
    """Figures over the held-out folds, adding the models one at a time to the rules; the quote
    model at the threshold with the best held-out end-to-end lenient F1 (the threshold, and the F1
    of every threshold tried, are returned too)."""
    preds: dict[str, list] = {"rules": [], "speaker model": []}
    by_threshold: dict[float, list] = {t: [] for t in THRESHOLDS}
    for i, held in enumerate(folds := folds_of(docs, k)):
        train = [d for j, fold in enumerate(folds) if j != i for d in fold]
        boosters, rows = trained(train, score)
        preds["rules"] += [predicted(d, Models()) for d in held]
        speakers = models_of({"speakers": boosters["speakers"]}, 0.0, rows)
        preds["speaker model"] += [predicted(d, speakers) for d in held]
        for t in THRESHOLDS:
            by_threshold[t] += [predicted(d, models_of(boosters, t, rows)) for d in held]
    f1 = {t: figures(score, docs, p)["end_to_end_f1_lenient"] for t, p in by_threshold.items()}
    threshold = max(THRESHOLDS, key=lambda t: (f1[t], -abs(t - 0.5)))
    preds["both models"] = by_threshold[threshold]
    return {name: figures(score, docs, p) for name, p in preds.items()}, threshold, f1


def dev_documents(shared: pathlib.Path) -> list[dict]:
    lines = (shared / "eval" / "gold" / "nerel-dev.jsonl").read_text(encoding="utf-8").splitlines()
    out = []
    for line in filter(str.strip, lines):
        d = json.loads(line)
        d["text"] = goldset.text_of(d["id"], shared)
        out.append(d)
    return analysed(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    ap.add_argument("--gold", type=pathlib.Path, default=ROOT / "gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=pathlib.Path, default=PACKAGE, help="folder for speakers.json (and quotes.json)")
    ap.add_argument("--report", type=pathlib.Path, default=ROOT / "build" / "train" / "attribution.json")
    args = ap.parse_args(argv)
    score = scorer(args.shared)
    docs = analysed(goldset.load([args.gold / name for name in GOLD_FILES], args.shared))
    dev = dev_documents(args.shared)
    cv, threshold, by_threshold = cross_validate(docs, score, args.folds)
    boosters, rows = trained(docs, score)
    final = models_of(boosters, threshold, rows)
    speakers_only = models_of({"speakers": boosters["speakers"]}, 0.0, rows)
    report = {"documents": len(docs), "gold_quotes": sum(len(d["gold"]) for d in docs),
              "rows": {name: len(r) for name, r in rows.items()}, "threshold": threshold,
              "cv_by_threshold": by_threshold, "folds": args.folds, "params": PARAMS, "rounds": ROUNDS,
              "cv": cv, "dev": {"rules": figures(score, dev, [predicted(d, Models()) for d in dev]),
                                "speaker model": figures(score, dev, [predicted(d, speakers_only) for d in dev]),
                                "both models": figures(score, dev, [predicted(d, final) for d in dev])}}
    # the quote model ships only where it helps on both: held-out annotated documents and NEREL dev
    gain = {where: report[where if where == "cv" else "dev"]["both models"]["end_to_end_f1_lenient"]
            - report[where if where == "cv" else "dev"]["speaker model"]["end_to_end_f1_lenient"] for where in ("cv", "dev")}
    ship = ["speakers"] + (["quotes"] if min(gain.values()) > 0 else [])
    report["quote_model_gain"], report["shipped"] = gain, ship
    shipped_as = "both models" if "quotes" in ship else "speaker model"  # the figures of what ships
    meta = {"trained_on": list(GOLD_FILES), "documents": len(docs), "objective": "lambdarank",
            "cv": cv[shipped_as], "dev": report["dev"][shipped_as]}
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("quotes", "speakers"):
        path = args.out / f"{name}.json"
        if name not in ship:
            path.unlink(missing_ok=True)
            continue
        data = as_trees(boosters[name], threshold if name == "quotes" else 0.0, meta, rows[name])
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(docs)} annotated documents, {report['gold_quotes']} gold quotes; "
          f"quote threshold {threshold} (best held-out F1 of those tried)")
    for where, table in (("cross-validated", cv), ("NEREL dev", report["dev"])):
        for name, f in table.items():
            print(f"{where:16} {name:28} e2e lenient {f['end_to_end_f1_lenient']:.3f}  strict {f['end_to_end_f1_strict']:.3f}  "
                  f"extraction {f['extraction_f1']:.3f} (P {f['extraction_p']:.3f} R {f['extraction_r']:.3f})  "
                  f"attribution {f['attribution_accuracy_strict']:.3f}")
    print(f"quote model: end-to-end lenient F1 {gain['cv']:+.3f} held out, {gain['dev']:+.3f} on NEREL dev over the "
          f"speaker model alone: {'shipped' if 'quotes' in ship else 'not shipped'}")
    print(f"models → {', '.join(str(args.out / f'{n}.json') for n in ship)}; report → {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
