"""Browsing a corpus store: lists with filters and pages, and the details of one article or
identity. The HTTP API and the web pages share these (the CLI's questions are in ``queries``).

Lists take ``limit`` and ``offset`` (quotes and articles also ``after``, a ``keyset.Cursor``)
and return plain dicts; callers ask for one row more than a page to learn whether another
page follows.
"""
from __future__ import annotations

import json
import sqlite3

from .keyset import Cursor, page_after
from .queries import _QUOTE_COLUMNS, _QUOTE_JOINS, _dates, _rows, fts_query, newest_ranked

KINDS = ("direct", "indirect", "mixed")
TYPES = ("PER", "ORG", "LOC")


def list_articles(conn: sqlite3.Connection, *, title: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, limit: int = 50, offset: int = 0,
                  after: Cursor | None = None) -> list[dict]:
    """Articles, newest first (the last ingested first within a day); ``title`` filters on
    title or key (case-insensitive substring); ``after``: the articles after this one
    (``keyset``), instead of ``offset``."""
    dates, args = _dates(date_from, date_to, "a.date")
    where = ""
    if title:
        where, args = " AND (a.title LIKE ? OR a.key LIKE ?)", [f"%{title}%", f"%{title}%", *args]

    def run(condition: str, condition_args: list, limit: int, offset: int = 0) -> list[dict]:
        return _rows(conn.execute(
            "SELECT a.id, a.key, a.date, a.title, a.source, a.url,"
            " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes"
            f" FROM articles a WHERE 1 = 1{where}{dates}{condition} ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?",
            [*args, *condition_args, limit, offset]))

    if after is not None:
        return page_after(lambda c, a, n: run(f" AND ({c})", a, n), after, limit, "a.date", "a.id")
    return run("", [], limit, offset)


def article(conn: sqlite3.Connection, article_id: int) -> dict | None:
    """One article with its text, quotes (speaker identities resolved), entities (with their
    identities and mentions) and dates."""
    row = conn.execute("SELECT id, key, date, title, source, url, lang, text, site, author, fetched_at, duplicate_of"
                       " FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["quotes"] = _rows(conn.execute(
        "SELECT q.id AS quote_id, q.idx, q.start, q.end, q.text, q.kind, q.cue_start, q.cue_end, q.cue_text AS cue,"
        " q.speaker_name AS speaker, s.identity_id AS speaker_id, q.speaker_start, q.speaker_end,"
        " q.speaker_text, q.parent_idx AS parent, round(q.confidence, 2) AS confidence"
        " FROM quotes q LEFT JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local"
        " WHERE q.article_id = ? ORDER BY q.idx", (article_id,)))
    entities = _rows(conn.execute(
        "SELECT e.local_id AS id, e.type, e.name, e.roles, e.identity_id, i.name AS identity_name"
        " FROM entities e LEFT JOIN identities i ON i.id = e.identity_id WHERE e.article_id = ?"
        " ORDER BY CAST(substr(e.local_id, 2) AS INTEGER)", (article_id,)))
    mentions: dict[str, list[dict]] = {}
    for m in _rows(conn.execute("SELECT local_id, start, end, text, kind FROM mentions WHERE article_id = ?"
                                " ORDER BY start", (article_id,))):
        mentions.setdefault(m.pop("local_id"), []).append(m)
    for e in entities:
        e["roles"] = json.loads(e["roles"])
        e["mentions"] = mentions.get(e["id"], [])
    out["entities"] = entities
    from .queries import copies_of
    out["copies"] = copies_of(conn, article_id)  # the other outlets that carried the story
    out["dates"] = _rows(conn.execute("SELECT start, end, text, value FROM dates WHERE article_id = ? ORDER BY start",
                                      (article_id,)))
    return out


