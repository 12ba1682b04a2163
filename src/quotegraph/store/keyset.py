"""Pages by keyset: a list in date order goes on after the last row it gave, found by index,
instead of counting past every row before it (``OFFSET`` reads them all: page 10,000 of a
speaker's quotes would read 500,000 rows).

A list newest first is ordered by date (descending), then article id (descending), then, for
quotes, their place in the article. Rows without a date come after all dated rows. A cursor
holds the last row's three values (``Cursor.text``: ``2025-11-12~1234~3``). The next page is
read in up to two runs of the same query: the dated rows after the cursor (the date index
seeks to the cursor's date), then, when they run out, the rows without a date.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TEXT = re.compile(r"^([0-9-]{0,10})~([0-9]{1,19})(?:~([0-9]{1,9}))?$")
PATTERN = _TEXT.pattern


@dataclass(frozen=True)
class Cursor:
    date: str | None
    article_id: int
    idx: int | None = None  # a quote's place in its article; None in a list of articles

    @property
    def text(self) -> str:
        return f"{self.date or ''}~{self.article_id}" + ("" if self.idx is None else f"~{self.idx}")

    @classmethod
    def parse(cls, text: str) -> Cursor:
        found = _TEXT.match(text)
        if found is None:
            raise ValueError(f"{text!r} is not a cursor: give the `next` of the page before")
        date, article, idx = found.groups()
        return cls(date or None, int(article), None if idx is None else int(idx))

    @classmethod
    def of(cls, row: dict, article_key: str = "article_id", idx_key: str | None = "idx") -> Cursor:
        return cls(row["date"], row[article_key], row[idx_key] if idx_key else None)


# run(condition, args, limit) → rows: the list's own query with one more condition
Run = Callable[[str, list, int], list]


def page_after(run: Run, cursor: Cursor, limit: int, date: str, article: str, idx: str | None = None) -> list:
    """Up to ``limit`` rows after ``cursor``, in the list's order, for the columns ``date``,
    ``article`` and ``idx`` (SQL expressions)."""
    then = f"{article} < ?" + (f" OR ({article} = ? AND {idx} > ?)" if idx else "")
    then_args = [cursor.article_id] + ([cursor.article_id, cursor.idx or 0] if idx else [])
    rows = []
    if cursor.date is not None:
        rows = run(f"{date} <= ? AND ({date} < ? OR {then})", [cursor.date, cursor.date, *then_args], limit)
        if len(rows) < limit:  # the dated rows ran out: the undated ones follow
            rows += run(f"{date} IS NULL", [], limit - len(rows))
    else:
        rows = run(f"{date} IS NULL AND ({then})", then_args, limit)
    return rows
