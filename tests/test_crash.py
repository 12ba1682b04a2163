"""Crash safety of the store: SIGKILL at random moments, a full disk, and readers during an ingest.

Every test runs the real `quotegraph` command in its own process: a kill, a failed write or a
concurrent read happens to it as it would to a user's.
"""
from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from quotegraph.ingest import ingest
from test_ingest import QUOTE_ROWS, table, write_corpus

N = 20
TRIALS = 20
SEED = 20261125


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "quotegraph.cli", *args]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news", N)


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    """The corpus ingested once, uninterrupted, and how long that takes as a command."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    started = time.monotonic()
    subprocess.run(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                   check=True, capture_output=True, timeout=300)
    return db, time.monotonic() - started


def check_complete(db, clean_db) -> None:
    assert table(db, "PRAGMA integrity_check") == [("ok",)]
    assert table(db, "SELECT count(*), count(DISTINCT key), count(DISTINCT hash) FROM articles") == [(N, N, N)]
    assert table(db, QUOTE_ROWS) == table(clean_db, QUOTE_ROWS)
    assert table(db, "SELECT count(*) FROM quotes_fts") == table(clean_db, "SELECT count(*) FROM quotes")
    assert table(db, "SELECT count(*) FROM entities WHERE identity_id IS NULL") == [(0,)]
    statements = ("SELECT a.key, q.idx, (SELECT count(*) FROM quote_statements o WHERE o.statement_id = qs.statement_id)"
                  " FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id"
                  " ORDER BY a.key, q.idx")  # each quote's statement, by its size: ids may differ
    assert table(db, statements) == table(clean_db, statements)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_sigkill_at_a_random_moment_then_rerun(corpus, clean, tmp_path, trial):
    """Killed anywhere (start-up, analysis, a write, the final relinking), a rerun completes the
    store: every article once, the same quotes as a clean run, integrity intact."""
    clean_db, duration = clean
    rng = random.Random(SEED + trial)
    workers = "1" if trial % 2 else "2"  # in-process analysis, and worker processes
    delay = rng.uniform(0.05, duration * 1.1)
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(cli("ingest", str(corpus), "--db", str(db), "--workers", workers, "--no-progress"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if db.exists():  # whatever the kill left must already be consistent
        assert table(db, "PRAGMA integrity_check") == [("ok",)]
        if table(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'") == [(1,)]:  # killed after the schema
            assert table(db, "SELECT count(*) - count(DISTINCT key) FROM articles") == [(0,)]
    rerun = subprocess.run(cli("ingest", str(corpus), "--db", str(db), "--workers", workers, "--no-progress"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    check_complete(db, clean_db)


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_stops_with_a_clear_error_and_a_consistent_store(corpus, clean, tmp_path):
    """The store's files may not grow past 600 kB, as on a full disk: the ingest stops with a one-line
    error, the store stays consistent with every article it holds complete, and a rerun with room
    finishes the job."""
    clean_db, _ = clean
    db = tmp_path / "full.db"
    done = subprocess.run(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                          capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size(600_000))
    assert done.returncode == 1
    assert "cannot write the store (disk" in done.stderr and "Traceback" not in done.stderr  # the cause, named
    assert len(done.stderr.strip().splitlines()) == 1
    assert table(db, "PRAGMA integrity_check") == [("ok",)]
    stored = table(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < N
    assert table(db, "SELECT count(*) FROM quotes") == [(8 * stored,)]  # no article half-written
    rerun = subprocess.run(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    check_complete(db, clean_db)


def test_readers_query_while_an_ingest_writes(corpus, tmp_path):
    """The CLI and the API read the store while an ingest writes it: no «database is locked»,
    and every answer is a consistent snapshot (whole articles only)."""
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    db = tmp_path / "busy.db"
    ingest([str(write_corpus(tmp_path / "first", 1))], db, workers=1, progress=False)  # the store exists
    writer = subprocess.Popen(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    answers, errors = 0, []
    with TestClient(create_app(db)) as api:
        while writer.poll() is None or answers < 3:
            got = subprocess.run(cli("query", "top-speakers", "--db", str(db), "--json"),
                                 capture_output=True, text=True, timeout=60)
            if got.returncode != 0:
                errors.append(got.stderr)
            else:
                speakers = json.loads(got.stdout)
                assert not speakers or speakers[0]["quotes"] % 6 == 0  # whole articles: 6 quotes each
            response = api.get("/api/quotes", params={"speaker": "Жампетова", "per_page": 100})
            if response.status_code != 200:
                errors.append(response.text)
            articles = api.get("/api/articles", params={"per_page": 100}).json()["items"]
            assert all(a["quotes"] == 8 for a in articles)  # never an article half-written
            answers += 1
    assert writer.wait(timeout=300) == 0, writer.stderr.read().decode()
    assert errors == [] and answers >= 3
    assert not any("locked" in e for e in errors)
