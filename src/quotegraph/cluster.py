"""Analysis on a Dask cluster, for ``quotegraph ingest --engine dask`` and ``--scheduler``.

The ingest stays the single writer: articles go out to the workers in small partitions, and
their rows come back in input order to be written here, exactly as with local worker
processes. Each worker loads the models once (a worker plugin, so a worker that joins or
restarts loads them too). Nothing here is a home-made distribution layer: scheduling,
retries and worker restarts are Dask's.
"""
from __future__ import annotations

import collections
import contextlib
import ctypes
import os
from collections.abc import Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from .model import Article, Page
from .store.rows import ArticleRows

PARTITION = 8  # articles per task: enough to hide Dask's per-task overhead, small for balance
PARTITIONS_PER_WORKER = 4  # in flight per worker: keeps them busy, bounds memory
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 (distributed.nanny.pre-spawn-environ),
# which also pins glibc's mmap threshold at 128 kB: every numpy array of a sentence's layers is then
# a fresh mmap and its page faults. Analysis ran 20% slower (docs/scale.md). The LocalCluster
# started here leaves the variable out; on a cluster started by others, workers raise both
# thresholds back to where glibc's own adjustment takes them on this workload.
TRIM_VARIABLE = "MALLOC_TRIM_THRESHOLD_"
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (malloc.h)


def analyse_partition(items: list[tuple[Article | Page, str | None]]) -> list[ArticleRows | str]:
    """The task: rows (or a one-line error) for each article of a partition."""
    from .ingest import analyse
    return [analyse(article, hash) for article, hash in items]


class LoadModels(WorkerPlugin):
    """Dask worker plugin: load the models as the worker starts, not inside the first task."""

    name = "quotegraph-models"

    def setup(self, worker) -> None:
        malloc_unpinned()
        from .lang import language
        from .language import identifier
        from .store.copies import minhash_template
        language("ru").preload()  # every Russian model and table (English loads with its first article)
        identifier()
        minhash_template()


def malloc_unpinned() -> bool:
    """If this process was started with glibc's trim threshold pinned (``TRIM_VARIABLE``), raise
    the mmap threshold to 32 MB and the trim threshold to 64 MB; True if it did."""
    if TRIM_VARIABLE not in os.environ:
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20) and libc.mallopt(_M_TRIM_THRESHOLD, 64 << 20))
    except (OSError, AttributeError):  # not glibc
        return False


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int, memory_limit: str | None = None):
    """A client of the cluster at ``scheduler`` (``tcp://host:8786``), or of a LocalCluster
    of ``workers`` single-threaded worker processes started here and stopped on exit."""
    from dask.distributed import Client, LocalCluster

    from .errors import SetupError

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise SetupError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                             "check the address and that dask-scheduler runs there") from exc
        with client:
            client.register_plugin(LoadModels())
            yield client
        return
    import dask

    from .lifetime import helpers_stopped
    from .workers import one_numpy_thread
    one_numpy_thread()
    with dask.config.set(LOCAL_WORKERS), helpers_stopped(), _fork_server_with_models(), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                         memory_limit=memory_limit or "auto") as cluster, Client(cluster) as client:
        client.register_plugin(LoadModels())
        yield client


# The LocalCluster's workers: forked from a fork server that loaded the models once (as local
# workers are), so they start at once and share the models' pages; glibc left to size its own
# thresholds (TRIM_VARIABLE); no statistical profiler sampling the analysis every 10 ms.
LOCAL_WORKERS = {"distributed.worker.multiprocessing-method": "forkserver",
                 f"distributed.nanny.pre-spawn-environ.{TRIM_VARIABLE}": None,
                 "distributed.worker.profile.enabled": False}


@contextlib.contextmanager
def _fork_server_with_models():
    """Multiprocessing's fork server, started now with Dask and quotegraph's models loaded; the
    caller's ``helpers_stopped`` stops it."""
    from distributed.utils import get_mp_context

    from .workers import _start_fork_server

    get_mp_context().set_forkserver_preload(["distributed", "quotegraph.preload"])  # (after Dask's own)
    _start_fork_server()
    yield


def analysed_on_dask(todo: Iterator[tuple[Article | Page, str | None]], client
                     ) -> Iterator[tuple[Article | Page, ArticleRows | str]]:
    """(article, rows or error) in input order, analysed by the cluster's workers."""
    from dask.distributed import CancelledError

    workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    window = workers * PARTITIONS_PER_WORKER
    pending: collections.deque = collections.deque()  # (partition, future)
    todo = iter(todo)
    while True:
        while len(pending) < window:
            partition = [item for _, item in zip(range(PARTITION), todo)]
            if not partition:
                break
            pending.append((partition, client.submit(analyse_partition, partition, pure=False)))
        if not pending:
            return
        partition, future = pending.popleft()
        try:
            results = future.result()
        except (CancelledError, Exception) as exc:  # a worker died twice on it, or the task failed
            reason = f"the Dask task failed ({type(exc).__name__}: {exc})"
            results = [f"{article.origin or article.id}: {reason}" for article, _ in partition]
        yield from ((article, result) for (article, _), result in zip(partition, results))
