"""Ingest all NEREL texts three ways and compare: uninterrupted; rerun (adds nothing); killed with
SIGKILL halfway, then rerun.

    .venv/bin/python bench/resume.py [--shared ../shared] [--workers N] [--seed S]

Prints the article and quote counts of each, and exits 1 unless they agree: every article
stored exactly once, the same quotes, and `PRAGMA integrity_check` ok.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import nerel_dirs  # noqa: E402

QUOTES = ("SELECT a.key, q.idx, q.start, q.end, q.kind, q.speaker_name FROM quotes q"
          " JOIN articles a ON a.id = q.article_id ORDER BY a.key, q.idx")


def ingest_cmd(dirs, db, workers) -> list[str]:
    return [sys.executable, "-m", "quotegraph.cli", "ingest", *map(str, dirs), "--db", str(db),
            "--workers", str(workers), "--no-progress"]


def state(db) -> dict:
    with sqlite3.connect(db) as conn:
        return {"articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                "distinct keys": conn.execute("SELECT count(DISTINCT key) FROM articles").fetchone()[0],
                "quotes": conn.execute("SELECT count(*) FROM quotes").fetchone()[0],
                "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
                "quote rows": conn.execute(QUOTES).fetchall()}


def stored(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="picks the kill point around halfway")
    args = ap.parse_args()
    dirs = nerel_dirs(pathlib.Path(args.shared))
    total = sum(1 for d in dirs for _ in d.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        clean, killed = pathlib.Path(tmp, "clean.db"), pathlib.Path(tmp, "killed.db")
        t0 = time.perf_counter()
        first = subprocess.run(ingest_cmd(dirs, clean, args.workers), capture_output=True, text=True)
        took = time.perf_counter() - t0
        print(f"uninterrupted: {first.stderr.strip().splitlines()[0]}")
        rerun = subprocess.run(ingest_cmd(dirs, clean, args.workers), capture_output=True, text=True)
        print(f"rerun:         {rerun.stderr.strip().splitlines()[0]}")

        stop_at = random.Random(args.seed).randint(total * 2 // 5, total * 3 // 5)
        proc = subprocess.Popen(ingest_cmd(dirs, killed, args.workers), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None and stored(killed) < stop_at:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        at_kill = stored(killed)
        print(f"killed with SIGKILL at {at_kill} of {total} articles")
        resumed = subprocess.run(ingest_cmd(dirs, killed, args.workers), capture_output=True, text=True)
        print(f"resumed:       {resumed.stderr.strip().splitlines()[0]}")
        a, b = state(clean), state(killed)
        for name in ("articles", "distinct keys", "quotes", "integrity"):
            print(f"  {name:14} clean {a[name]!s:>6}   killed+resumed {b[name]!s:>6}")
        same = a["quote rows"] == b["quote rows"]
        print(f"  quote rows identical: {same}; uninterrupted run took {took:.1f} s")
        ok = (same and a["articles"] == b["articles"] == b["distinct keys"] == total
              and a["integrity"] == b["integrity"] == "ok" and "0 added" in rerun.stderr and 0 < at_kill < total)
        print("OK" if ok else "MISMATCH")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
