"""Questions asked of a corpus store: who said what, about whom, and when.

Every function takes a read connection and returns plain rows (lists of dicts), so the CLI,
the HTTP API and tests share them. Names are looked up through identities' aliases, in any
case and word form («Алиева» finds «Ильхам Алиев»).
"""
from __future__ import annotations

import sqlite3

from .rows import norm, search_lemmas, stems

DEFAULT_LIMIT = 50

_QUOTE_COLUMNS = """
    q.id AS quote_id, a.key AS article, a.date AS date, a.title AS title, q.start, q.end, q.text, q.kind,
    q.cue_text AS cue, q.speaker_name AS speaker, s.identity_id AS speaker_id, q.parent_idx AS parent,
    round(q.confidence, 2) AS confidence, a.lang AS lang, a.duplicate_of AS copy_of,
    (SELECT count(*) FROM articles d WHERE d.duplicate_of = coalesce(a.duplicate_of, a.id))
    + (SELECT count(*) FROM article_copies c WHERE c.article_id = coalesce(a.duplicate_of, a.id))
    + (SELECT count(*) FROM articles g JOIN article_copies c ON c.article_id = g.id
       WHERE g.duplicate_of = coalesce(a.duplicate_of, a.id)) AS copies"""
# (three look-ups by index: a condition "g.id = X OR g.duplicate_of = X" read every article, for
# every quote before the sort, and took seconds at 100,000 articles)
_QUOTE_JOINS = """
    JOIN articles a ON a.id = q.article_id
    LEFT JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local"""


