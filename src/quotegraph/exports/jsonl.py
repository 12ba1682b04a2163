"""JSON Lines: one record per article, in store order, byte for byte what ``analyze`` writes, but
for what the store found across articles: ``duplicate_of``, the id of the first stored article
of a syndicated story, and each quote's ``statement``, the id of its statement (docs/statements.md),
on the quotes that are in one."""
from __future__ import annotations

import json
import pathlib
import sqlite3

from ..record import to_json
from . import replacing


def full_record(text: str, body: str, duplicate_of: str | None = None,
                statements: dict[int, int] | None = None) -> dict:
    """The analyze record from the store's ``record`` column (the record without "text") and
    ``text``, keys in ``make_record`` order: "text" goes back second, after "id". ``statements``:
    quote index → statement id, for the quotes in a statement."""
    record = json.loads(body)
    if "duplicate_of" in record:  # (format v3 on)
        record["duplicate_of"] = duplicate_of
    for idx, quote in enumerate(record.get("quotes", [])):
        if statements and idx in statements:
            quote["statement"] = statements[idx]
    return {"id": record.pop("id"), "text": text, **record}


def statements_of(conn: sqlite3.Connection, article_id: int) -> dict[int, int]:
    """quote index → statement id, for an article's quotes that are in a statement."""
    return dict(conn.execute("SELECT q.idx, qs.statement_id FROM quotes q JOIN quote_statements qs"
                             " ON qs.quote_id = q.id WHERE q.article_id = ?", (article_id,)))


def write_jsonl(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    n = 0
    with replacing(out) as part:
        with open(part, "w", encoding="utf-8") as f:  # opened as analyze opens its -o file
            for aid, text, body, first in conn.execute("SELECT a.id, a.text, a.record, f.key FROM articles a"
                                                       " LEFT JOIN articles f ON f.id = a.duplicate_of ORDER BY a.id"):
                f.write(to_json(full_record(text, body, first, statements_of(conn, aid))) + "\n")
                n += 1
    return {"articles": n}
