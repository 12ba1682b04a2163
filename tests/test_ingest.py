"""`quotegraph ingest`: idempotent, resumable after kill -9, failures recorded, workers agree."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLE
from quotegraph.errors import SetupError
from quotegraph.ingest import ingest
from quotegraph.store.db import open_store
from quotegraph.store.schema import VERSION

SEED = EXAMPLE.read_text(encoding="utf-8")
N_ARTICLES = 40


def write_corpus(folder, n=N_ARTICLES):
    """n distinct articles: the example with an issue number appended (same quotes in each)."""
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(SEED.rstrip() + f"\n\nВыпуск номер {i + 1}.\n", encoding="utf-8")
    return folder


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "quotegraph.cli", *args]


def count(db, table) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def table(db, sql) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


QUOTE_ROWS = ("SELECT a.key, q.idx, q.start, q.end, q.kind, q.speaker_name, q.parent_idx"
              " FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.key, q.idx")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news")


@pytest.fixture(scope="module")
def clean_db(corpus, tmp_path_factory):
    """The corpus ingested once, uninterrupted, in this process."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    summary = ingest([str(corpus)], db, workers=1, progress=False)
    assert summary.counts["added"] == N_ARTICLES
    return db


def test_ingest_stores_every_article_and_its_quotes(clean_db):
    assert count(clean_db, "articles") == N_ARTICLES
    assert count(clean_db, "quotes") == 8 * N_ARTICLES  # the seed's 8 quotes in each


def test_rerun_adds_nothing_and_changes_nothing(corpus, clean_db):
    before = table(clean_db, "SELECT id, hash, ingested_at FROM articles ORDER BY id")
    summary = ingest([str(corpus)], clean_db, workers=1, progress=False)
    assert (summary.counts["unchanged"], summary.counts["added"], summary.identities) == (N_ARTICLES, 0, None)
    assert table(clean_db, "SELECT id, hash, ingested_at FROM articles ORDER BY id") == before


def test_an_edited_article_replaces_its_old_record(tmp_path):
    folder = write_corpus(tmp_path / "news", 2)
    db = tmp_path / "c.db"
    ingest([str(folder)], db, workers=1, progress=False)
    (folder / "a001.txt").write_text("date 2025-11-12 Сергей Лавров заявил, что переговоры продолжатся.",
                                     encoding="utf-8")
    summary = ingest([str(folder)], db, workers=1, progress=False)
    assert (summary.counts["replaced"], summary.counts["unchanged"]) == (1, 1)
    assert table(db, "SELECT key, count(*) FROM quotes q JOIN articles a ON a.id = q.article_id"
                     " GROUP BY key ORDER BY key") == [("a000", 8), ("a001", 1)]
    assert table(db, "SELECT count(*) FROM quotes_fts") == [(9,)]  # the old article's search rows went too


