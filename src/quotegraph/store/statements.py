"""Statements: one utterance of one speaker, wherever it was quoted (docs/statements.md).

Quotes of one speaker identity whose words are the same or nearly so are one statement: exact
copies, cuts (one quote inside another), small edits, the direct and the reported rendering of
one utterance, and the quotes of a syndicated copy. Two quotes are *alike* when they share at
least ``MIN_SHARED`` content lemmas, these are at least ``MIN_OVERLAP`` of the shorter quote's
and ``MIN_JACCARD`` of both quotes' together (or when their content lemmas are the same).
Pronouns, function words and names are left out (``terms_of``), so «мы не допустим» and «они
не допустят» compare by «допустить».

A statement is a connected group of alike quotes (single link). That makes the clustering
incremental and deterministic at once: a new quote joins every statement one of whose quotes
it is alike to (merging them, under the smallest id), or starts its own; a statement that lost
a quote (its article replaced) is taken apart and its quotes grouped again. The groups depend
only on the quotes in the store, never on the order they came in.

``cluster_statements(conn)`` runs at the end of ``ingest``, after identities are linked (a
statement belongs to a speaker identity, by its merge key, which stays stable across relinks).
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
NAMED = "name:"  # the speaker key of a speaker that is no entity: this and the name, lowercase
MIN_SHARED = 3
MIN_OVERLAP = 0.75
MIN_JACCARD = 0.3

# pronouns, particles, prepositions, conjunctions and auxiliaries: they change between the
# direct and the reported rendering, or say nothing of what was said
STOP = frozenset("""
я ты он она оно мы вы они себя мой твой его её ее наш ваш их свой это этот тот такой весь сам
и а но или да же ли бы не ни что чтобы как так там тут здесь уже ещё еще вот только даже
в во на с со к ко о об обо от до по за из изо у для при про через над под перед между без
быть являться стать мочь который какой кто где когда если то также тоже очень более
i you he she it we they me him her us them my your his its our their this that these those
a an the and or but not no to of in on at by for with from as is are was were be been
""".split())


@dataclass
class Quote:
    id: int
    speaker: str  # whom it is placed under (``speaker_key``)
    terms: frozenset[str]


def terms_of(text: str) -> frozenset[str]:
    """A quote's content words, as lemmas: names (a capital inside the quote) and the ``STOP``
    words left out. Names are what two different statements about one person share most («the
    vile bigotry of Republican front-runner Donald Trump» and «Republican front-runner Donald
    Trump by name»), and what a statement's renderings need least."""
    from ..lexicon import lemma

    out = set()
    for i, word in enumerate(_WORD.findall(text)):
        if i and word[0].isupper():
            continue
        term = lemma(word)
        if term not in STOP and (len(term) > 2 or term.isdigit()):
            out.add(term)
    return frozenset(out)


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two quotes' content lemmas: the same (a short quote repeated, «историческим решением»),
    or sharing enough (see the module docstring)."""
    if a == b:
        return bool(a)
    shared = len(a & b)
    return (shared >= MIN_SHARED and shared >= MIN_OVERLAP * min(len(a), len(b))
            and shared >= MIN_JACCARD * len(a | b))


def speaker_key(identity_key: str | None, name: str | None) -> str | None:
    """Whom a quote is placed under: its speaker's identity (by merge key), else the name the
    pipeline gave a speaker that is no entity («организаторы акции»), else no one."""
    if identity_key:
        return identity_key
    name = " ".join((name or "").lower().replace("ё", "е").split())
    return f"{NAMED}{name}" if name and name not in STOP else None


def _speakers_quotes(conn: sqlite3.Connection, where: str = "", args: tuple = ()) -> list[Quote]:
    rows = conn.execute(
        "SELECT q.id, i.key, q.speaker_name, q.text FROM quotes q"
        " LEFT JOIN entities e ON e.article_id = q.article_id AND e.local_id = q.speaker_local"
        " LEFT JOIN identities i ON i.id = e.identity_id" + where + " ORDER BY q.id", args)
    return [Quote(qid, key, terms_of(text)) for qid, ikey, name, text in rows
            if (key := speaker_key(ikey, name)) is not None]


def cluster_statements(conn: sqlite3.Connection) -> int:
    """Attach every quote not yet in a statement to its statement (see the module docstring);
    return how many quotes were placed. One transaction: a kill loses nothing, the next run
    places what this one did not.

    After a full linking of identities (``statements_full`` in meta, set by it), a placed quote
    may have lost its article or changed speaker: every statement is checked and every quote
    looked at. Otherwise only the quotes after the last one placed (``statements_through``) are
    placed, and only the statements they joined are counted again: the cost is the new
    quotes', not the store's."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('statements_through', 'statements_full')"))
        through = meta.get("statements_through")
        full = through is None or meta.get("statements_full", "0") != "0"
        if full:
            _take_apart_changed(conn)
            placed, touched = _place(conn, _unplaced(conn))
        else:
            placed, touched = _place(conn, _unplaced(conn, int(through)))
        _refresh(conn, None if full else touched)
        last = conn.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0]
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [("statements_through", str(last)), ("statements_full", "0")])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return placed


