"""`make bench`: throughput (articles/s, tokens/s) and peak RSS of `analyze`, against raw
natasha's full pipeline (segment, morphology, syntax, NER) measured in the same run.

The corpus is fixed: NEREL dev and test plus the example article. Each side runs in its own
process (so peak RSS is its own), one process each with one numpy thread (per core), models
loaded before the clock starts.
Sides: raw natasha (segment, morph, syntax, NER); quotegraph's entity pipeline (quotes off);
quotegraph whole. The last two give the cost of quotes and attribution.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
# per core: one numpy thread on each side, as ingest's workers run (more threads than cores
# made both sides erratic on a shared machine)
ONE_THREAD = {**os.environ, **{name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}}


def corpus(shared: pathlib.Path) -> list[str]:
    texts = [(ROOT / "examples" / "dayaz-2025-11-12.txt").read_text(encoding="utf-8")]
    for split in ("dev", "test"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "data" / "nerel-v1.1" / split).glob("*.txt"))]
    return texts


def run_side(side: str, shared: str) -> dict:
    texts = corpus(pathlib.Path(shared))
    if side == "natasha":
        from quotegraph.nlp import _patch_pymorphy2
        _patch_pymorphy2()
        from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
        emb = NewsEmbedding()
        seg, morph, syntax, ner = Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)

        def one(text: str) -> int:
            doc = Doc(text)
            doc.segment(seg)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            return len(doc.tokens)
    else:
        import razdel
        from quotegraph import Article, Pipeline
        from quotegraph.readers import parse_header
        from quotegraph.lang import language
        pipeline = Pipeline(quotes=side == "quotegraph")
        language("ru").preload()  # every model and table, as ingest loads them before its workers fork
        pipeline(Article(id="warm-up", text="Прогрев моделей: Иван Петров заявил, что всё готово 8 ноября."))

        def one(text: str) -> int:
            date, title, body_start = parse_header(text)
            pipeline(Article(id="bench", text=text, date=date, title=title, body_start=body_start))
            return 0
    start = time.perf_counter()
    counted = sum(one(t) for t in texts)
    seconds = time.perf_counter() - start
    tokens = counted or sum(1 for t in texts for _ in razdel.tokenize(t))  # counted outside the clock
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"side": side, "articles": len(texts), "tokens": tokens, "seconds": seconds,
            "articles_per_s": len(texts) / seconds, "tokens_per_s": tokens / seconds, "peak_rss_mb": rss_mb}


def best_of_rounds(script: str, shared: str, sides, rounds: int) -> dict[str, dict]:
    """Each side of a bench ``script`` run ``rounds`` times in its own process, the sides
    alternating; the fastest run of each side counts (the machines are noisy)."""
    results: dict[str, dict] = {}
    for _ in range(rounds):
        for side in sides:
            out = subprocess.run([sys.executable, script, "--shared", shared, "--side", side],
                                 check=True, capture_output=True, text=True, env=ONE_THREAD).stdout
            r = json.loads(out.strip().splitlines()[-1])
            if side not in results or r["articles_per_s"] > results[side]["articles_per_s"]:
                results[side] = r
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each side counts")
    ap.add_argument("--side", choices=["natasha", "entities", "quotegraph"], help=argparse.SUPPRESS)
    ap.add_argument("--write", action="store_true", help="also put the figures into docs/performance.md")
    args = ap.parse_args()
    if args.side:
        print(json.dumps(run_side(args.side, args.shared)))
        return 0
    if not (pathlib.Path(args.shared) / "data" / "nerel-v1.1").exists():
        print(f"make bench: {args.shared}/data/nerel-v1.1 not found; pass SHARED=path", file=sys.stderr)
        return 1
    results = best_of_rounds(__file__, args.shared, ("natasha", "entities", "quotegraph"), args.rounds)
    for r in results.values():
        print(f"{r['side']:>10}: {r['articles']} articles, {r['articles_per_s']:.1f} articles/s, "
              f"{r['tokens_per_s']:.0f} tokens/s, peak RSS {r['peak_rss_mb']:.0f} MB")
    ratio = results["quotegraph"]["articles_per_s"] / results["natasha"]["articles_per_s"]
    print(f"quotegraph / natasha full pipeline throughput: {ratio:.2f}x")
    extra = results["entities"]["articles_per_s"] / results["quotegraph"]["articles_per_s"] - 1
    print(f"quotes and attribution add {extra:+.0%} to the per-article time of the entity pipeline")
    print(f"goal: quotegraph ≥ 1.5× natasha ({'met' if ratio >= 1.5 else 'missed'}); peak RSS ≤ 400 MB "
          f"({'met' if results['quotegraph']['peak_rss_mb'] <= 400 else 'missed'})")
    if args.write:
        write_docs(results, ratio, extra)
    return 0


LABELS = {"natasha": "raw natasha (segment, morph, syntax, NER)",
          "entities": "quotegraph, entities and dates only",
          "quotegraph": "quotegraph, whole (quotes and attribution on)"}


def head_commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip() or "unknown"


def put_block(doc: str, name: str, block: str, heading: str = "") -> None:
    """Replace what stands between ``<!-- name:begin -->`` and ``<!-- name:end -->`` in
    docs/``doc`` with ``block``; markers not there yet go at the end, after ``heading``."""
    path = ROOT / "docs" / doc
    text = path.read_text(encoding="utf-8")
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    if begin not in text:
        text += f"\n{heading}{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{begin}\n{block}\n{end}{tail}", encoding="utf-8")


def write_docs(results: dict, ratio: float, extra: float) -> None:
    """Replace the figures between the speed markers of docs/performance.md."""
    import datetime
    commit = head_commit()
    rows = [f"| {LABELS[side]} | {r['articles_per_s']:.1f} | {r['tokens_per_s']:,.0f} | {r['peak_rss_mb']:.0f} MB |"
            for side, r in results.items()]
    block = "\n".join([
        f"Measured {datetime.date.today().isoformat()} at commit {commit}, 2 cores, one process per side:", "",
        "| side | articles/s | tokens/s | peak RSS |", "|---|---|---|---|", *rows, "",
        f"quotegraph whole / raw natasha: **{ratio:.2f}×** per core (goal ≥ 1.5×). Quotes and attribution "
        f"add {extra:.0%} to the per-article time of the entity pipeline."])
    put_block("performance.md", "speed", block)


if __name__ == "__main__":
    sys.exit(main())