def test_same_text_under_another_name_is_stored_once(tmp_path):
    folder = write_corpus(tmp_path / "news", 1)
    (folder / "copy.txt").write_text((folder / "a000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    summary = ingest([str(folder)], tmp_path / "c.db", workers=1, progress=False)
    assert (summary.counts["added"], summary.counts["duplicate"], count(tmp_path / "c.db", "articles")) == (1, 1, 1)


def test_failures_are_recorded_with_their_reason_and_cleared_once_fixed(tmp_path):
    folder = write_corpus(tmp_path / "news", 1)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x00\x01\x02" * 50)
    (folder / "feed.jsonl").write_text('{"id": "ok", "text": "Лавров заявил, что всё идёт по плану."}\n'
                                       '{"id": "broken", "text": \n', encoding="utf-8")
    db = tmp_path / "c.db"
    summary = ingest([str(folder)], db, workers=1, progress=False)
    assert (summary.counts["added"], summary.failed) == (2, 3)
    failures = dict(table(db, "SELECT origin, reason FROM failures"))
    assert set(failures) == {str(folder / "empty.txt"), str(folder / "binary.txt"), f"{folder / 'feed.jsonl'}:2"}
    assert all(reason.startswith(origin) for origin, reason in failures.items())  # one line naming the file
    (folder / "empty.txt").write_text("Министр заявил, что реформа начнётся весной.", encoding="utf-8")
    ingest([str(folder)], db, workers=1, progress=False)
    assert str(folder / "empty.txt") not in dict(table(db, "SELECT origin, reason FROM failures"))


@pytest.mark.parametrize("workers", [1, 2])  # 1: stopped in this process (SIGALRM); 2: its worker killed and replaced
def test_an_article_over_its_time_is_stopped_and_the_batch_goes_on(tmp_path, workers):
    folder = write_corpus(tmp_path / "news", 3)
    (folder / "a001.txt").write_text((SEED.rstrip() + "\n\n") * 120, encoding="utf-8")  # slow on purpose: ~300x the work
    db = tmp_path / "c.db"
    started = time.monotonic()
    summary = ingest([str(folder)], db, workers=workers, progress=False, article_timeout=1.5)
    assert time.monotonic() - started < 60
    assert (summary.counts["added"], summary.failed) == (2, 1)
    [(origin, reason)] = table(db, "SELECT origin, reason FROM failures")
    assert origin == str(folder / "a001.txt") and "analysis stopped after 1.5 s (--article-timeout)" in reason
    assert sorted(k for (k,) in table(db, "SELECT key FROM articles")) == ["a000", "a002"]


def test_ingest_cli_takes_an_article_timeout(tmp_path):
    folder = write_corpus(tmp_path / "news", 2)
    (folder / "a000.txt").write_text((SEED.rstrip() + "\n\n") * 120, encoding="utf-8")
    run = subprocess.run(cli("ingest", str(folder), "--db", str(tmp_path / "c.db"), "--workers", "2",
                             "--article-timeout", "1.5", "--no-progress"), capture_output=True, text=True, timeout=120)
    assert f"{folder / 'a000.txt'}: analysis stopped after 1.5 s (--article-timeout)" in run.stderr
    assert count(tmp_path / "c.db", "articles") == 1


def test_two_workers_store_what_one_does(corpus, clean_db, tmp_path):
    db = tmp_path / "two.db"
    summary = ingest([str(corpus)], db, workers=2, progress=False)
    assert summary.counts["added"] == N_ARTICLES
    assert table(db, QUOTE_ROWS) == table(clean_db, QUOTE_ROWS)


@pytest.mark.parametrize("seed", [1, 2])
def test_kill_9_then_rerun_gives_every_article_once(corpus, clean_db, tmp_path, seed):
    """SIGKILL the ingest once a random number of articles is in, rerun: the store equals a clean run's."""
    db = tmp_path / "killed.db"
    stop_after = random.Random(seed).randint(2, N_ARTICLES - 10)
    proc = subprocess.Popen(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists() and _stored(db) >= stop_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 0 < _stored(db) < N_ARTICLES
    rerun = subprocess.run(cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert table(db, "PRAGMA integrity_check") == [("ok",)]
    assert table(db, "SELECT count(*), count(DISTINCT key), count(DISTINCT hash) FROM articles") == [(N_ARTICLES,) * 3]
    assert table(db, QUOTE_ROWS) == table(clean_db, QUOTE_ROWS)


def _stored(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def test_ingest_cli_shows_progress_and_a_summary(tmp_path):
    folder = write_corpus(tmp_path / "news", 2)
    done = subprocess.run(cli("ingest", str(folder), "--db", str(tmp_path / "c.db"), "--workers", "1"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "articles/s" in done.stderr and "2 added" in done.stderr


@pytest.mark.parametrize("query, found", [
    ("победы", True),  # «День Победы»: another form of the same lemma
    ("суверенитет", True),  # «его суверенитета»
    ("ассистента профессора", False),  # the speaker's role: outside every quote
])
def test_quote_search_matches_word_forms(clean_db, query, found):
    from quotegraph.store.rows import search_lemmas
    match = " ".join(f'"{w}"' for w in search_lemmas(query).split())
    hits = table(clean_db, f"SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH '{match}'")[0][0]
    assert (hits > 0) is found


def test_store_is_migrated_to_the_current_schema(tmp_path):
    conn = open_store(tmp_path / "c.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_from_a_newer_quotegraph_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / "c.db") as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(SetupError, match="newer"):
        open_store(tmp_path / "c.db")


@pytest.mark.parametrize("content, problem", [
    (None, "no such store"),  # the file is absent
    (b"not a database at all" * 100, "not a quotegraph store"),  # some other file
    ("dir", "is a directory"),  # a folder given as the store
])
def test_opening_a_bad_store_read_only_says_what_is_wrong(tmp_path, content, problem):
    if content == "dir":
        (tmp_path / "c.db").mkdir()
    elif content is not None:
        (tmp_path / "c.db").write_bytes(content)
    with pytest.raises(SetupError, match=problem):
        open_store(tmp_path / "c.db", readonly=True)
