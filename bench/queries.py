"""Query latency on the NEREL corpus store: median and p95 per question, in milliseconds.

    .venv/bin/python bench/queries.py [--shared ../shared] [--db build/nerel.db] [--rebuild]

The store is all 933 NEREL texts (train, dev, test), ingested once and reused. Each question
runs against many different arguments (the most quoted speakers, frequent quote words), cold
arguments first, through the same functions the CLI and the API call. The goal of issue 4 is
under 50 ms for each (median and p95).
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import nerel_store  # noqa: E402

GOAL_MS = 50.0


def timed(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=str(ROOT / "build" / "nerel.db"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--speakers", type=int, default=40, help="how many speakers to ask about")
    args = ap.parse_args()

    from quotegraph.store import queries as q
    from quotegraph.store.db import open_store

    db = nerel_store(pathlib.Path(args.shared), pathlib.Path(args.db), rebuild=args.rebuild)
    conn = open_store(db, readonly=True)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "quotes", "identities", "entities")}
    speakers = [r["name"] for r in q.top_speakers(conn, limit=args.speakers)]
    mentioned = [r["name"] for r in conn.execute(
        "SELECT i.name FROM identities i ORDER BY i.n_mentions DESC LIMIT ?", (args.speakers,))]
    words = [r[0] for r in conn.execute(
        "SELECT term FROM (SELECT term, doc FROM quotes_fts_vocab) WHERE length(term) > 4"
        " ORDER BY doc DESC LIMIT 40")] if _has_vocab(conn) else ["заявить", "россия", "президент", "год"]

    def by_name(fn):
        return lambda name: fn(conn, q.identity(conn, name)["id"])

    questions = {
        "said (quotes by a speaker)": (by_name(q.quotes_by), speakers),
        "about (quotes mentioning an entity)": (by_name(q.quotes_about), mentioned),
        "search (full text, word forms)": (lambda w: q.search_quotes(conn, w), words),
        "top-speakers": (lambda _: q.top_speakers(conn), range(20)),
        "quoting (who quotes whom)": (lambda _: q.who_quotes_whom(conn), range(20)),
        "network (speaker → mentioned)": (lambda _: q.network(conn), range(20)),
        "network of one speaker": (lambda name: q.network(conn, speaker_id=q.identity(conn, name)["id"]), speakers),
        "tone (who speaks about X, and how)": (by_name(q.speakers_about), mentioned),
        "about X, negative quotes only": (lambda name: q.quotes_about(conn, q.identity(conn, name)["id"],
                                                                      tone="negative"), mentioned),
        "targets of a speaker, and how": (by_name(q.targets_of), speakers),
        "timeline": (by_name(q.timeline), speakers),
        "who (name look-up)": (lambda name: q.find_identities(conn, name), mentioned),
    }
    print(f"store {db}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    print(f"{'question':40} {'runs':>5} {'median ms':>10} {'p95 ms':>8}  goal < {GOAL_MS:.0f} ms")
    worst = 0.0
    for title, (fn, arguments) in questions.items():
        times = [timed(fn, a) for a in arguments]
        times.sort()
        median, p95 = statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        worst = max(worst, p95)
        print(f"{title:40} {len(times):5d} {median:10.2f} {p95:8.2f}  {'ok' if p95 < GOAL_MS else 'SLOW'}")
    print(f"worst p95: {worst:.2f} ms ({'meets' if worst < GOAL_MS else 'misses'} the {GOAL_MS:.0f} ms goal)")
    return 0


def _has_vocab(conn) -> bool:
    try:
        conn.execute("SELECT 1 FROM quotes_fts_vocab LIMIT 1")
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