def _take_apart_changed(conn: sqlite3.Connection) -> None:
    """Statements that lost a quote (its article replaced or removed), or whose quotes' speaker
    is now another identity, are dissolved: their quotes are placed again."""
    changed = {sid for (sid,) in conn.execute(
        "SELECT s.id FROM statements s LEFT JOIN (SELECT statement_id, count(*) AS n FROM quote_statements"
        " GROUP BY statement_id) m ON m.statement_id = s.id WHERE coalesce(m.n, 0) != s.n_quotes")}
    changed |= {sid for sid, placed, ikey, name in conn.execute(
        "SELECT qs.statement_id, qs.speaker_key, i.key, q.speaker_name FROM quote_statements qs"
        " JOIN quotes q ON q.id = qs.quote_id"
        " LEFT JOIN entities e ON e.article_id = q.article_id AND e.local_id = q.speaker_local"
        " LEFT JOIN identities i ON i.id = e.identity_id") if speaker_key(ikey, name) != placed}
    for sid in sorted(changed):
        conn.execute("DELETE FROM quote_statements WHERE statement_id = ?", (sid,))
        conn.execute("DELETE FROM statement_terms WHERE statement_id = ?", (sid,))
        conn.execute("DELETE FROM statements WHERE id = ?", (sid,))


def _unplaced(conn: sqlite3.Connection, after: int = 0) -> list[Quote]:
    """The quotes in no statement (``after``: of those, the ones of larger ids)."""
    return _speakers_quotes(conn, " LEFT JOIN quote_statements qs ON qs.quote_id = q.id"
                                  " WHERE qs.quote_id IS NULL AND q.id > ?", (after,))


def _place(conn: sqlite3.Connection, quotes: list[Quote]) -> tuple[int, set[int]]:
    """Each quote joins the statements it is alike to (merged into the smallest), or starts one.
    Returns how many were placed, and the statements that took them."""
    members: dict[int, list[frozenset[str]]] = {}  # statement → its quotes' terms, read once

    def terms_of_statement(sid: int) -> list[frozenset[str]]:
        if sid not in members:
            members[sid] = [terms_of(text) for (text,) in conn.execute(
                "SELECT q.text FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id"
                " WHERE qs.statement_id = ?", (sid,))]
        return members[sid]

    for quote in quotes:
        found = sorted(sid for sid in _candidates(conn, quote)
                       if any(alike(quote.terms, other) for other in terms_of_statement(sid)))
        if found:
            sid = found[0]
            for other in found[1:]:  # the quote links statements: they are one
                members[sid] = terms_of_statement(sid) + terms_of_statement(other)
                conn.execute("UPDATE quote_statements SET statement_id = ? WHERE statement_id = ?", (sid, other))
                conn.execute("INSERT OR IGNORE INTO statement_terms (speaker_key, term, statement_id)"
                             " SELECT speaker_key, term, ? FROM statement_terms WHERE statement_id = ?", (sid, other))
                conn.execute("DELETE FROM statement_terms WHERE statement_id = ?", (other,))
                conn.execute("DELETE FROM statements WHERE id = ?", (other,))
                members.pop(other, None)
        else:
            sid = conn.execute("INSERT INTO statements (speaker_key, text, n_quotes) VALUES (?, '', 0)",
                               (quote.speaker,)).lastrowid
            members[sid] = []
        conn.execute("INSERT INTO quote_statements (quote_id, statement_id, speaker_key) VALUES (?, ?, ?)",
                     (quote.id, sid, quote.speaker))
        conn.executemany("INSERT OR IGNORE INTO statement_terms (speaker_key, term, statement_id) VALUES (?, ?, ?)",
                         [(quote.speaker, term, sid) for term in quote.terms])
        members[sid] = terms_of_statement(sid) + [quote.terms]
    return len(quotes), set(members)


