"""Writing to the store: each article in one transaction, so a kill at any moment leaves every
article either wholly in or wholly out."""
from __future__ import annotations

import datetime as dt
import sqlite3

from ..record import ANALYSED_SINCE
from .copies import link_copy
from .rows import ArticleRows

ADDED, REPLACED, UNCHANGED, DUPLICATE = "added", "replaced", "unchanged", "duplicate"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def has_hash(conn: sqlite3.Connection, hash: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE hash = ?", (hash,)).fetchone() is not None


def write_article(conn: sqlite3.Connection, rows: ArticleRows) -> str:
    """Store one analysed article; returns ADDED, REPLACED (same key, new text), UNCHANGED (this
    text is already stored under this key) or DUPLICATE (stored under another key)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        outcome = _write(conn, rows)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk does)
            conn.execute("ROLLBACK")
        raise
    return outcome


def key_stored(conn: sqlite3.Connection, key: str) -> bool:
    """Whether an article (or a word-for-word copy of one) is stored under ``key``."""
    return conn.execute("SELECT 1 FROM articles WHERE key = ? UNION ALL SELECT 1 FROM article_copies"
                        " WHERE key = ? LIMIT 1", (key, key)).fetchone() is not None


def stored_text(conn: sqlite3.Connection, hash: str) -> tuple[int, str, bool] | None:
    """(id, key, current) of the stored article with this text, or None. ``current`` is
    False when its record is of an older format (made before quote targets and tone, say):
    then the article is analysed again and replaced."""
    row = conn.execute("SELECT id, key, coalesce(json_extract(record, '$.schema_version'), 0) FROM articles"
                       " WHERE hash = ?", (hash,)).fetchone()
    return None if row is None else (row[0], row[1], row[2] >= ANALYSED_SINCE)


def _write(conn: sqlite3.Connection, rows: ArticleRows) -> str:
    same_text = stored_text(conn, rows.hash)
    if same_text is not None and same_text[2]:
        conn.execute("DELETE FROM failures WHERE origin = ?", (rows.origin,))
        if same_text[1] == rows.key:
            return UNCHANGED
        _add_copy(conn, same_text[0], rows.key, rows.url, rows.site, rows.source, rows.title, rows.date, rows.origin)
        return DUPLICATE
    if same_text is not None:  # an older format of the same text: replaced by this analysis
        delete_article(conn, same_text[0])
    old = conn.execute("SELECT id FROM articles WHERE key = ?", (rows.key,)).fetchone()
    if old is not None:
        delete_article(conn, old[0])
    cur = conn.execute(
        "INSERT INTO articles (key, hash, date, title, source, url, lang, text, record, origin, ingested_at,"
        " site, author, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (rows.key, rows.hash, rows.date, rows.title, rows.source, rows.url, rows.lang, rows.text,
         rows.record, rows.origin, now(), rows.site, rows.author, rows.fetched_at))
    aid = cur.lastrowid
    link_copy(conn, aid, rows.signature)
    conn.executemany("INSERT INTO entities (article_id, local_id, type, name, roles, n_mentions)"
                     " VALUES (?, ?, ?, ?, ?, ?)", [(aid, *e) for e in rows.entities])
    conn.executemany("INSERT OR IGNORE INTO mentions (article_id, local_id, start, end, text, kind)"
                     " VALUES (?, ?, ?, ?, ?, ?)", [(aid, *m) for m in rows.mentions])
    conn.executemany("INSERT OR IGNORE INTO dates (article_id, start, end, text, value) VALUES (?, ?, ?, ?, ?)",
                     [(aid, *d) for d in rows.dates])
    quote_ids = {}
    for q, lemmas in zip(rows.quotes, rows.quote_lemmas):
        cur = conn.execute(
            "INSERT INTO quotes (article_id, idx, start, end, text, kind, cue_start, cue_end, cue_text,"
            " cue_lemma, speaker_name, speaker_local, speaker_start, speaker_end, speaker_text,"
            " parent_idx, confidence, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, *q))
        quote_ids[q[0]] = cur.lastrowid
        conn.execute("INSERT INTO quotes_fts (rowid, lemmas) VALUES (?, ?)", (cur.lastrowid, lemmas))
    conn.executemany("INSERT INTO quote_entities (quote_id, article_id, local_id, n, tone, score, role)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(quote_ids[idx], aid, *target) for idx, *target in rows.quote_entities])
    if rows.tone is not None:
        conn.execute("INSERT INTO article_tone (article_id, tone, positive, negative, polarity, words,"
                     " positive_words, negative_words) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (aid, *rows.tone))
    conn.executemany("INSERT OR IGNORE INTO name_forms (name, norm, lemmas, stems, last_stem) VALUES (?, ?, ?, ?, ?)",
                     rows.name_forms)
    conn.execute("DELETE FROM failures WHERE origin = ?", (rows.origin,))
    mark_identities_stale(conn)
    return REPLACED if old is not None or same_text is not None else ADDED


def record_copy(conn: sqlite3.Connection, article_id: int, article) -> None:
    """Keep an article whose text is stored already, under another key, as a copy of that one
    (a syndicated story, word for word): it is not analysed again."""
    _add_copy(conn, article_id, article.id, article.url, article.site, article.source, article.title,
              article.date.isoformat() if article.date else None, article.origin or article.id)


def _add_copy(conn: sqlite3.Connection, article_id: int, key: str, url, site, source, title, date, origin) -> None:
    conn.execute("INSERT OR REPLACE INTO article_copies (article_id, key, url, site, source, title, date, origin, at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (article_id, key, url, site, source, title, date, origin, now()))


def delete_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Remove an article and everything that hangs off it (inside the caller's transaction)."""
    conn.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)",
                 (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))  # cascades
    mark_identities_stale(conn, FULL)


NEW, FULL = "1", "full"  # what linking must do: link the new articles' entities; relink them all


def mark_identities_stale(conn: sqlite3.Connection, how: str = NEW) -> None:
    """Note that identities need linking: ``NEW`` articles came in, or ``FULL``: an article
    went, so identities lost rows and every entity is linked again (the stronger need stays)."""
    conn.execute("INSERT INTO meta (key, value) VALUES ('identities_stale', ?) ON CONFLICT (key) DO UPDATE"
                 " SET value = CASE WHEN value = 'full' THEN value ELSE excluded.value END", (how,))


def identities_stale(conn: sqlite3.Connection) -> str | None:
    """``NEW``, ``FULL`` or None (identities are up to date)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'identities_stale'").fetchone()
    return row[0] if row is not None and row[0] in (NEW, FULL) else None


def record_failure(conn: sqlite3.Connection, origin: str, reason: str, key: str | None = None) -> None:
    conn.execute("INSERT OR REPLACE INTO failures (origin, key, reason, at) VALUES (?, ?, ?, ?)",
                 (origin, key, reason, now()))
