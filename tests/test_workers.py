"""The local worker pool gives every result back, in input order, whatever order the workers
finish in: also when a whole window of results arrives together (it once waited for nothing
after 1,203 articles, when one slow article held the window while the other worker finished
the rest of it)."""
from __future__ import annotations

import signal
import time

import pytest

from quotegraph.workers import Pool

GIVE_UP = 60  # seconds: a pool waiting for nothing fails the test instead of hanging CI


class Hung(Exception):
    pass


def _hung(signum, frame):
    raise Hung(f"the pool gave no result for {GIVE_UP} s")


def _died(item):
    return "died"


# seconds each item sleeps in a worker (time.sleep returns None: the result)
@pytest.mark.parametrize("window, pauses", [
    (2, [0.4, 0.0, 0.0, 0.0, 0.0]),  # the first item slow: the other worker ends the window first
    (2, [0.0, 0.4, 0.0, 0.0, 0.0]),
    (3, [0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0]),
    (4, [0.0] * 9),
    (2, [0.3]),
    (2, []),
], ids=["first-slow", "second-slow", "slow-each-window", "all-quick", "one-item", "no-items"])
def test_workers_every_result_comes_back_in_input_order(window, pauses):
    items = [(pause,) for pause in pauses]
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(GIVE_UP)
    try:
        with Pool(2, time.sleep, died=_died, window=window) as pool:
            results = list(pool.map(iter(items)))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert results == [(item, None) for item in items]