def _candidates(conn: sqlite3.Connection, quote: Quote) -> list[int]:
    """Statements of the quote's speaker that share ``MIN_SHARED`` lemmas with it (all of them,
    for a shorter quote), counted over all their quotes: a statement with a quote alike to this
    one shares at least that many."""
    if not quote.terms:
        return []
    marks = ", ".join("?" * len(quote.terms))
    return [sid for (sid,) in conn.execute(
        f"SELECT statement_id FROM statement_terms WHERE speaker_key = ? AND term IN ({marks})"
        f" GROUP BY statement_id HAVING count(*) >= ?",
        (quote.speaker, *sorted(quote.terms), min(MIN_SHARED, len(quote.terms))))]


def _refresh(conn: sqlite3.Connection, only: set[int] | None = None) -> None:
    """Each statement's figures (``only``: of these statements): its representative text (the
    longest direct rendering, else the longest), first quote, first date, and counts of quotes,
    and of the articles and outlets that carried it (exact copies of an article, stored once,
    count as articles of their own)."""
    conn.execute("DROP TABLE IF EXISTS temp.statement_figures")
    conn.execute("DROP TABLE IF EXISTS temp.refreshed")
    if only is not None:
        conn.execute("CREATE TEMP TABLE refreshed (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.refreshed (id) VALUES (?)", [(sid,) for sid in sorted(only)])
    of = " WHERE qs.statement_id IN (SELECT id FROM temp.refreshed)" if only is not None else ""
    conn.execute(f"""
        CREATE TEMP TABLE statement_figures AS  -- one pass over the placed quotes, not one per statement
        WITH members AS MATERIALIZED (
            SELECT qs.statement_id AS sid, q.id, q.kind, q.text, q.date, q.article_id
            FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id{of}),
        carried AS (  -- every article that carried a placed quote: its own, and its exact copies
            SELECT m.sid, 'a' || m.article_id AS article, coalesce(a.site, a.source) AS outlet
            FROM members m JOIN articles a ON a.id = m.article_id
            UNION
            SELECT m.sid, 'c' || c.rowid, coalesce(c.site, c.source)
            FROM members m JOIN article_copies c ON c.article_id = m.article_id),
        counts AS MATERIALIZED (SELECT sid, count(DISTINCT article) AS n_articles, count(DISTINCT outlet) AS n_outlets
                   FROM carried GROUP BY sid),
        ranked AS (SELECT sid, count(*) OVER (PARTITION BY sid) AS n_quotes,
                          row_number() OVER (PARTITION BY sid ORDER BY kind = 'direct' DESC, length(text) DESC, id)
                              AS by_text,
                          row_number() OVER (PARTITION BY sid ORDER BY date IS NULL, date, article_id, id)
                              AS by_date, id, text, date FROM members),
        texts AS MATERIALIZED (SELECT sid, n_quotes, text FROM ranked WHERE by_text = 1),
        firsts AS MATERIALIZED (SELECT sid, id AS first_quote, date AS first_seen FROM ranked WHERE by_date = 1)
        SELECT t.sid, t.n_quotes, c.n_articles, c.n_outlets, t.text, f.first_quote, f.first_seen
        FROM texts t JOIN firsts f ON f.sid = t.sid JOIN counts c ON c.sid = t.sid
    """)
    conn.execute("""
        UPDATE statements SET n_quotes = f.n_quotes, n_articles = f.n_articles, n_outlets = f.n_outlets,
                              text = f.text, first_quote = f.first_quote, first_seen = f.first_seen
        FROM temp.statement_figures f WHERE f.sid = statements.id
    """)
    conn.execute("DROP TABLE temp.statement_figures")
    if only is None:  # (statements merged into others are deleted as they merge)
        conn.execute("DELETE FROM statements WHERE id NOT IN (SELECT statement_id FROM quote_statements)")
    else:
        conn.execute("DROP TABLE temp.refreshed")


def statement_groups(conn: sqlite3.Connection) -> dict[int, int]:
    """quote id → statement id, for every placed quote."""
    return dict(conn.execute("SELECT quote_id, statement_id FROM quote_statements"))

