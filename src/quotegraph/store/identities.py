"""Cross-document identities: every entity row of every article is linked to one identity
(a person, organisation or place), and identities carry their aliases, roles, counts and the
dates they were first and last seen.

Linking runs in one transaction, so a kill leaves the previous linking in place. A **full**
linking recomputes the assignment over the whole store: it does not depend on the order
articles arrived in. After new articles, only their entities are linked, in the context of
the rows before (``identity.incremental``), and every count is brought up to date by adding
theirs: that costs what the new articles hold, not what the store holds. A full linking runs
when an article was replaced or removed, when the store has grown by ``FULL_AFTER_GROWTH``
since the last one, and on ``quotegraph ingest --relink``. Identity rows are keyed by their merge key,
so a person keeps their row id across relinks. Which entities are one identity is decided by
``cluster`` (see ``quotegraph.identity``).
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .rows import name_forms
from .schema import EDGES_ADDED, EDGES_COUNTED, SPEAKERS_LINKED
from .write import FULL, identities_stale

FULL_AFTER_GROWTH = 0.5  # a full linking once the store holds this share more entities than at the last one


@dataclass
class EntityRow:
    """One entity of one article, with what the merge rules may look at."""
    article_id: int
    local_id: str
    type: str
    name: str
    roles: list[str]
    n_mentions: int
    date: str | None
    aliases: Counter = field(default_factory=Counter)  # name mentions as written → count
    cooccurring: frozenset[str] = frozenset()  # names of the article's other entities


COMMON_SHARE = 0.25  # a name used this share as often as the most used one is a common form


def canonical_name(names: Counter) -> str:
    """An identity's name: the fullest common form. Of the names used at least ``COMMON_SHARE``
    as often as the most used one, the one of most words («МИД России» over «МИД», «Ильхам
    Алиев» over «Алиев»), then the most used, then the shortest."""
    top = max(names.values())
    return max((n for n, k in names.items() if k >= COMMON_SHARE * top),
               key=lambda n: (len(n.split()), names[n], -len(n), n))


def cluster(rows: list[EntityRow], bodies=None) -> list[str]:
    """The merge key of each row: rows with one key are one identity (``bodies``: the rows'
    organisations, when made already)."""
    from ..identity import merge_keys
    return merge_keys(rows, bodies=bodies)


def load_entity_rows(conn: sqlite3.Connection, where: str = "", params: tuple = ()) -> list[EntityRow]:
    """The entity rows (``where``: of some articles, an SQL condition on ``e``), with their
    names as mentioned, their articles' dates and the names of their articles' other entities."""
    rows: dict[tuple[int, str], EntityRow] = {}
    by_article: dict[int, list[EntityRow]] = defaultdict(list)
    for aid, local, type_, name, roles, n, date in conn.execute(
            "SELECT e.article_id, e.local_id, e.type, e.name, e.roles, e.n_mentions, a.date FROM entities e"
            f" JOIN articles a ON a.id = e.article_id {where} ORDER BY e.article_id, e.local_id", params):
        row = EntityRow(aid, local, type_, name, _roles(roles), n, date)
        rows[aid, local] = row
        by_article[aid].append(row)
    for aid, local, text in conn.execute(
            f"SELECT m.article_id, m.local_id, m.text FROM mentions m WHERE m.kind = 'name'"
            + (f" AND m.article_id IN (SELECT e.article_id FROM entities e {where})" if where else ""), params):
        row = rows.get((aid, local))
        if row is not None:
            row.aliases[text] += 1
    _cooccurring(by_article)
    return list(rows.values())


def _roles(stored: str) -> list[str]:
    return json.loads(stored) if stored != "[]" else []


def _cooccurring(by_article: dict[int, list[EntityRow]]) -> None:
    for group in by_article.values():
        names = frozenset(f"{r.type}:{r.name}" for r in group)
        for r in group:
            r.cooccurring = names - {f"{r.type}:{r.name}"}


@dataclass
class LinkStats:
    entities: int  # entity rows linked
    identities: int
    by_type: dict[str, int]
    full: bool = True  # every entity linked again, or only the new articles'


def link_identities(conn: sqlite3.Connection, force: bool = False, full: bool | None = None) -> LinkStats | None:
    """Link the entities of the articles that came in since the last linking, or relink every
    entity (``full``: True, False, or None to choose as the module docstring says; ``force``:
    a full linking even when nothing changed); None when nothing needed doing."""
    stale = identities_stale(conn)
    if not force and stale is None:
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        if full is None:
            full = force or stale == FULL or _grown(conn)
        stats = _relink(conn) if full else _link_new(conn)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('identities_stale', '0')")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk does)
            conn.execute("ROLLBACK")
        raise
    return stats


def _meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


def _set_meta(conn: sqlite3.Connection, **values) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [(k, str(v)) for k, v in values.items()])


def _grown(conn: sqlite3.Connection) -> bool:
    """Whether the store never had a full linking, or has grown by ``FULL_AFTER_GROWTH`` since."""
    at_full, linked = _meta(conn, "link_full_rows"), _meta(conn, "link_rows")
    if at_full is None or linked is None:
        return True
    new = conn.execute("SELECT count(*) FROM entities WHERE identity_id IS NULL").fetchone()[0]
    return int(linked) + new >= (1 + FULL_AFTER_GROWTH) * max(int(at_full), 1)


def _relink(conn: sqlite3.Connection) -> LinkStats:
    from ..identity.incremental import batch_bodies, block_of, filed
    from ..identity.merge import document_frequencies

    rows = load_entity_rows(conn)
    bodies = batch_bodies(rows)  # made once: the keys and the blocks both read it
    keys = cluster(rows, bodies)
    abbreviations = bodies.corpus
    conn.execute("DELETE FROM aliases")
    conn.execute("DELETE FROM identity_roles")
    conn.execute("UPDATE entities SET identity_id = NULL, block = NULL")
    existing = dict(conn.execute("SELECT key, id FROM identities"))
    kept = _write_linked(conn, rows, keys, [block_of(r, bodies) if filed(r, bodies) else None for r in rows],
                         existing, added=False)
    gone = [iid for iid in existing.values() if iid not in kept]
    conn.executemany("DELETE FROM identities WHERE id = ?", [(i,) for i in gone])
    conn.execute(SPEAKERS_LINKED)  # what queries read instead of joining entities (schema.py)
    for statement in EDGES_COUNTED.split(";"):
        conn.execute(statement)
    conn.execute("DELETE FROM link_features")
    conn.executemany("INSERT INTO link_features (feature, n) VALUES (?, ?)",
                     sorted(document_frequencies(rows).items()))
    _set_meta(conn, statements_full=1,  # a placed quote may have another speaker now (store/statements.py)
              link_articles=len({r.article_id for r in rows}), link_rows=len(rows),
              link_full_rows=len(rows), link_abbreviations=json.dumps(abbreviations, ensure_ascii=False))
    by_type = Counter(k.split(":", 1)[0] for k in set(keys))
    return LinkStats(entities=len(rows), identities=len(set(keys)), by_type=dict(by_type))


def _link_new(conn: sqlite3.Connection) -> LinkStats:
    """Link the entities no linking has seen (``identity.incremental``); the others keep theirs."""
    from ..identity import merge_keys
    from ..identity.incremental import CONTEXT, Seen, batch_bodies, block_of, filed, needs_context, weighs_evidence
    from ..identity.merge import document_frequencies

    new = load_entity_rows(conn, "WHERE e.identity_id IS NULL")
    articles = sorted({r.article_id for r in new})
    bodies = batch_bodies(new, json.loads(_meta(conn, "link_abbreviations", "{}")))
    abbreviations = bodies.corpus
    new_blocks = [block_of(r, bodies) for r in new]
    context, context_names = _context(
        conn, sorted({b for r, b in zip(new, new_blocks) if needs_context(r, bodies)}),
        {b for r, b in zip(new, new_blocks) if weighs_evidence(r)}, CONTEXT)
    added = document_frequencies(new)
    df = _stored_counts(conn, _features(new + context, context_names))
    df.update(added)
    seen = Seen(int(_meta(conn, "link_articles", "0")) + len(articles), df, abbreviations)
    bodies.add(context)
    keys = merge_keys(new + context, seen=seen, bodies=bodies)[:len(new)]
    existing = dict(_in_chunks(conn, "SELECT key, id FROM identities WHERE key IN ({})", sorted(set(keys))))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS linked_now (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM linked_now")
    conn.executemany("INSERT INTO linked_now (id) VALUES (?)", [(a,) for a in articles])
    touched = _write_linked(conn, new, keys, [b if filed(r, bodies) else None for r, b in zip(new, new_blocks)],
                            existing, added=True)
    conn.execute(SPEAKERS_LINKED + " AND article_id IN (SELECT id FROM linked_now)")
    for statement in EDGES_ADDED:
        conn.execute(statement)
    conn.executemany("INSERT INTO link_features (feature, n) VALUES (?, ?)"
                     " ON CONFLICT (feature) DO UPDATE SET n = n + excluded.n", sorted(added.items()))
    _set_meta(conn, link_articles=seen.articles, link_rows=int(_meta(conn, "link_rows", "0")) + len(new),
              link_abbreviations=json.dumps(abbreviations, ensure_ascii=False))
    conn.execute("DELETE FROM linked_now")
    by_type = Counter(k.split(":", 1)[0] for k in set(keys))
    return LinkStats(entities=len(new), identities=len(touched), by_type=dict(by_type), full=False)


def _features(rows: list[EntityRow], article_names: set[str]) -> set[str]:
    """The features of evidence of ``rows``: their names, their roles and the names of their
    articles' other entities (``article_names``; a batch's are its rows' names)."""
    return {f"{r.type}:{r.name}" for r in rows} | article_names | {"role:" + x.lower() for r in rows for x in r.roles}