def _rows(cursor: sqlite3.Cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _dates(date_from: str | None, date_to: str | None, column: str = "q.date") -> tuple[str, list]:
    sql, args = "", []
    if date_from:
        sql, args = sql + f" AND {column} >= ?", args + [date_from]
    if date_to:
        sql, args = sql + f" AND {column} <= ?", args + [date_to + "\uffff"]  # 2025-11 takes all of November
    return sql, args


# --- identities ----------------------------------------------------------------------------

def find_identities(conn: sqlite3.Connection, name: str, type: str | None = None) -> list[dict]:
    """Identities going by ``name`` (an alias in any word form, or ``#id``), most quoted first.
    The exact alias wins, then the same lemmas, then the same stems, then (for one word) the
    same surname, then another name of the same place or organisation («Russia» for Россия)."""
    where, args = "", []
    if type:
        where, args = " AND i.type = ?", [type]
    if name.startswith("#") and name[1:].isdigit() and len(name) <= 19:
        return _rows(conn.execute(f"SELECT * FROM identities i WHERE i.id = ?{where}", [int(name[1:]), *args]))
    tries = [("norm", norm(name)), ("lemmas", search_lemmas(name)), ("stems", stems(name))]
    if len(name.split()) == 1:
        tries.append(("last_stem", stems(name)))  # a surname alone
    for column, value in tries:
        found = _rows(conn.execute(
            f"SELECT DISTINCT i.* FROM aliases al JOIN identities i ON i.id = al.identity_id"
            f" WHERE al.{column} = ?{where} ORDER BY i.n_quotes DESC, i.n_mentions DESC, i.id",
            [value, *args]))
        if found:
            return found
    from ..identity import name_keys  # a name the corpus never used: «Российская Федерация» for Россия

    marks = ", ".join("?" * len(keys := name_keys(name)))
    return _rows(conn.execute(f"SELECT * FROM identities i WHERE i.key IN ({marks}){where}"
                              " ORDER BY i.n_quotes DESC, i.n_mentions DESC, i.id", [*keys, *args]))


def identity(conn: sqlite3.Connection, name: str, type: str | None = None) -> dict | None:
    """The one identity a name most likely means (the most quoted, then the most mentioned)."""
    found = find_identities(conn, name, type)
    return found[0] if found else None


def aliases_of(conn: sqlite3.Connection, identity_id: int) -> list[dict]:
    return _rows(conn.execute("SELECT alias, n FROM aliases WHERE identity_id = ? ORDER BY n DESC, alias",
                              (identity_id,)))


def roles_of(conn: sqlite3.Connection, identity_id: int) -> list[dict]:
    return _rows(conn.execute("SELECT role, n FROM identity_roles WHERE identity_id = ? ORDER BY n DESC, role",
                              (identity_id,)))


# --- quotes ---------------------------------------------------------------------------------

def _originals(copies: bool) -> str:
    """The SQL condition that leaves out the quotes of copies of a stored story, unless ``copies``."""
    return "" if copies else " AND a.duplicate_of IS NULL"


def quotes_by(conn: sqlite3.Connection, identity_id: int, *, date_from: str | None = None,
              date_to: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
              copies: bool = False) -> list[dict]:
    """What one identity said, newest first; a syndicated story's quotes once (from its first
    stored copy, ``copies`` counting the other outlets), unless ``copies``."""
    dates, args = _dates(date_from, date_to)
    dates += _originals(copies)
    return _page(conn, f"SELECT q.id AS quote_id FROM quotes q JOIN articles a ON a.id = q.article_id"
                 f" WHERE q.speaker_id = ?{dates}", _NEWEST, [identity_id, *args], limit, offset)


_NEWEST = "q.date DESC, a.key, q.idx"


def _page(conn: sqlite3.Connection, chosen: str, order: str, args: list, limit: int, offset: int,
          extra: str = "", page_order: str | None = None) -> list[dict]:
    """One page of quotes: ``chosen`` selects their ids (``quote_id``, and what ``extra`` reads
    as ``page.*``) from ``q`` and ``a``; they are sorted by ``order`` and cut to the page first,
    and only then are the page's columns read: the count of a story's copies, say, is three
    index look-ups a quote, for 50 quotes rather than for every quote of a speaker. ``page_order``:
    the order in the outer query, when ``order`` reads what only ``chosen`` has."""
    return _rows(conn.execute(
        f"SELECT {_QUOTE_COLUMNS}{extra} FROM ({chosen} ORDER BY {order} LIMIT ? OFFSET ?) page"
        f" JOIN quotes q ON q.id = page.quote_id {_QUOTE_JOINS} ORDER BY {page_order or order}",
        [*args, limit, offset]))


TONES = ("positive", "negative", "neutral")


def quotes_about(conn: sqlite3.Connection, identity_id: int, *, tone: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> list[dict]:
    """Quotes whose targets include an identity (by name, description or pronoun inside the
    quote; not the speaker's own), newest first, with the quote's tone towards it
    (``target_tone``, ``target_score``, ``target_role``); only those of ``tone`` if given.
    A quote naming the identity as two entities of its article counts once."""
    dates, args = _dates(date_from, date_to, "qt.date")
    if tone is not None:
        dates, args = dates + " AND qt.tone = ?", [*args, _tone(tone)]
    return _page(conn, "SELECT qt.quote_id, qt.tone, qt.score, qt.role FROM quote_targets qt"
                 " JOIN quotes q ON q.id = qt.quote_id JOIN articles a ON a.id = q.article_id"
                 f" WHERE qt.identity_id = ?{dates}", "qt.date DESC, a.key, q.idx", [identity_id, *args],
                 limit, offset, page_order=_NEWEST,
                 extra=", page.tone AS target_tone, page.score AS target_score, page.role AS target_role")


def _tone(tone: str) -> str:
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    return tone


def speakers_about(conn: sqlite3.Connection, identity_id: int, *, tone: str | None = None,
                   date_from: str | None = None, date_to: str | None = None,
                   limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Who speaks about an identity, and how: per speaker, their quotes that target it, how
    many are positive, negative and neutral towards it, and the mean score. Ordered by the
    count of ``tone`` quotes when given (only speakers with one), else by all quotes."""
    dates, args = _dates(date_from, date_to, "qt.date")
    order = f"{_tone(tone)} DESC, quotes DESC" if tone else "quotes DESC"
    having = f"HAVING {tone} > 0" if tone else ""
    return _rows(conn.execute(
        "SELECT qt.speaker_id, si.name AS speaker, count(*) AS quotes,"
        " sum(qt.tone = 'positive') AS positive, sum(qt.tone = 'negative') AS negative,"
        " sum(qt.tone = 'neutral') AS neutral, round(avg(qt.score), 3) AS score"
        " FROM quote_targets qt JOIN identities si ON si.id = qt.speaker_id"
        f" WHERE qt.identity_id = ? AND qt.speaker_id != ? AND qt.tone IS NOT NULL{dates}"
        f" GROUP BY qt.speaker_id {having} ORDER BY {order}, speaker LIMIT ?",
        [identity_id, identity_id, *args, limit]))


def targets_of(conn: sqlite3.Connection, speaker_id: int, *, tone: str | None = None,
               limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Whom a speaker speaks about, and how: the mirror of ``speakers_about`` (a quote counts
    once per target identity, by its target row with the most mentions)."""
    order = f"{_tone(tone)} DESC, quotes DESC" if tone else "quotes DESC"
    having = f"HAVING {tone} > 0" if tone else ""
    return _rows(conn.execute(
        "SELECT qt.identity_id AS target_id, ti.name AS target, ti.type AS target_type, count(*) AS quotes,"
        " sum(qt.tone = 'positive') AS positive, sum(qt.tone = 'negative') AS negative,"
        " sum(qt.tone = 'neutral') AS neutral, round(avg(qt.score), 3) AS score"
        " FROM quote_targets qt JOIN identities ti ON ti.id = qt.identity_id"
        " WHERE qt.speaker_id = ? AND qt.identity_id != qt.speaker_id AND qt.tone IS NOT NULL"
        f" GROUP BY qt.identity_id {having} ORDER BY {order}, target LIMIT ?", [speaker_id, limit]))


def article_tone(conn: sqlite3.Connection, article_id: int) -> dict | None:
    """The GDELT-style tone of one article, or None (stored before format v2)."""
    rows = _rows(conn.execute("SELECT tone, positive, negative, polarity, words, positive_words, negative_words"
                              " FROM article_tone WHERE article_id = ?", [article_id]))
    return rows[0] if rows else None


# A search ranks (bm25) at most this many matches, the newest (a quote's id grows with ingestion):
# FTS5 ranks every match before it returns the best, and a frequent word matches a third of a
# million quotes in a store of 1,000,000 articles (2.5 s; ~50 ms for 10,000, the ranking and
# each match's quote and article read; ~25 ms for 5,000). docs/scale.md
RANKED_MATCHES = 5_000


def newest_ranked(conn: sqlite3.Connection, match: str, narrowed: bool = False) -> tuple[str, list]:
    """The condition on ``f.rowid`` that keeps a search's ranking to its ``RANKED_MATCHES``
    newest matches, and its argument; none when it has no more, or when other conditions
    (dates, a speaker) are ``narrowed`` on it: those might all hold only in older matches."""
    if narrowed:
        return "", []
    bound = conn.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rowid DESC"
                         " LIMIT 1 OFFSET ?", (match, RANKED_MATCHES - 1)).fetchone()
    return ("", []) if bound is None else (" AND f.rowid >= ?", [bound[0]])


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query over lemmas: every word must occur, in any form."""
    return " ".join(f'"{w}"' for w in search_lemmas(text).split())


def search_quotes(conn: sqlite3.Connection, text: str, *, date_from: str | None = None,
                  date_to: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
                  copies: bool = False) -> list[dict]:
    """Quotes containing every word of ``text`` in any word form, best match first (of the
    ``RANKED_MATCHES`` newest matches); a syndicated story's once, unless ``copies``."""
    match = fts_query(text)
    if not match:
        return []
    dates, args = _dates(date_from, date_to)
    dates += _originals(copies)
    newest, bound = newest_ranked(conn, match, narrowed=bool(date_from or date_to))
    return _page(conn, "SELECT q.id AS quote_id, f.rank AS rank FROM quotes_fts f JOIN quotes q ON q.id = f.rowid"
                 f" JOIN articles a ON a.id = q.article_id WHERE quotes_fts MATCH ?{newest}{dates}",
                 "f.rank, q.id", [match, *bound, *args], limit, offset, page_order="page.rank, q.id")


def copies_of(conn: sqlite3.Connection, article_id: int) -> list[dict]:
    """Every other place the story of an article was published: its first stored copy and the
    near-copies (``article`` set: each is stored and analysed), and word-for-word copies under
    other keys (``article`` null), first published first."""
    first = conn.execute("SELECT coalesce(duplicate_of, id) FROM articles WHERE id = ?", (article_id,)).fetchone()
    if first is None:
        return []
    # each branch one index look-up (an OR of two columns would read every article)
    return _rows(conn.execute(
        "WITH story(id) AS (SELECT :first UNION SELECT id FROM articles WHERE duplicate_of = :first)"
        " SELECT a.id AS article, a.key, a.url, a.site, a.source, a.title, a.date, a.id = :first AS first"
        " FROM story JOIN articles a ON a.id = story.id WHERE a.id != :asked"
        " UNION ALL SELECT NULL, c.key, c.url, c.site, c.source, c.title, c.date, 0"
        " FROM story JOIN article_copies c ON c.article_id = story.id"
        " ORDER BY first DESC, date, key", {"first": first[0], "asked": article_id}))


# --- people and networks ------------------------------------------------------------------------

def top_speakers(conn: sqlite3.Connection, *, type: str | None = None, limit: int = 20,
                 copies: bool = False) -> list[dict]:
    """Identities by the number of quotes they are the speaker of: a syndicated story's quotes
    count once, unless ``copies`` (then every stored copy's quotes count)."""
    if copies:  # each article's quotes as many times as the story was published word for word
        return _rows(conn.execute(
            "SELECT i.id, i.name, i.type, sum(per.quotes * per.n) AS quotes, sum(per.n) AS articles,"
            " i.first_seen, i.last_seen FROM (SELECT s.identity_id AS iid, count(*) AS quotes,"
            " 1 + (SELECT count(*) FROM article_copies c WHERE c.article_id = q.article_id) AS n"
            " FROM quotes q JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local"
            " WHERE s.identity_id IS NOT NULL GROUP BY s.identity_id, q.article_id) per"
            " JOIN identities i ON i.id = per.iid" + (" WHERE i.type = ?" if type else "") +
            " GROUP BY i.id ORDER BY quotes DESC, articles DESC, i.id LIMIT ?", [*([type] if type else []), limit]))
    where, args = ("WHERE n_quotes > 0 AND type = ?", [type]) if type else ("WHERE n_quotes > 0", [])
    return _rows(conn.execute(
        f"SELECT id, name, type, n_quotes AS quotes, n_articles AS articles, first_seen, last_seen"
        f" FROM identities {where} ORDER BY n_quotes DESC, n_articles DESC, id LIMIT ?", [*args, limit]))


def who_quotes_whom(conn: sqlite3.Connection, *, limit: int = 50) -> list[dict]:
    """Pairs (quoting, quoted): a quote of ``quoted`` nested inside a quote of ``quoting``
    (counted by linking: ``quoting_edges``)."""
    return _rows(conn.execute(
        "SELECT e.quoting_id, pi.name AS quoting, e.quoted_id, ci.name AS quoted, e.quotes FROM quoting_edges e"
        " JOIN identities pi ON pi.id = e.quoting_id JOIN identities ci ON ci.id = e.quoted_id"
        " ORDER BY e.quotes DESC, quoting, quoted LIMIT ?", [limit]))


def network(conn: sqlite3.Connection, *, speaker_id: int | None = None, min_quotes: int = 1,
            limit: int = 100) -> list[dict]:
    """Edges speaker → entity mentioned in the speaker's quotes, weighted by quotes (counted by
    linking: ``network_edges``)."""
    where, args = ("AND e.speaker_id = ?", [speaker_id]) if speaker_id is not None else ("", [])
    return _rows(conn.execute(
        "SELECT e.speaker_id, si.name AS speaker, e.target_id, ti.name AS target, ti.type AS target_type, e.quotes"
        " FROM network_edges e JOIN identities si ON si.id = e.speaker_id JOIN identities ti ON ti.id = e.target_id"
        f" WHERE e.quotes >= ? {where} ORDER BY e.quotes DESC, speaker, target LIMIT ?", [min_quotes, *args, limit]))


def timeline(conn: sqlite3.Connection, identity_id: int, *, by: str = "month") -> list[dict]:
    """A speaker's quotes counted per day, month or year (articles without a date left out)."""
    width = {"day": 10, "month": 7, "year": 4}[by]
    return _rows(conn.execute(
        f"SELECT substr(q.date, 1, {width}) AS period, count(*) AS quotes, count(DISTINCT q.article_id) AS articles"
        " FROM quotes q WHERE q.speaker_id = ? AND q.date IS NOT NULL GROUP BY period ORDER BY period", [identity_id]))


# --- statements (docs/statements.md) ---------------------------------------------------------

def _occurrences(conn: sqlite3.Connection, statement_ids: list[int]) -> dict[int, list[dict]]:
    """Each statement's quotes, oldest first: date, outlet, article, the quote as written there;
    an exact copy of an article (stored once, docs/inputs.md) is an occurrence of its own."""
    out: dict[int, list[dict]] = {sid: [] for sid in statement_ids}
    for start in range(0, len(statement_ids), 500):
        chunk = statement_ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in _rows(conn.execute(
                "SELECT * FROM (SELECT qs.statement_id AS statement, q.id AS quote_id, q.date AS date,"
                " coalesce(a.site, a.source) AS outlet, a.key AS article, a.id AS article_id, a.title AS title,"
                " a.url AS url, q.kind AS kind, q.text AS text, 0 AS copy FROM quote_statements qs"
                " JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id"
                f" WHERE qs.statement_id IN ({marks})"
                " UNION ALL SELECT qs.statement_id, q.id, coalesce(c.date, q.date), coalesce(c.site, c.source), c.key,"
                " q.article_id, c.title, c.url, q.kind, q.text, 1 FROM quote_statements qs"
                " JOIN quotes q ON q.id = qs.quote_id JOIN article_copies c ON c.article_id = q.article_id"
                f" WHERE qs.statement_id IN ({marks}))"
                " ORDER BY date IS NULL, date, article_id, copy, quote_id, article", chunk * 2)):
            out[row.pop("statement")].append(row)
    return out


def _statement_rows(conn: sqlite3.Connection, where: str, args: list, limit: int, offset: int = 0) -> list[dict]:
    rows = _rows(conn.execute(
        "SELECT s.id, i.id AS speaker_id, coalesce(i.name, substr(s.speaker_key, 6)) AS speaker, s.text,"
        " s.n_quotes, s.n_articles, s.n_outlets FROM statements s LEFT JOIN identities i ON i.key = s.speaker_key"
        f" WHERE {where} ORDER BY s.n_articles DESC, s.first_seen, s.id LIMIT ? OFFSET ?", [*args, limit, offset]))
    found = _occurrences(conn, [r["id"] for r in rows])
    for row in rows:
        row["occurrences"] = found[row["id"]]
        first = row["occurrences"][0] if row["occurrences"] else {}
        row["first_seen"] = {k: first.get(k) for k in ("date", "outlet", "article", "quote_id")}
    return rows


def statements_by(conn: sqlite3.Connection, identity_id: int, *, min_articles: int = 1,
                  limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """A speaker's statements, the most widely carried first, each with its occurrences."""
    return _statement_rows(conn, "i.id = ? AND s.n_articles >= ?", [identity_id, min_articles], limit, offset)


def statement(conn: sqlite3.Connection, statement_id: int) -> dict | None:
    """One statement with every occurrence, oldest first (its spread)."""
    rows = _statement_rows(conn, "s.id = ?", [statement_id], 1)
    return rows[0] if rows else None


def statement_of_quote(conn: sqlite3.Connection, quote_id: int) -> int | None:
    row = conn.execute("SELECT statement_id FROM quote_statements WHERE quote_id = ?", (quote_id,)).fetchone()
    return row[0] if row else None
