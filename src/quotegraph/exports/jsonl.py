"""JSON Lines: one record per article, in store order, byte for byte what ``analyze`` writes."""
from __future__ import annotations

import json
import pathlib
import sqlite3

from ..record import to_json
from . import replacing


def full_record(text: str, body: str) -> dict:
    """The analyze record from the store's ``record`` column (the record without "text") and
    ``text``, keys in ``make_record`` order: "text" goes back second, after "id"."""
    record = json.loads(body)
    return {"id": record.pop("id"), "text": text, **record}


def write_jsonl(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    n = 0
    with replacing(out) as part:
        with open(part, "w", encoding="utf-8") as f:  # opened as analyze opens its -o file
            for text, body in conn.execute("SELECT text, record FROM articles ORDER BY id"):
                f.write(to_json(full_record(text, body)) + "\n")
                n += 1
    return {"articles": n}