NO_ALIASES: Counter = Counter()  # a context row's: it is not written, its names are not counted


def _context(conn: sqlite3.Connection, block_names: list[str], weighed: set[str],
             per_block: int) -> tuple[list[EntityRow], set[str]]:
    """The ``per_block`` most recent linked rows of each block; those of the ``weighed`` blocks
    (where a new row's choice weighs evidence) with their articles' other names. And all
    those names."""
    rows: list[EntityRow] = []
    evidence: list[EntityRow] = []
    for block in block_names:
        found = [EntityRow(aid, local, type_, name, _roles(roles), n, None, NO_ALIASES)
                 for aid, local, type_, name, roles, n in conn.execute(
                     "SELECT article_id, local_id, type, name, roles, n_mentions FROM entities"
                     " WHERE block = ? ORDER BY article_id DESC LIMIT ?", (block, per_block))]
        rows += found
        if block in weighed:
            evidence += found
    names: dict[int, set[str]] = defaultdict(set)
    for aid, name in _in_chunks(conn, "SELECT article_id, type || ':' || name FROM entities WHERE article_id IN ({})",
                                sorted({r.article_id for r in evidence})):
        names[aid].add(name)
    shared = {aid: frozenset(n) for aid, n in names.items()}
    for r in evidence:
        r.cooccurring = shared[r.article_id] - {f"{r.type}:{r.name}"}
    return rows, set().union(*shared.values())


