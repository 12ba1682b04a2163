"""The few questions the web pages and the API ask that ``store.browse`` and ``store.queries`` do not."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from ..store.queries import _rows

CHUNK = 500  # ids per IN (...) list, well under SQLite's limit of bound parameters


def _chunks(ids: Iterable[int]) -> Iterator[tuple[list[int], str]]:
    """Sorted distinct ids in slices, each with its ``?,?,...`` marks."""
    ids = sorted(set(ids))
    for at in range(0, len(ids), CHUNK):
        part = ids[at:at + CHUNK]
        yield part, ",".join("?" * len(part))


def quotes_whom(conn: sqlite3.Connection, identity_id: int, limit: int = 50) -> list[dict]:
    """Whom this identity quotes: speakers of quotes nested inside its own quotes (the converse
    of ``browse.quoted_by``)."""
    return _rows(conn.execute(
        "SELECT e.quoted_id AS id, ci.name, ci.type, e.quotes FROM quoting_edges e"
        " JOIN identities ci ON ci.id = e.quoted_id WHERE e.quoting_id = ?"
        " ORDER BY e.quotes DESC, ci.name LIMIT ?", (identity_id, limit)))  # (counted by linking)


def count_quotes_about(conn: sqlite3.Connection, identity_id: int) -> int:
    """How many quotes mention this identity (its own words about itself included)."""
    return conn.execute("SELECT count(*) FROM quote_targets WHERE identity_id = ?", (identity_id,)).fetchone()[0]


def identities_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict]:
    """id → {id, name, type, n_quotes} for the given identity ids."""
    out: dict[int, dict] = {}
    for part, marks in _chunks(ids):
        for row in _rows(conn.execute(f"SELECT id, name, type, n_quotes FROM identities WHERE id IN ({marks})", part)):
            out[row["id"]] = row
    return out


def targets_of_quotes(conn: sqlite3.Connection, quote_ids: Iterable[int]) -> dict[int, list[dict]]:
    """quote id → its targets, in the article's entity order: {entity (the article's local id),
    name (as the article names it), identity_id, identity (its canonical name), type, tone,
    score, role}. Tone, score and role are None in a store ingested before quote targets."""
    out: dict[int, list[dict]] = {}
    for part, marks in _chunks(quote_ids):
        for row in _rows(conn.execute(
                "SELECT qe.quote_id, qe.local_id AS entity, e.name, e.identity_id, i.name AS identity,"
                " coalesce(i.type, e.type) AS type, qe.tone, qe.score, qe.role"
                " FROM quote_entities qe JOIN entities e ON e.article_id = qe.article_id AND e.local_id = qe.local_id"
                " LEFT JOIN identities i ON i.id = e.identity_id"
                f" WHERE qe.quote_id IN ({marks}) ORDER BY qe.quote_id, CAST(substr(qe.local_id, 2) AS INTEGER)",
                part)):
            out.setdefault(row.pop("quote_id"), []).append(row)
    return out


def with_targets(conn: sqlite3.Connection, quotes: list[dict]) -> list[dict]:
    """The quotes (rows with a ``quote_id``), each given its ``targets``, in place."""
    found = targets_of_quotes(conn, [q["quote_id"] for q in quotes])
    for q in quotes:
        q["targets"] = found.get(q["quote_id"], [])
    return quotes


def article_ids(conn: sqlite3.Connection, quote_ids: Iterable[int]) -> dict[int, int]:
    """quote id → the id of its article."""
    out: dict[int, int] = {}
    for part, marks in _chunks(quote_ids):
        out.update((r[0], r[1]) for r in conn.execute(f"SELECT id, article_id FROM quotes WHERE id IN ({marks})", part))
    return out
