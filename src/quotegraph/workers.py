"""Worker processes for ``quotegraph ingest``: one article at a time each, results in input order.

The workers are forked from a fork server that loaded the models once (``preload.py``), so no
worker imports or loads anything, and they share the models' pages. The ingest process itself
is never forked: it holds a SQLite connection and rich's refresh thread.

Nothing here outlives its owner. The fork server and every worker leave as soon as the process
that started them is gone (``lifetime.leave_with``); ``close()`` ends them whenever the pool is
left, normally or by an exception, and stops the fork server that the pool started. A worker
that dies takes only its own article with it: that article is tried again once, then recorded
as failed. A worker still on one article after ``timeout`` seconds is killed and replaced, and
that article recorded as ``timed_out`` (never tried again: it would take as long).
"""
from __future__ import annotations

import collections
import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import SetupError
from .lifetime import OWNER, helpers_stopped, leave_with

MAX_ATTEMPTS = 2  # an article whose worker dies twice is recorded as failed
MAX_START_FAILURES = 3  # workers dying before their first article: the setup is broken


def one_numpy_thread() -> None:
    """Worker processes started from now on run numpy single-threaded (read as numpy loads):
    N workers with N BLAS threads each on N cores ran 8× slower."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


@dataclass
class _Job:
    seq: int
    item: tuple
    attempts: int = 0


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    job: _Job | None = None
    started: float = 0.0
    served: int = 0


@dataclass
class Pool:
    """``workers`` processes that apply ``task`` to items; ``map`` yields (item, result) in input
    order with at most ``window`` items read ahead. ``died(item)`` is the result of an item whose
    worker died ``MAX_ATTEMPTS`` times; ``timed_out(item)`` of one still running after ``timeout``
    seconds (None: no limit)."""

    workers: int
    task: Callable
    died: Callable[[tuple], object]
    window: int = 16
    timeout: float | None = None
    timed_out: Callable[[tuple], object] | None = None
    _context: object = None
    _helpers: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _live: list[_Worker] = field(default_factory=list)
    _start_failures: int = 0

    def __enter__(self) -> Pool:
        one_numpy_thread()
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["quotegraph.preload"])
        try:
            self._helpers.enter_context(helpers_stopped())
            _start_fork_server()
            for _ in range(self.workers):
                self._live.append(self._start())
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """End every worker now (an article in progress is abandoned), and stop the fork server
        and resource tracker if this pool started them."""
        for worker in self._live:
            worker.conn.close()
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self._live:
            worker.process.join()
            worker.process.close()
        self._live.clear()
        self._helpers.close()

    def map(self, items: Iterable[tuple]) -> Iterator[tuple[tuple, object]]:
        items = iter(items)
        queue: collections.deque[_Job] = collections.deque()
        done: dict[int, tuple[tuple, object]] = {}
        read = emitted = 0
        exhausted = False
        while True:
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
            # read ahead only now that the results are out: reading before them could leave a full
            # window with every result in hand and nothing given to a worker, a wait for nothing
            while not exhausted and read - emitted < self.window:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                queue.append(_Job(read, item))
                read += 1
            if exhausted and emitted == read:
                return
            for worker in self._live:
                if worker.job is None and queue:
                    self._give(worker, queue.popleft())
            # the article `emitted` is queued (then every worker is busy) or with a worker
            self._wait(queue, done)

    # --- one round of waiting ---------------------------------------------------------------

    def _wait(self, queue: collections.deque[_Job], done: dict) -> None:
        watched = [w.conn for w in self._live if w.job is not None] + [w.process.sentinel for w in self._live]
        busy = [w.started for w in self._live if w.job is not None]
        wait = max(0.0, min(busy) + self.timeout - time.monotonic()) if self.timeout and busy else None
        ready = set(multiprocessing.connection.wait(watched, timeout=wait))
        for worker in list(self._live):
            if worker.job is not None and worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, queue, done)
                    continue
                done[worker.job.seq] = (worker.job.item, result)
                worker.job, worker.served = None, worker.served + 1
            if worker.process.sentinel in ready:
                self._replace(worker, queue, done)
            elif worker.job is not None and self.timeout and time.monotonic() - worker.started >= self.timeout:
                self._stop(worker, done)

    def _stop(self, worker: _Worker, done: dict) -> None:
        """A worker over its time on one article: killed, its article failed, a new worker started."""
        worker.process.kill()
        worker.process.join()
        done[worker.job.seq] = (worker.job.item, self.timed_out(worker.job.item))
        worker.conn.close()
        worker.process.close()
        self._live.remove(worker)
        self._live.append(self._start())

    def _give(self, worker: _Worker, job: _Job) -> None:
        job.attempts += 1
        worker.job, worker.started = job, time.monotonic()
        try:
            worker.conn.send(job.item)
        except (BrokenPipeError, OSError):
            pass  # it died: its sentinel says so in the next wait

    def _replace(self, worker: _Worker, queue: collections.deque[_Job], done: dict) -> None:
        """A worker died: its article goes back to the queue (or fails), and a new one starts."""
        worker.process.join()
        job = worker.job
        if job is not None:
            if job.attempts >= MAX_ATTEMPTS:
                done[job.seq] = (job.item, self.died(job.item))
            else:
                queue.appendleft(job)
        elif worker.served == 0:
            self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES:
                raise SetupError(f"ingest worker processes die as they start (exit code {worker.process.exitcode}); "
                                 "run with --workers 1 to see the error")
        worker.conn.close()
        worker.process.close()
        self._live.remove(worker)
        self._live.append(self._start())

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self.task), name="quotegraph-worker",
                                        daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)


def _serve(conn: multiprocessing.connection.Connection, task: Callable) -> None:
    """A worker's life: follow the fork server, then take items until the ingest closes the pipe."""
    try:
        from .preload import SERVER
    except ImportError:  # pragma: no cover - the fork server did not preload
        SERVER = os.getppid()
    leave_with(SERVER)
    from .nlp import models
    models()  # loaded already, when the fork server preloaded them
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(task(*item))


# --- the fork server ------------------------------------------------------------------------

def _start_fork_server() -> None:
    """Start multiprocessing's fork server (if none runs), told in its environment who owns it."""
    os.environ[OWNER] = str(os.getpid())
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        del os.environ[OWNER]