def _stored_counts(conn: sqlite3.Connection, features: set[str]) -> Counter:
    return Counter(dict(_in_chunks(conn, "SELECT feature, n FROM link_features WHERE feature IN ({})", sorted(features))))


def _in_chunks(conn: sqlite3.Connection, sql: str, values: list, size: int = 500):
    """The rows of ``sql`` (``{}``: the place of an IN list) for all ``values``, ``size`` at a time."""
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), chunk)


def _write_linked(conn: sqlite3.Connection, rows: list[EntityRow], keys: list[str], row_blocks: list[str],
                  existing: dict[str, int], added: bool) -> set[int]:
    """Write the identities of ``rows`` (grouped by their ``keys``): their entities' identity
    and block, aliases and roles, and the identity rows. ``added``: the rows are new to
    identities that hold others already, so every count adds to the stored one; else the
    rows are all their identities hold. Returns the identity ids written."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[key].append(i)
    where = " AND a.id IN (SELECT id FROM linked_now)" if added else ""
    speakers = Counter(tuple(row) for row in conn.execute(  # a syndicated story's quotes count once
        "SELECT q.article_id, q.speaker_local FROM quotes q JOIN articles a ON a.id = q.article_id"
        f" WHERE q.speaker_local IS NOT NULL AND a.duplicate_of IS NULL{where}"))
    # look-up forms of names, computed by the workers that analysed the articles
    forms = {row[0]: tuple(row[1:]) for row in conn.execute(
        "SELECT name, norm, lemmas, stems, last_stem FROM name_forms")} if not added else _forms(conn, rows)
    written, grown = set(), []
    alias_rows, role_rows, entity_rows = [], [], []
    for key, members in groups.items():
        group = [rows[i] for i in members]
        names, aliases, roles = Counter(), Counter(), Counter()
        for r in group:
            names[r.name] += r.n_mentions
            aliases[r.name] += 0
            aliases.update(r.aliases)
            roles.update(r.roles)
        dates = [r.date for r in group if r.date]
        counts = (min(dates, default=None), max(dates, default=None), len({r.article_id for r in group}),
                  sum(r.n_mentions for r in group), sum(speakers[r.article_id, r.local_id] for r in group))
        iid = existing.get(key)
        if iid is None:
            iid = conn.execute("INSERT INTO identities (type, name, first_seen, last_seen, n_articles,"
                               " n_mentions, n_quotes, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (group[0].type, canonical_name(names), *counts, key)).lastrowid
        elif added:
            grown.append((*counts, iid))
        else:
            conn.execute("UPDATE identities SET type = ?, name = ?, first_seen = ?, last_seen = ?, n_articles = ?,"
                         " n_mentions = ?, n_quotes = ? WHERE id = ?", (group[0].type, canonical_name(names), *counts, iid))
        written.add(iid)
        alias_rows += [(iid, a, *(forms.get(a) or name_forms(a)[1:]), n, names.get(a)) for a, n in aliases.items()]
        role_rows += [(iid, role, n) for role, n in roles.items()]
        entity_rows += [(iid, row_blocks[i], rows[i].article_id, rows[i].local_id) for i in members]
    conn.executemany("INSERT INTO aliases (identity_id, alias, norm, lemmas, stems, last_stem, n, name_mentions)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (identity_id, alias) DO UPDATE"
                     " SET n = n + excluded.n, name_mentions = CASE WHEN excluded.name_mentions IS NULL"
                     " THEN name_mentions ELSE coalesce(name_mentions, 0) + excluded.name_mentions END", alias_rows)
    conn.executemany("INSERT INTO identity_roles (identity_id, role, n) VALUES (?, ?, ?)"
                     " ON CONFLICT (identity_id, role) DO UPDATE SET n = n + excluded.n", role_rows)
    # (an entity no other can depend on keeps its block empty: it is in no index but its identity's)
    conn.executemany("UPDATE entities SET identity_id = ?, block = ? WHERE article_id = ? AND local_id = ?",
                     [row for row in entity_rows if row[1] is not None])
    conn.executemany("UPDATE entities SET identity_id = ? WHERE article_id = ? AND local_id = ?",
                     [(iid, *key) for iid, block, *key in entity_rows if block is None])
    conn.executemany("UPDATE identities SET first_seen = coalesce(min(first_seen, ?1), first_seen, ?1),"
                     " last_seen = coalesce(max(last_seen, ?2), last_seen, ?2), n_articles = n_articles + ?3,"
                     " n_mentions = n_mentions + ?4, n_quotes = n_quotes + ?5 WHERE id = ?6", grown)
    names_of: dict[int, Counter] = defaultdict(Counter)  # an identity that holds rows already: all its names
    for iid, alias, n in _in_chunks(conn, "SELECT identity_id, alias, name_mentions FROM aliases WHERE identity_id"
                                          " IN ({}) AND name_mentions IS NOT NULL", sorted(g[-1] for g in grown)):
        names_of[iid][alias] = n
    conn.executemany("UPDATE identities SET name = ? WHERE id = ? AND name != ?",
                     [(name, iid, name) for iid, names in names_of.items() for name in [canonical_name(names)]])
    return written


def _forms(conn: sqlite3.Connection, rows: list[EntityRow]) -> dict[str, tuple]:
    """The stored look-up forms of the names of ``rows``."""
    return {row[0]: tuple(row[1:]) for row in _in_chunks(
        conn, "SELECT name, norm, lemmas, stems, last_stem FROM name_forms WHERE name IN ({})",
        sorted({a for r in rows for a in (r.name, *r.aliases)}))}
