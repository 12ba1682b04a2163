"""`make bench`: hostile articles (tests/hostile.py) at up to 300,000 characters, one process each.

    python bench/hostile.py [--chars 125000,300000] [--shared ../shared] [--write]

Each family's text, and ordinary news of the same length (NEREL train texts, and PolNeAR dev
texts for English, run together: the baselines of the same run), is analysed by ``quotegraph.pipeline.Pipeline`` in a fresh process
with the models loaded first: the time of that one analysis, the process's peak RSS, and the
bounds it hit (``pipeline.limits``), or its one-line refusal. Two sizes by default: 300,000
characters, and 125,000, the most words and marks accepted (a quarter of --max-chars): a text
of bare marks is refused at 300,000. English, whose bound is a sixteenth of --max-chars, is
also measured at the most characters of each English text within it. Prints a table and the worst case against the goals
(≤ 15 s and ≤ 600 MB, or refused); ``--write`` puts it in docs/reliability.md.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOAL_SECONDS, GOAL_MB = 15.0, 600
NEWS = "ordinary news (NEREL train)"
NEWS_EN = "ordinary English news (PolNeAR dev)"
BASELINES = {NEWS: ("nerel-v1.1/train", "*.txt", "ru"), NEWS_EN: ("polnear/dev/text", "*", "en")}


def text_of(family: str, chars: int, shared: str) -> tuple[str, str]:
    """(text, lang) of a family, or of ordinary news, of about ``chars`` characters."""
    if family in BASELINES:
        folder, pattern, lang = BASELINES[family]
        parts, size = [], 0
        for path in sorted((pathlib.Path(shared) / "data" / folder).glob(pattern)):
            parts.append(path.read_text(encoding="utf-8"))
            size += len(parts[-1]) + 2
            if size > chars:
                break
        return "\n\n".join(parts)[:chars], lang
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile import lang_of, sized
    return sized(family, chars), lang_of(family)


def at_bound(family: str, shared: str) -> int:
    """The most characters of a family's English text within English's bound of words and
    marks at the default --max-chars: the costliest English article accepted."""
    from quotegraph.lang import language
    from quotegraph.readers import _TOKEN, DEFAULT_MAX_CHARS

    most = DEFAULT_MAX_CHARS // language("en").chars_per_word
    low, high = 1_000, 300_000  # characters; the text at ``low`` is within the bound
    while high - low > 200:
        mid = (low + high) // 2
        text, _ = text_of(family, mid, shared)
        low, high = (mid, high) if sum(1 for _ in _TOKEN.finditer(text)) <= most else (low, mid)
    return low


def run_one(family: str, chars: int, shared: str) -> dict:
    """In this process: analyse one text after a warm-up; its figures as a dict."""
    from quotegraph.errors import InputError
    from quotegraph.model import Article
    from quotegraph.pipeline import Pipeline

    text, lang = text_of(family, chars, shared)
    pipeline = Pipeline()
    pipeline(Article(id="warm", text={"ru": "Иван Петров сказал: «Мы готовы».",
                                      "en": 'Jane Doe said: "We are ready."'}[lang], lang=lang))
    started = time.perf_counter()
    try:
        record = pipeline(Article(id="hostile", text=text, lang=lang))
        outcome = {"quotes": len(record["quotes"]), "limits": record["pipeline"].get("limits", {})}
    except InputError as exc:
        outcome = {"refused": exc.problem}
    seconds = time.perf_counter() - started
    return {"family": family, "chars": len(text), "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **outcome}


def measure(families: list[str], chars: int, shared: str) -> list[dict]:
    out = []
    for family in families:
        run = subprocess.run([sys.executable, __file__, "--one", family, "--chars", str(chars), "--shared", shared],
                             capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            out.append({"family": family, "chars": chars, "error": run.stderr.strip().splitlines()[-1:]})
        else:
            out.append(json.loads(run.stdout.strip().splitlines()[-1]))
        print(describe(out[-1]), flush=True)
    return out


def describe(r: dict) -> str:
    if "error" in r:
        return f"{r['family']:>32}: FAILED {r['error']}"
    result = f"refused ({r['refused']})" if "refused" in r else f"{r['quotes']} quotes" + (
        f", limits {r['limits']}" if r["limits"] else "")
    return f"{r['family']:>32}: {r['chars']:>7,} chars, {r['seconds']:5.1f} s, peak {r['peak_mb']:4.0f} MB, {result}"


def within(r: dict) -> bool:
    return "error" not in r and r["seconds"] <= GOAL_SECONDS and r["peak_mb"] <= GOAL_MB


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", default="125000,300000", help="sizes in characters, comma-separated")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--write", action="store_true", help="also put the table into docs/reliability.md")
    ap.add_argument("--no-bound", action="store_true", help="leave out English at its bound of words and marks")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [int(size) for size in args.chars.split(",")]
    if args.one:
        print(json.dumps(run_one(args.one, sizes[0], args.shared)))
        return 0
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile import FAMILIES
    news = [name for name, (folder, _, _) in BASELINES.items() if (pathlib.Path(args.shared) / "data" / folder).is_dir()]
    results = [r for size in sizes for r in measure(news + list(FAMILIES), size, args.shared)]
    if not args.no_bound:  # English at its own bound, the costliest English text accepted
        from hostile import ENGLISH
        for family in [NEWS_EN] * (NEWS_EN in news) + sorted(ENGLISH):
            results += measure([family], at_bound(family, args.shared), args.shared)
    hostile = [r for r in results if r["family"] not in BASELINES]
    worst_time = max(hostile, key=lambda r: r.get("seconds", float("inf")))
    worst_memory = max(hostile, key=lambda r: r.get("peak_mb", float("inf")))
    met = all(map(within, hostile))
    print(f"worst time: {worst_time['family']} {worst_time.get('seconds', float('nan')):.1f} s; worst memory: "
          f"{worst_memory['family']} {worst_memory.get('peak_mb', float('nan')):.0f} MB; goal ≤ {GOAL_SECONDS:g} s "
          f"and ≤ {GOAL_MB} MB each ({'met' if met else 'missed'})")
    if args.write:
        write_docs(results, worst_time, worst_memory, met)
    return 0


def write_docs(results: list[dict], worst_time: dict, worst_memory: dict, met: bool) -> None:
    import datetime
    sys.path.insert(0, str(ROOT / "bench"))
    from speed import head_commit, put_block
    commit = head_commit()
    rows = []
    for r in results:
        if "error" in r:
            rows.append(f"| {r['family']} | {r['chars']:,} | failed | | |")
            continue
        outcome = f"refused: {r['refused']}" if "refused" in r else f"{r['quotes']:,} quotes" + (
            "; " + ", ".join(f"{k} {v:,}" for k, v in r["limits"].items()) if r["limits"] else "")
        rows.append(f"| {r['family']} | {r['chars']:,} | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB | {outcome} |")
    block = "\n".join([
        f"Measured {datetime.date.today().isoformat()} at commit {commit} by `python bench/hostile.py --write` "
        "(`make bench`), one process per text, models loaded first:", "",
        "| text | characters | analysis | peak RSS | outcome |", "|---|---|---|---|---|", *rows, "",
        f"Worst time: {worst_time['family']}, {worst_time.get('seconds', float('nan')):.1f} s; worst memory: "
        f"{worst_memory['family']}, {worst_memory.get('peak_mb', float('nan')):.0f} MB. Goal: each ≤ {GOAL_SECONDS:g} s "
        f"and ≤ {GOAL_MB} MB, or refused with one line: **{'met' if met else 'missed'}**."])
    put_block("reliability.md", "hostile", block)


if __name__ == "__main__":
    sys.exit(main())
