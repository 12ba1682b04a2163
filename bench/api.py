"""HTTP latency of the API and pages on the NEREL corpus store: median and p95 per endpoint.

    .venv/bin/python bench/api.py [--shared ../shared] [--db build/nerel.db]

Starts `quotegraph serve` on a free local port (a real uvicorn server, one process), then
asks each endpoint with many different arguments over one keep-alive connection, and times
each request from sending it to reading the whole response. The goal of issue 5 is a p95
under 100 ms for the API endpoints.
"""
from __future__ import annotations

import argparse
import http.client
import pathlib
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import nerel_store  # noqa: E402

from quotegraph.web.api import MAX_PAGE  # noqa: E402

GOAL_MS = 100.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: pathlib.Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "quotegraph.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=str(ROOT / "build" / "nerel.db"))
    ap.add_argument("--n", type=int, default=40, help="arguments per endpoint")
    args = ap.parse_args()
    db = nerel_store(pathlib.Path(args.shared), pathlib.Path(args.db))

    with sqlite3.connect(db) as conn:
        speakers = [r[0] for r in conn.execute("SELECT id FROM identities WHERE n_quotes > 0 ORDER BY n_quotes DESC LIMIT ?", (args.n,))]
        names = [r[0] for r in conn.execute("SELECT name FROM identities ORDER BY n_mentions DESC LIMIT ?", (args.n,))]
        articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY length(text) DESC LIMIT ?", (args.n,))]
        words = [r[0] for r in conn.execute("SELECT term FROM quotes_fts_vocab WHERE length(term) > 4"
                                            " ORDER BY doc DESC LIMIT ?", (args.n,))]
        # deep in the most quoted speaker's list: the cursor after quote k·len/n, and the page it is on
        top = speakers[0]
        n_top = conn.execute("SELECT count(*) FROM quotes WHERE speaker_id = ?", (top,)).fetchone()[0]
        deep = [(k * n_top // (args.n + 1), conn.execute(
            "SELECT coalesce(date, ''), article_id, idx FROM quotes WHERE speaker_id = ?"
            " ORDER BY date DESC, article_id DESC, idx LIMIT 1 OFFSET ?", (top, k * n_top // (args.n + 1))).fetchone())
            for k in range(1, args.n + 1)]
    api = {
        "GET /api/articles": [f"/api/articles?page={p}" for p in range(1, args.n + 1)],
        "GET /api/articles/{id} (longest)": [f"/api/articles/{a}" for a in articles],
        "GET /api/quotes": [f"/api/quotes?page={p}" for p in range(1, args.n + 1)],
        "GET /api/quotes?speaker_id=": [f"/api/quotes?speaker_id={s}" for s in speakers],
        "GET /api/quotes?speaker_id=&after= (deep)": [
            f"/api/quotes?speaker_id={top}&after={d}~{a}~{i}" for _, (d, a, i) in deep],
        "GET /api/quotes?speaker_id=&page= (deep, OFFSET)": [  # what after replaces: not held to the goal
            f"/api/quotes?speaker_id={top}&page={min(1 + at // 20, MAX_PAGE)}" for at, _ in deep],
        "GET /api/quotes?entity=NAME": ["/api/quotes?" + urlencode({"entity": n}) for n in names],
        "GET /api/quotes?q=WORD": ["/api/quotes?" + urlencode({"q": w}) for w in words],
        "GET /api/persons": [f"/api/persons?page={p}" for p in range(1, args.n + 1)],
        "GET /api/persons?name=NAME": ["/api/persons?" + urlencode({"name": n}) for n in names],
        "GET /api/persons/{id}": [f"/api/persons/{s}" for s in speakers],
        "GET /api/network": [f"/api/network?limit={100 + i}" for i in range(args.n)],
    }
    pages = {
        "page / (search)": ["/?" + urlencode({"text": w}) for w in words],
        "page /person/{id}": [f"/person/{s}" for s in speakers],
        "page /article/{id} (longest)": [f"/article/{a}" for a in articles],
        "page /network": [f"/network?n={50 + i}" for i in range(args.n)],
    }
    port = free_port()
    proc = serve(db, port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        worst = 0.0
        print(f"{'endpoint':36} {'runs':>5} {'median ms':>10} {'p95 ms':>8}  goal < {GOAL_MS:.0f} ms (API)")
        for group, endpoints in (("api", api), ("pages", pages)):
            for title, paths in endpoints.items():
                times, statuses = [], set()
                for path in paths:
                    t0 = time.perf_counter()
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    times.append((time.perf_counter() - t0) * 1000)
                    statuses.add(response.status)
                times.sort()
                median, p95 = statistics.median(times), times[round(0.95 * (len(times) - 1))]
                held = group == "api" and "OFFSET" not in title
                if held:
                    worst = max(worst, p95)
                verdict = ("ok" if p95 < GOAL_MS else "SLOW") if held else ""
                print(f"{title:36} {len(times):5d} {median:10.2f} {p95:8.2f}  {verdict} {sorted(statuses)}")
        print(f"worst API p95: {worst:.2f} ms ({'meets' if worst < GOAL_MS else 'misses'} the {GOAL_MS:.0f} ms goal)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
