"""JSON Lines: one record per article, in store order, byte for byte what ``analyze`` writes, but
for ``duplicate_of``: the id of the first stored article of a syndicated story, found by the store."""
from __future__ import annotations

import json
import pathlib
import sqlite3

from ..record import to_json
from . import replacing


def full_record(text: str, body: str, duplicate_of: str | None = None) -> dict:
    """The analyze record from the store's ``record`` column (the record without "text") and
    ``text``, keys in ``make_record`` order: "text" goes back second, after "id"."""
    record = json.loads(body)
    if "duplicate_of" in record:  # (format v3 on)
        record["duplicate_of"] = duplicate_of
    return {"id": record.pop("id"), "text": text, **record}


def write_jsonl(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    n = 0
    with replacing(out) as part:
        with open(part, "w", encoding="utf-8") as f:  # opened as analyze opens its -o file
            for text, body, first in conn.execute("SELECT a.text, a.record, f.key FROM articles a"
                                                  " LEFT JOIN articles f ON f.id = a.duplicate_of ORDER BY a.id"):
                f.write(to_json(full_record(text, body, first)) + "\n")
                n += 1
    return {"articles": n}