def filter_quotes(conn: sqlite3.Connection, *, speaker: int | None = None, entity: int | None = None,
                  text: str | None = None, date_from: str | None = None, date_to: str | None = None,
                  kind: str | None = None, lang: str | None = None, limit: int = 50, offset: int = 0,
                  by_statement: bool = False, after: Cursor | None = None) -> list[dict]:
    """Quotes by ``speaker`` (identity id), mentioning ``entity`` (identity id), containing every
    word of ``text`` (any word form), within dates, of a ``kind``, in articles of a ``lang``: newest first (the last
    ingested article first within a day, its quotes in text order), or best text match first
    when ``text`` is given (of its ``RANKED_MATCHES`` newest matches, when nothing else narrows
    it). Each carries its ``statement_id`` and the statement's ``statement_articles``, and its
    ``idx`` in its article; ``by_statement``: only the first matching quote of each statement;
    ``after``: the quotes after this one, in date order (``keyset``), instead of ``offset``."""
    where, args = [], []
    joins = _QUOTE_JOINS
    order = newest = "q.date DESC, q.article_id DESC, q.idx"  # the quotes_date index serves the date part
    # an entity's quotes without words to rank: walked newest first in linking's quote_targets
    by_target = entity is not None and not text and not by_statement
    if by_target:
        order = "qt.date DESC, q.article_id DESC, q.idx"
    if text:
        match = fts_query(text)
        if not match:
            return []
        joins = " JOIN quotes_fts f ON f.rowid = q.id" + joins
        narrowed = any(x is not None for x in (speaker, entity, date_from, date_to)) or bool(kind or lang)
        newest, bound = newest_ranked(conn, match, narrowed)
        where.append("quotes_fts MATCH ?" + newest)
        args += [match, *bound]
        order = "f.rank, q.id"
    if speaker is not None:
        where.append("q.speaker_id = ?")
        args.append(speaker)
    if entity is not None:
        where.append("qt.identity_id = ?" if by_target
                     else "q.id IN (SELECT quote_id FROM quote_targets WHERE identity_id = ?)")
        args.append(entity)
    if kind:
        where.append("q.kind = ?")
        args.append(kind)
    if lang:
        where.append("a.lang = ?")
        args.append(lang)
    dates, date_args = _dates(date_from, date_to)
    sql_where = " AND ".join(where) or "1 = 1"
    columns = (f"{_QUOTE_COLUMNS}, a.id AS article_id, qs.statement_id AS statement_id,"
               " (SELECT n_articles FROM statements WHERE id = qs.statement_id) AS statement_articles")
    joins += " LEFT JOIN quote_statements qs ON qs.quote_id = q.id"
    if by_statement and after is not None:
        raise ValueError("after: quotes grouped by statement are paged by number")
    if by_statement:  # the first quote of each statement in this order, then the order itself
        rows = _rows(conn.execute(
            f"SELECT * FROM (SELECT {columns}, row_number() OVER (PARTITION BY coalesce(qs.statement_id, -q.id)"
            f" ORDER BY {order}) AS in_statement, row_number() OVER (ORDER BY {order}) AS position"
            f" FROM quotes q {joins} WHERE {sql_where}{dates})"
            f" WHERE in_statement = 1 ORDER BY position LIMIT ? OFFSET ?", [*args, *date_args, limit, offset]))
        for row in rows:
            del row["in_statement"], row["position"]
        return rows
    # the page's quotes chosen first, their columns read after: for 50 quotes, not for every match
    rank, page_order = (", f.rank AS rank", "page.rank, q.id") if text else ("", newest)
    source = ("quote_targets qt JOIN quotes q ON q.id = qt.quote_id" if by_target else "quotes q") \
        + " JOIN articles a ON a.id = q.article_id" + (" JOIN quotes_fts f ON f.rowid = q.id" if text else "")

    def run(condition: str, condition_args: list, limit: int, offset: int = 0) -> list[dict]:
        chosen = (f"SELECT q.id AS quote_id{rank} FROM {source} WHERE {sql_where}{dates}{condition}"
                  f" ORDER BY {order} LIMIT ? OFFSET ?")
        return _rows(conn.execute(
            f"SELECT {columns}, q.idx AS idx FROM ({chosen}) page JOIN quotes q ON q.id = page.quote_id"
            f" {_QUOTE_JOINS} LEFT JOIN quote_statements qs ON qs.quote_id = q.id ORDER BY {page_order}",
            [*args, *date_args, *condition_args, limit, offset]))

    if after is not None:
        if text:
            raise ValueError("after: a search is ranked by its match, not in date order; page it by number")
        return page_after(lambda c, a, n: run(f" AND ({c})", a, n), after, limit,
                          "qt.date" if by_target else "q.date", "q.article_id", "q.idx")
    return run("", [], limit, offset)


def list_identities(conn: sqlite3.Connection, *, name: str | None = None, type: str | None = None,
                    limit: int = 50, offset: int = 0) -> list[dict]:
    """Identities, most quoted first; ``name`` matches any alias in any word form."""
    from .queries import find_identities

    if name:
        found = [r for r in find_identities(conn, name, type)]
        return found[offset:offset + limit]
    where, args = ("WHERE type = ?", [type]) if type else ("", [])
    return _rows(conn.execute(f"SELECT * FROM identities {where} ORDER BY n_quotes DESC, n_mentions DESC, id"
                              " LIMIT ? OFFSET ?", [*args, limit, offset]))


def identity_detail(conn: sqlite3.Connection, identity_id: int) -> dict | None:
    """One identity with its aliases and roles (each with its count)."""
    from .queries import aliases_of, roles_of

    row = conn.execute("SELECT * FROM identities WHERE id = ?", (identity_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out.pop("key", None)
    out["aliases"] = aliases_of(conn, identity_id)
    out["roles"] = roles_of(conn, identity_id)
    return out


def quoted_by(conn: sqlite3.Connection, identity_id: int, limit: int = 50) -> list[dict]:
    """Who quotes this identity: speakers of quotes that enclose one of its quotes."""
    return _rows(conn.execute(
        "SELECT e.quoting_id AS id, pi.name, e.quotes FROM quoting_edges e"
        " JOIN identities pi ON pi.id = e.quoting_id WHERE e.quoted_id = ?"
        " ORDER BY e.quotes DESC, pi.name LIMIT ?", (identity_id, limit)))  # (counted by linking)


def speakers_about(conn: sqlite3.Connection, identity_id: int, limit: int = 50) -> list[dict]:
    """Who talks about this identity: the speakers of quotes that mention it, by quotes."""
    return _rows(conn.execute(
        "SELECT qt.speaker_id AS id, si.name, si.type, count(*) AS quotes"
        " FROM quote_targets qt JOIN identities si ON si.id = qt.speaker_id"
        " WHERE qt.identity_id = ? AND qt.speaker_id != qt.identity_id"
        " GROUP BY qt.speaker_id ORDER BY quotes DESC, si.name LIMIT ?", (identity_id, limit)))
