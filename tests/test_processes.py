"""No process outlives the ingest that started it: its fork server and workers leave when it
returns, raises, is interrupted, or is killed with -9 at any phase; and the fixture that
checks this for every test (``leaks.py``) fails a test that leaves a process behind.
"""
from __future__ import annotations

import ctypes
import pathlib
import sqlite3
import subprocess
import sys
import threading
import time

import psutil
import pytest

from leaks import _alive
from quotegraph.ingest import ingest
from test_ingest import write_corpus

N = 12
LEAVE_WITHIN = 3.0  # seconds for the fork server and workers to go once their owner is gone


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("corpus") / "news", N)
    (folder / "broken.jsonl").write_text('{"id": "bad", "text": \n', encoding="utf-8")  # one failure
    return folder


def gone_within(seconds: float, before: set) -> list[str]:
    """The descendants of this test process not in ``before`` still alive after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        new = [p for key, p in _alive().items() if key not in before]
        if not new or time.monotonic() > deadline:
            return [" ".join(p.cmdline())[:120] for p in new if p.is_running()]
        time.sleep(0.05)


# --- in-process ingests: return, raise, interrupt, a thread killed -------------------------

class Stop(Exception):
    pass


def _raise(exc):
    def on_failure(message):
        raise exc
    return on_failure


@pytest.mark.parametrize("exc", [None, Stop("a failing callback"), KeyboardInterrupt()], ids=["returns", "raises", "interrupted"])
def test_processes_an_in_process_ingest_leaves_no_process(corpus, tmp_path, exc):
    before = set(_alive())
    if exc is None:
        summary = ingest([str(corpus)], tmp_path / "c.db", workers=2, progress=False)
        assert summary.counts["added"] == N
    else:
        with pytest.raises(type(exc)):
            ingest([str(corpus)], tmp_path / "c.db", workers=2, progress=False, on_failure=_raise(exc))
    assert gone_within(0, before) == []  # at once: the pool is closed before ingest returns


def test_processes_an_ingest_thread_killed_by_an_async_exception_leaves_no_process(corpus, tmp_path):
    """Killing a thread the Python way (an exception raised inside it) while its ingest analyses."""
    before = set(_alive())
    outcome = []

    def run():
        try:
            ingest([str(corpus)], tmp_path / "c.db", workers=2, progress=False)
        except Stop:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while not _worker_busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(Stop))
    thread.join(timeout=60)
    assert outcome == ["stopped"]
    # not "at once" as above: the exception lands between any two bytecodes, also while a worker
    # is being forked, and that worker goes a moment after the pool has closed
    assert gone_within(LEAVE_WITHIN, before) == []


def _worker_busy() -> bool:
    """Whether a worker forked by this process's fork server runs."""
    for p in psutil.Process().children():
        try:
            if "forkserver" in " ".join(p.cmdline()) and p.children():
                return True
        except psutil.Error:  # it ended meanwhile
            pass
    return False


# --- subprocess ingests killed with -9 at each phase ----------------------------------------

def stored(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[str]:
    try:
        return [" ".join(p.cmdline()) for p in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


PHASES = {  # name → (ingest options, when to kill: (ingest pid, store) → bool)
    "local, starting up": (["--workers", "2"], lambda pid, db: True),
    "local, fork server loading the models": (["--workers", "2"], lambda pid, db: any("forkserver" in c for c in _children(pid))),
    "local, workers started": (["--workers", "2"], lambda pid, db: sum("forkserver" in c for c in _children(pid)) >= 2),
    "local, articles written": (["--workers", "2"], lambda pid, db: stored(db) >= 2),
    "dask, cluster starting": (["--engine", "dask", "--workers", "2"], lambda pid, db: len(_children(pid)) >= 1),
    "dask, articles written": (["--engine", "dask", "--workers", "2"], lambda pid, db: stored(db) >= 2),
}


@pytest.mark.parametrize("phase", PHASES)
def test_processes_an_ingest_killed_at_any_phase_leaves_no_process(corpus, tmp_path, phase):
    options, when = PHASES[phase]
    db = tmp_path / "killed.db"
    before = set(_alive())
    proc = subprocess.Popen([sys.executable, "-m", "quotegraph.cli", "ingest", str(corpus), "--db", str(db),
                             "--no-progress", *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not when(proc.pid, db) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, f"the ingest ended before the phase «{phase}»"
    proc.kill()
    proc.wait(timeout=30)
    assert gone_within(LEAVE_WITHIN, before) == []


# --- the fixture that checks every test -------------------------------------------------------

LEAKS = {  # a test body → whether the leak fixture lets it pass
    "subprocess.run(['true'])": True,
    "p = subprocess.Popen(['sleep', '60']); p.kill(); p.wait()": True,
    "subprocess.Popen(['sleep', '60'])": False,
    "subprocess.run(['sh', '-c', 'sleep 60 &'])": False,  # an orphaned grandchild
    "multiprocessing.get_context('spawn').Process(target=time.sleep, args=(60,)).start()": False,
}


@pytest.mark.parametrize("body", LEAKS)
def test_processes_the_leak_fixture_fails_a_test_that_leaves_a_process(pytester, monkeypatch, body):
    monkeypatch.setenv("PYTHONPATH", str(pathlib.Path(__file__).parent))
    monkeypatch.setenv("QUOTEGRAPH_LEAK_GRACE", "1")
    pytester.makepyfile(test_inner=f"import multiprocessing, subprocess, time\n\ndef test_inner():\n    {body}\n")
    result = pytester.runpytest_subprocess("-p", "leaks", "-p", "no:cacheprovider")
    if LEAKS[body]:
        result.assert_outcomes(passed=1)
    else:
        result.assert_outcomes(passed=1, errors=1)
        result.stdout.fnmatch_lines(["*the test left * process(es) behind: pid *"])
