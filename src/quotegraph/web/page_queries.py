"""The few questions the web pages ask that ``store.browse`` and ``store.queries`` do not."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..store.queries import _rows


def quotes_whom(conn: sqlite3.Connection, identity_id: int, limit: int = 50) -> list[dict]:
    """Whom this identity quotes: speakers of quotes nested inside its own quotes (the converse
    of ``browse.quoted_by``)."""
    return _rows(conn.execute(
        "SELECT co.identity_id AS id, ci.name, ci.type, count(*) AS quotes"
        " FROM entities po JOIN quotes p ON p.article_id = po.article_id AND p.speaker_local = po.local_id"
        " JOIN quotes c ON c.article_id = p.article_id AND c.parent_idx = p.idx"
        " JOIN entities co ON co.article_id = c.article_id AND co.local_id = c.speaker_local"
        " JOIN identities ci ON ci.id = co.identity_id"
        " WHERE po.identity_id = ? AND co.identity_id != po.identity_id"
        " GROUP BY co.identity_id ORDER BY quotes DESC, ci.name LIMIT ?", (identity_id, limit)))


def count_quotes_about(conn: sqlite3.Connection, identity_id: int) -> int:
    """How many quotes mention this identity (its own words about itself included)."""
    return conn.execute(
        "SELECT count(DISTINCT qe.quote_id) FROM entities t"
        " JOIN quote_entities qe ON qe.article_id = t.article_id AND qe.local_id = t.local_id"
        " WHERE t.identity_id = ?", (identity_id,)).fetchone()[0]


def identities_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict]:
    """id → {id, name, type, n_quotes} for the given identity ids."""
    ids = sorted(set(ids))
    out: dict[int, dict] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for row in _rows(conn.execute(f"SELECT id, name, type, n_quotes FROM identities WHERE id IN ({marks})", part)):
            out[row["id"]] = row
    return out
