"""The speakers remembered so far in an article, queried by offset without a scan of them all.

``History`` is a list of ``(offset, speaker)`` in the order quotes were attributed (that order
is not the offsets' order: a quote with no cue is remembered where it starts, sorted where it
ends). Each query means what a filter over the whole list would, with the same ties; a sorted
view, rebuilt when the list has grown, answers it from the entries near the offset.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import accumulate


class History(list):
    _size = -1

    def _view(self) -> None:
        if self._size == len(self):
            return
        self._order = sorted(range(len(self)), key=lambda i: self[i][0])  # stable: attribution order at one offset
        self._offsets = [self[i][0] for i in self._order]
        self._last = list(accumulate(self._order, max))  # latest attributed among the first k by offset
        self._first_offset: dict = {}
        for i in self._order:
            self._first_offset.setdefault(self[i][1].name, self[i][0])
        self._size = len(self)

    def last_before(self, at: int):
        """The entry attributed last among those before ``at`` (``[h for h in self if h[0] < at][-1]``)."""
        self._view()
        k = bisect.bisect_left(self._offsets, at)
        return self[self._last[k - 1]] if k else None

    def first_within(self, low: int, high: int, *, from_low: bool = False):
        """The entry attributed first among those after ``low`` (or at it) and before ``high``."""
        self._view()
        a = bisect.bisect_left(self._offsets, low) if from_low else bisect.bisect_right(self._offsets, low)
        b = bisect.bisect_left(self._offsets, high)
        return self[min(self._order[a:b])] if a < b else None

    def latest_before(self, at: int, keep: Callable) -> tuple | None:
        """Of the entries before ``at`` that ``keep`` accepts, the one at the largest offset (the
        first attributed, of several there), as ``max`` over them in list order gives."""
        self._view()
        best = None
        for k in range(bisect.bisect_left(self._offsets, at) - 1, -1, -1):
            if best is not None and self._offsets[k] < best[0]:
                break
            i = self._order[k]
            if keep(self[i]) and (best is None or i < best[1]):
                best = (self._offsets[k], i)
        return self[best[1]] if best else None

    def said_before(self, at: int) -> "SaidBefore":
        """The names of the speakers remembered before ``at``, as a container."""
        self._view()
        return SaidBefore(self._first_offset, at)


class SaidBefore:
    def __init__(self, first_offset: dict, at: int):
        self.first_offset, self.at = first_offset, at

    def __contains__(self, name) -> bool:
        return self.first_offset.get(name, self.at) < self.at
