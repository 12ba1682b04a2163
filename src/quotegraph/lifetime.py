"""Helper processes that never outlive the process that owns them.

``quotegraph ingest`` starts a fork server (which loads the models once) and worker processes
forked from it. Each of them calls ``leave_with(parent)`` as it starts: it ends the moment its
parent is gone, whether the parent returned, raised, or was killed with -9 at any phase. And
``helpers_stopped`` ends multiprocessing's own helpers (the fork server, the resource tracker)
that a block started, when the block ends: an ingest inside a long-running program leaves
nothing running after it.
"""
from __future__ import annotations

import contextlib
import glob
import ctypes
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import signal
import threading
import time

OWNER = "QUOTEGRAPH_OWNER_PID"  # set in the fork server's environment: the pid that started it
_PR_SET_PDEATHSIG = 1


def leave_with(parent: int) -> None:
    """End this process when ``parent`` is no longer its parent.

    On Linux the kernel sends SIGKILL as the parent exits (``PR_SET_PDEATHSIG``); elsewhere a
    daemon thread checks once a second. Either way, a parent that is already gone when this runs
    (the race of a kill during start-up) ends this process at once."""
    if not _death_signal(signal.SIGKILL):
        threading.Thread(target=_watch, args=(parent,), name="quotegraph-leave-with-parent", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def owner() -> int | None:
    """The pid of the process that started this fork server, from its environment."""
    value = os.environ.get(OWNER, "")
    return int(value) if value.isdigit() else None


def _death_signal(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


@contextlib.contextmanager
def helpers_stopped():
    """Stop, as the block ends, the multiprocessing helper processes that it started: the fork
    server first (it holds the tracker's pipe), then the resource tracker. Helpers that ran
    before the block are left alone: they belong to someone else."""
    helpers = (multiprocessing.forkserver._forkserver, multiprocessing.resource_tracker._resource_tracker)
    before = [_pid(helper) for helper in helpers]
    try:
        yield
    finally:
        for helper, pid in zip(helpers, before):
            if _pid(helper) not in (None, pid):
                kill_with_children(_pid(helper))  # a fork server may still be loading models
                helper._stop()  # reaps it


def kill_with_children(pid: int) -> None:
    """Kill a process and its children: a worker forked a moment ago has not yet set its
    parent-death signal, and one whose start was interrupted is in no list of ours. The
    process is stopped first, so that it forks no child after its children are listed."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGSTOP)
        deadline = time.monotonic() + 1.0
        while _state(pid) not in ("T", "t", "Z", "X", None) and time.monotonic() < deadline:
            time.sleep(0.001)
    for victim in (*children_of(pid), pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0].decode()
    except (OSError, IndexError):
        return None


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()  # after the command name, which may hold spaces
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.split("/")[2]))
    return out


def _pid(helper) -> int | None:
    return getattr(helper, "_forkserver_pid", getattr(helper, "_pid", None))


class OverTime(BaseException):
    """Raised in the main thread when a ``time_budget`` runs out. A BaseException, so that the
    handlers that keep one bad article from stopping a batch do not swallow it."""


@contextlib.contextmanager
def time_budget(seconds: float | None):
    """Raise ``OverTime`` in the block after ``seconds`` of wall time (None: no limit). It
    uses SIGALRM, so it holds in the main thread only; elsewhere the block runs unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(signum, frame):
        raise OverTime(seconds)

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
