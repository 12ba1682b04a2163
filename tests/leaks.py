"""No test leaves a process behind: a pytest plugin, loaded by conftest.

pytest becomes a child subreaper (Linux), so a process orphaned by a killed child (a fork server
whose ingest got -9) is adopted by pytest instead of init, and stays in pytest's process tree.
After each test, every process that appeared in that tree during the test must be gone within
``QUOTEGRAPH_LEAK_GRACE`` seconds (10). If one is not, it is killed and the test fails at
teardown, naming it. At the end of the session the whole tree must be empty, which catches what
module and session fixtures leave.
"""
from __future__ import annotations

import ctypes
import os
import time

import psutil
import pytest

_PR_SET_CHILD_SUBREAPER = 36


def _grace() -> float:
    return float(os.environ.get("QUOTEGRAPH_LEAK_GRACE", "10"))


def pytest_configure(config) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: orphans go to init, unseen
        pass


def _alive() -> dict[tuple[int, float], psutil.Process]:
    """This process's live descendants (zombies are dead and hold nothing), by (pid, start)."""
    alive = {}
    for process in psutil.Process().children(recursive=True):
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                alive[(process.pid, process.create_time())] = process
        except psutil.NoSuchProcess:
            pass
    return alive


def _describe(process: psutil.Process) -> str:
    try:
        return f"pid {process.pid}: {' '.join(process.cmdline())[:200]}"
    except psutil.Error:
        return f"pid {process.pid}"


def left_behind(before: set) -> list[str]:
    """Processes not in ``before`` that are still alive after the grace period: described, then
    killed."""
    deadline = time.monotonic() + _grace()
    while True:
        new = [p for key, p in _alive().items() if key not in before]
        if not new or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    described = [_describe(process) for process in new]
    for process in new:
        try:
            process.kill()
        except psutil.Error:
            pass
    return described


@pytest.fixture(autouse=True)
def no_process_left_behind():
    before = set(_alive())
    yield
    left = left_behind(before)
    if left:
        pytest.fail(f"the test left {len(left)} process(es) behind: " + "; ".join(left),
                    pytrace=False)


def pytest_sessionfinish(session, exitstatus) -> None:
    left = left_behind(set())
    if left:
        print(f"\nthe test session left {len(left)} process(es) behind: " + "; ".join(left))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
