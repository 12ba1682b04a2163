"""`make bench`: English throughput and peak RSS of `analyze`, against raw spaCy measured in the same run.

The corpus is PolNeAR's dev and test texts (168 articles). Each side runs in its own process,
one numpy thread, models loaded before the clock starts, and the sides alternate over rounds
(best of each counts: the machines are noisy).
Sides: raw spaCy (``nlp.pipe`` with en_core_web_sm 3.8.0 and all its components, as shipped);
quotegraph's English analysis, whole (entities, attributions, speakers), one article at a time
as ``analyze`` and ``ingest`` run it.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from speed import best_of_rounds, head_commit, put_block  # noqa: E402

GOAL = 0.8  # quotegraph English ≥ 0.8 × raw spaCy
MEMORY_MB = 500  # per worker


def corpus(shared: pathlib.Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for split in ("dev", "test")
            for p in sorted((shared / "data" / "polnear" / split / "text").glob("*.txt"))]


def run_side(side: str, shared: str) -> dict:
    texts = corpus(pathlib.Path(shared))
    if side == "spacy":
        import spacy

        from quotegraph.lang.en import model_dir
        nlp = spacy.load(model_dir())
        nlp("Warm-up: the minister said on Monday that the budget was ready.")
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    else:
        from quotegraph import Article, Pipeline
        pipeline = Pipeline()
        pipeline(Article(id="warm-up", text="Warm-up: the minister said on Monday that the budget was ready.", lang="en"))
        start = time.perf_counter()
        for text in texts:
            pipeline(Article(id="bench", text=text, lang="en"))
        tokens = 0
    seconds = time.perf_counter() - start
    if not tokens:
        tokens = sum(len(t.split()) for t in texts)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"side": side, "articles": len(texts), "seconds": seconds, "articles_per_s": len(texts) / seconds,
            "peak_rss_mb": rss_mb}


LABELS = {"spacy": "raw spaCy 3.8 (`nlp.pipe`, en_core_web_sm 3.8.0, all components)",
          "quotegraph": "quotegraph English, whole (entities, attributions, speakers)"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--side", choices=list(LABELS), help=argparse.SUPPRESS)
    ap.add_argument("--write", action="store_true", help="also put the figures into docs/performance.md")
    args = ap.parse_args()
    if args.side:
        print(json.dumps(run_side(args.side, args.shared)))
        return 0
    if not (pathlib.Path(args.shared) / "data" / "polnear").exists():
        print(f"make bench: {args.shared}/data/polnear not found; pass SHARED=path", file=sys.stderr)
        return 1
    results = best_of_rounds(__file__, args.shared, list(LABELS), args.rounds)
    for r in results.values():
        print(f"{r['side']:>10}: {r['articles']} articles, {r['articles_per_s']:.2f} articles/s, "
              f"peak RSS {r['peak_rss_mb']:.0f} MB")
    ratio = results["quotegraph"]["articles_per_s"] / results["spacy"]["articles_per_s"]
    rss = results["quotegraph"]["peak_rss_mb"]
    print(f"quotegraph English / raw spaCy throughput: {ratio:.2f}x; goal ≥ {GOAL}× "
          f"({'met' if ratio >= GOAL else 'missed'}); peak RSS ≤ {MEMORY_MB} MB ({'met' if rss <= MEMORY_MB else 'missed'})")
    if args.write:
        write_docs(results, ratio)
    return 0


def write_docs(results: dict, ratio: float) -> None:
    import datetime
    commit = head_commit()
    rows = [f"| {LABELS[side]} | {r['articles_per_s']:.2f} | {r['peak_rss_mb']:.0f} MB |" for side, r in results.items()]
    block = "\n".join([
        f"Measured {datetime.date.today().isoformat()} at commit {commit}, one process per side, "
        f"{results['spacy']['articles']} PolNeAR dev and test articles:", "",
        "| side | articles/s | peak RSS |", "|---|---|---|", *rows, "",
        f"quotegraph English / raw spaCy: **{ratio:.2f}×** (goal ≥ {GOAL}×; peak RSS goal ≤ {MEMORY_MB} MB per worker)."])
    put_block("performance.md", "speed-english", block, heading="## English\n\n")


if __name__ == "__main__":
    sys.exit(main())
