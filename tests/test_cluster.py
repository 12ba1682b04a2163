"""Ingest on Dask: a LocalCluster of 2 workers, and an existing cluster reached by --scheduler,
store exactly what the local path stores."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quotegraph.ingest import ingest
from quotegraph.lifetime import helpers_stopped
from test_ingest import QUOTE_ROWS, table, write_corpus

N = 24
ENTITY_ROWS = "SELECT a.key, e.local_id, e.type, e.name FROM entities e JOIN articles a ON a.id = e.article_id ORDER BY 1, 2"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("corpus") / "news", N)
    (folder / "broken.jsonl").write_text('{"id": "bad", "text": \n', encoding="utf-8")  # one bad input
    return folder


@pytest.fixture(scope="module")
def local_db(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("local") / "local.db"
    ingest([str(corpus)], db, workers=1, progress=False)
    return db


def test_dask_local_cluster_stores_what_the_local_path_stores(corpus, local_db, tmp_path):
    db = tmp_path / "dask.db"
    summary = ingest([str(corpus)], db, engine="dask", workers=2, progress=False)
    assert (summary.counts["added"], summary.failed) == (N, 1)
    assert table(db, QUOTE_ROWS) == table(local_db, QUOTE_ROWS)
    assert table(db, ENTITY_ROWS) == table(local_db, ENTITY_ROWS)
    assert table(db, "SELECT origin FROM failures") == table(local_db, "SELECT origin FROM failures")


def test_cli_on_an_existing_cluster_by_its_scheduler_address(corpus, local_db, tmp_path):
    from dask.distributed import LocalCluster

    db = tmp_path / "remote.db"
    with helpers_stopped(), LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(corpus), "--db", str(db),
                               "--scheduler", cluster.scheduler_address, "--no-progress"],
                              capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert table(db, QUOTE_ROWS) == table(local_db, QUOTE_ROWS)


def test_an_unreachable_scheduler_is_a_one_line_error(corpus, tmp_path):
    done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(corpus), "--db",
                           str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:9", "--no-progress"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def local_cluster():
    """A LocalCluster of 2 as ingest starts it, from a process whose environment holds no pinned
    malloc threshold (a nanny of an earlier test may have left one in this process's)."""
    from quotegraph.cluster import TRIM_VARIABLE, dask_client

    pinned = os.environ.pop(TRIM_VARIABLE, None)
    try:
        with dask_client(None, 2) as client:
            yield client
    finally:
        if pinned is not None:
            os.environ[TRIM_VARIABLE] = pinned


def _models_loaded():
    return "quotegraph.preload" in sys.modules


def _forked_from_fork_server():
    import psutil
    return "forkserver" in " ".join(psutil.Process(os.getppid()).cmdline())


def _glibc_thresholds_pinned():
    from quotegraph.cluster import TRIM_VARIABLE
    return TRIM_VARIABLE in os.environ


def _profiler_sampling():
    import dask
    return dask.config.get("distributed.worker.profile.enabled")


@pytest.mark.parametrize("question, answer", [
    (_models_loaded, True),  # loaded once, in the fork server: a worker starts with them
    (_forked_from_fork_server, True),
    (_glibc_thresholds_pinned, False),  # Dask's MALLOC_TRIM_THRESHOLD_ made analysis 20% slower
    (_profiler_sampling, False),
], ids=lambda value: getattr(value, "__name__", str(value)).strip("_"))
def test_dask_local_cluster_workers(local_cluster, question, answer):
    assert set(local_cluster.run(question).values()) == {answer}


# a block of 1 MB: mmapped (hblks + 1) while the thresholds stay pinned at 64 kB, from the heap once raised
MAPPED = """
import ctypes
from quotegraph.cluster import malloc_unpinned
{call}
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
info = ctypes.CDLL(None).mallinfo2
info.restype = Info
before = info().hblks
block = bytearray(1 << 20)
print(info().hblks - before)
"""


@pytest.mark.parametrize("environ, call, mapped", [
    ({"MALLOC_TRIM_THRESHOLD_": "65536"}, "malloc_unpinned()", "0"),
    ({"MALLOC_TRIM_THRESHOLD_": "65536"}, "pass", "1"),
    ({}, "malloc_unpinned()", "1"),  # glibc adjusts its own thresholds: left alone
], ids=["pinned-then-raised", "pinned", "never-pinned-left-alone"])
def test_dask_worker_with_pinned_malloc_thresholds_raises_them(environ, call, mapped):
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"} | environ
    done = subprocess.run([sys.executable, "-c", MAPPED.format(call=call)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.stdout.split() == [mapped], done.stderr
