"""Cross-document identities: every entity row of every article is linked to one identity
(a person, organisation or place), and identities carry their aliases, roles, counts and the
dates they were first and last seen.

Linking recomputes the assignment over the whole store in one transaction, so it does not
depend on the order articles arrived in, and a kill leaves the previous linking in place.
Identity rows are keyed by their merge key, so a person keeps their row id across relinks.
Which entities are one identity is decided by ``cluster`` (see ``quotegraph.identity``).
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .rows import name_forms
from .schema import EDGES_COUNTED, SPEAKERS_LINKED
from .write import identities_stale


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


def cluster(rows: list[EntityRow]) -> list[str]:
    """The merge key of each row: rows with one key are one identity."""
    from ..identity import merge_keys
    return merge_keys(rows)


def load_entity_rows(conn: sqlite3.Connection) -> list[EntityRow]:
    dates = dict(conn.execute("SELECT id, date FROM articles"))
    rows: dict[tuple[int, str], EntityRow] = {}
    by_article: dict[int, list[EntityRow]] = defaultdict(list)
    for aid, local, type_, name, roles, n in conn.execute(
            "SELECT article_id, local_id, type, name, roles, n_mentions FROM entities ORDER BY article_id, local_id"):
        row = EntityRow(aid, local, type_, name, json.loads(roles), n, dates.get(aid))
        rows[aid, local] = row
        by_article[aid].append(row)
    for aid, local, text in conn.execute("SELECT article_id, local_id, text FROM mentions WHERE kind = 'name'"):
        row = rows.get((aid, local))
        if row is not None:
            row.aliases[text] += 1
    for group in by_article.values():
        names = frozenset(f"{r.type}:{r.name}" for r in group)
        for r in group:
            r.cooccurring = names - {f"{r.type}:{r.name}"}
    return list(rows.values())


@dataclass
class LinkStats:
    entities: int
    identities: int
    by_type: dict[str, int]


def link_identities(conn: sqlite3.Connection, force: bool = False) -> LinkStats | None:
    """Relink every entity to its identity when articles changed since the last linking (or
    ``force``); None when nothing needed doing."""
    if not force and not identities_stale(conn):
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        stats = _relink(conn)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('identities_stale', '0')")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk does)
            conn.execute("ROLLBACK")
        raise
    return stats


def _relink(conn: sqlite3.Connection) -> LinkStats:
    rows = load_entity_rows(conn)
    keys = cluster(rows)
    groups: dict[str, list[EntityRow]] = defaultdict(list)
    for row, key in zip(rows, keys):
        groups[key].append(row)
    speakers = Counter(tuple(row) for row in conn.execute(  # a syndicated story's quotes count once
        "SELECT q.article_id, q.speaker_local FROM quotes q JOIN articles a ON a.id = q.article_id"
        " WHERE q.speaker_local IS NOT NULL AND a.duplicate_of IS NULL"))
    existing = dict(conn.execute("SELECT key, id FROM identities"))
    # look-up forms of names, computed by the workers that analysed the articles
    forms = {row[0]: tuple(row[1:]) for row in conn.execute(
        "SELECT name, norm, lemmas, stems, last_stem FROM name_forms")}
    conn.execute("DELETE FROM aliases")
    conn.execute("DELETE FROM identity_roles")
    conn.execute("UPDATE entities SET identity_id = NULL")
    kept = set()
    for key, members in groups.items():
        names = Counter()
        aliases, roles = Counter(), Counter()
        for r in members:
            names[r.name] += r.n_mentions
            aliases[r.name] += 0
            aliases.update(r.aliases)
            roles.update(r.roles)
        name = canonical_name(names)
        dates = [r.date for r in members if r.date]
        values = (members[0].type, name, min(dates, default=None), max(dates, default=None),
                  len({r.article_id for r in members}), sum(r.n_mentions for r in members),
                  sum(speakers[r.article_id, r.local_id] for r in members))
        if key in existing:
            iid = existing[key]
            conn.execute("UPDATE identities SET type = ?, name = ?, first_seen = ?, last_seen = ?,"
                         " n_articles = ?, n_mentions = ?, n_quotes = ? WHERE id = ?", (*values, iid))
        else:
            iid = conn.execute("INSERT INTO identities (type, name, first_seen, last_seen, n_articles,"
                               " n_mentions, n_quotes, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (*values, key)).lastrowid
        kept.add(iid)
        conn.executemany("INSERT INTO aliases (identity_id, alias, norm, lemmas, stems, last_stem, n)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(iid, a, *(forms.get(a) or name_forms(a)[1:]), n) for a, n in aliases.items()])
        conn.executemany("INSERT INTO identity_roles (identity_id, role, n) VALUES (?, ?, ?)",
                         [(iid, role, n) for role, n in roles.items()])
        conn.executemany("UPDATE entities SET identity_id = ? WHERE article_id = ? AND local_id = ?",
                         [(iid, r.article_id, r.local_id) for r in members])
    gone = [iid for iid in existing.values() if iid not in kept]
    conn.executemany("DELETE FROM identities WHERE id = ?", [(i,) for i in gone])
    conn.execute(SPEAKERS_LINKED)  # what queries read instead of joining entities (schema.py)
    for statement in EDGES_COUNTED.split(";"):
        conn.execute(statement)
    by_type = Counter(members[0].type for members in groups.values())
    return LinkStats(entities=len(rows), identities=len(groups), by_type=dict(by_type))
