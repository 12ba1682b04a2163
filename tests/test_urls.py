"""``quotegraph ingest --urls`` against a real HTTP server on 127.0.0.1 (``webserver.py``): robots.txt,
the per-site delay, every failure with its reason, and a kill -9 followed by a rerun."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import webpages
from webserver import PDF, Huge, Page, Redirect, Slow, Status, robots, serve

DELAY = 0.3
STORIES = list(webpages.ARTICLES.values())
GOOD = {f"/news/{i}.html": Page(webpages.article_page(story, layout))
        for i, (story, layout) in enumerate((s, l) for l in webpages.LAYOUTS[:2] for s in STORIES)}
BAD = {  # path -> the reason recorded for it
    "/private/secret.html": "forbidden by robots.txt",
    "/gone.html": "404 Not Found",
    "/broken.html": "500 Internal Server Error after 3 tries",
    "/loop-a.html": "redirect loop",
    "/huge.html": "over the 5,000,000-byte limit",
    "/report.pdf": "not HTML (application/pdf)",
}
ROUTES = {
    "/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
    **GOOD,
    "/slow.html": Slow(1.0, Page(webpages.article_page(STORIES[0], "wire"))),  # slow, within the timeout
    "/private/secret.html": Page(webpages.article_page(STORIES[1], "wire")),
    "/gone.html": Status(404),
    "/broken.html": Status(500),
    "/loop-a.html": Redirect("/loop-b.html"),
    "/loop-b.html": Redirect("/loop-a.html"),
    "/huge.html": Huge(20_000_000),
    "/report.pdf": PDF,
}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "quotegraph.cli", "ingest", *args]


def url_list(folder, server, paths) -> str:
    path = folder / "urls.txt"
    path.write_text("# pages to fetch\n\n" + "\n".join(server.url(p) for p in paths) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """One --urls ingest of every route: the server's log, the store and the run."""
    folder = tmp_path_factory.mktemp("urls")
    with serve(ROUTES) as server:
        paths = [*GOOD, "/slow.html", *BAD]
        run = subprocess.run(cli("--urls", url_list(folder, server, paths), "--db", str(folder / "c.db"),
                                 "--workers", "1", "--delay", str(DELAY), "--no-progress"),
                             capture_output=True, text=True, timeout=300)
        log = list(server.log)
    with sqlite3.connect(folder / "c.db") as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM articles UNION ALL SELECT key FROM article_copies")]
        failures = dict(conn.execute("SELECT origin, reason FROM failures"))
    return run, log, keys, failures, server


def test_urls_every_good_page_is_stored_under_its_url(fetched):
    run, _, keys, _, server = fetched
    assert sorted(keys) == sorted(server.url(p) for p in [*GOOD, "/slow.html"]), run.stderr


@pytest.mark.parametrize("path, reason", BAD.items(), ids=list(BAD))
def test_urls_failure_is_recorded_with_its_reason(fetched, path, reason):
    _, _, _, failures, server = fetched
    assert reason in failures[server.url(path)]


def test_urls_robots_txt_is_read_once_and_its_forbidden_path_never_requested(fetched):
    _, log, *_ = fetched
    paths = [hit.path for hit in log]
    assert paths.count("/robots.txt") == 1 and not any(p.startswith("/private/") for p in paths)


def test_urls_requests_to_one_site_are_the_delay_apart(fetched):
    _, log, *_ = fetched
    gaps = [b.time - a.time for a, b in zip(log, log[1:])]
    assert len(gaps) > 10 and min(gaps) >= DELAY * 0.95


def test_urls_user_agent_names_quotegraph(fetched):
    _, log, *_ = fetched
    assert {hit.user_agent.split("/")[0] for hit in log} == {"quotegraph"}


def test_urls_kill_then_rerun_stores_every_page_once(tmp_path):
    slow = {path: Slow(0.3, page) for path, page in GOOD.items()}
    with serve({"/robots.txt": robots(""), **slow}) as server:
        urls, db = url_list(tmp_path, server, list(slow)), tmp_path / "c.db"
        args = cli("--urls", urls, "--db", str(db), "--workers", "1", "--delay", "0.1", "--no-progress")
        first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while _stored(db) < 2 and time.monotonic() < deadline and first.poll() is None:
                time.sleep(0.1)
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        before = set(_keys(db))
        subprocess.run(args, check=True, capture_output=True, timeout=300)
        requested = [hit.path for hit in server.log if hit.path != "/robots.txt"]
    after = _keys(db)
    assert 2 <= len(before) < len(slow) and sorted(after) == sorted(server.url(p) for p in slow)
    assert all(requested.count(p) == 1 for p in slow if server.url(p) in before)


def _keys(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [k for (k,) in conn.execute("SELECT key FROM articles UNION ALL SELECT key FROM article_copies")]


def _stored(db) -> int:
    try:
        return len(_keys(db))
    except sqlite3.Error:
        return 0
