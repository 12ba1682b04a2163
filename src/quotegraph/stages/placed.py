"""Spans by start, to find those overlapping a stretch without a scan of them all: what keeps
the checks "does this quote overlap one already kept" near-linear in a long article. Shared by
the languages; an item needs ``start`` and ``end``."""
from __future__ import annotations

import bisect


class Placed:
    """Items with ``start`` and ``end``, by start."""

    def __init__(self):
        self.starts: list[int] = []
        self.items: list = []
        self.longest = 0

    def add(self, q) -> None:
        at = bisect.bisect_right(self.starts, q.start)
        self.starts.insert(at, q.start)
        self.items.insert(at, q)
        self.longest = max(self.longest, q.end - q.start)

    def overlapping(self, start: int, end: int) -> list:
        """The items that share a character with [start, end)."""
        lo = bisect.bisect_right(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [o for o in self.items[lo:hi] if o.end > start]


def placed(quotes) -> Placed:
    index = Placed()
    for q in quotes:
        index.add(q)
    return index
