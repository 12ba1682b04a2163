"""Parquet: one file per table in the output directory, written in row groups as the rows
stream from the store. Explicit schemas, so an empty store still writes valid (empty) files."""
from __future__ import annotations

import json
import pathlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import replacing

MAX_ROWS = 50_000  # rows per row group
MAX_CHARS = 32_000_000  # or fewer, when its strings add up to this many characters (articles' texts)

_int, _str, _float = pa.int64(), pa.string(), pa.float64()
_strings, _ints = pa.list_(pa.string()), pa.list_(pa.int64())


def schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, type) for name, type in fields])


ARTICLES = schema(
    ("article_id", _int), ("key", _str), ("hash", _str), ("date", _str), ("title", _str),
    ("source", _str), ("url", _str), ("lang", _str), ("origin", _str), ("ingested_at", _str),
    ("n_entities", _int), ("n_quotes", _int),
    ("tone", _float), ("tone_positive", _float), ("tone_negative", _float), ("tone_polarity", _float),
    ("tone_words", _int), ("tone_positive_words", _int), ("tone_negative_words", _int), ("text", _str))
QUOTES = schema(
    ("quote_id", _int), ("article_id", _int), ("article_key", _str), ("date", _str), ("idx", _int),
    ("start", _int), ("end", _int), ("text", _str), ("kind", _str),
    ("cue_start", _int), ("cue_end", _int), ("cue_text", _str), ("cue_lemma", _str),
    ("speaker_name", _str), ("speaker_local", _str), ("speaker_identity_id", _int),
    ("speaker_identity_name", _str), ("speaker_start", _int), ("speaker_end", _int), ("speaker_text", _str),
    ("parent_idx", _int), ("confidence", _float), ("mentioned_identity_ids", _ints), ("statement_id", _int))
TARGETS = schema(
    ("quote_id", _int), ("article_id", _int), ("article_key", _str), ("date", _str), ("quote_idx", _int),
    ("speaker_identity_id", _int), ("local_id", _str), ("type", _str), ("name", _str), ("identity_id", _int),
    ("identity_name", _str), ("n_mentions", _int), ("tone", _str), ("score", _float), ("role", _str))
ENTITIES = schema(
    ("article_id", _int), ("article_key", _str), ("local_id", _str), ("type", _str), ("name", _str),
    ("roles", _strings), ("n_mentions", _int), ("identity_id", _int), ("identity_name", _str))
MENTIONS = schema(
    ("article_id", _int), ("article_key", _str), ("local_id", _str), ("identity_id", _int),
    ("start", _int), ("end", _int), ("text", _str), ("kind", _str))
DATES = schema(
    ("article_id", _int), ("article_key", _str), ("start", _int), ("end", _int), ("text", _str),
    ("value", _str))
OCCURRENCE = pa.struct([("quote_id", _int), ("article_key", _str), ("date", _str), ("outlet", _str),
                        ("kind", _str), ("text", _str)])
STATEMENTS = schema(
    ("statement_id", _int), ("speaker_identity_id", _int), ("speaker_name", _str), ("text", _str),
    ("first_seen", _str), ("first_outlet", _str), ("first_article_key", _str),
    ("n_quotes", _int), ("n_articles", _int), ("n_outlets", _int), ("occurrences", pa.list_(OCCURRENCE)))
IDENTITIES = schema(
    ("identity_id", _int), ("type", _str), ("name", _str), ("first_seen", _str), ("last_seen", _str),
    ("n_articles", _int), ("n_mentions", _int), ("n_quotes", _int), ("aliases", _strings), ("roles", _strings))

_ARTICLES_SQL = """
    SELECT a.id, a.key, a.hash, a.date, a.title, a.source, a.url, a.lang, a.origin, a.ingested_at,
           (SELECT count(*) FROM entities e WHERE e.article_id = a.id),
           (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
           t.tone, t.positive, t.negative, t.polarity, t.words, t.positive_words, t.negative_words, a.text
    FROM articles a LEFT JOIN article_tone t ON t.article_id = a.id ORDER BY a.id"""
_QUOTES_SQL = """
    SELECT q.id, q.article_id, a.key, q.date, q.idx, q.start, q.end, q.text, q.kind,
           q.cue_start, q.cue_end, q.cue_text, q.cue_lemma,
           q.speaker_name, q.speaker_local, e.identity_id, i.name, q.speaker_start, q.speaker_end, q.speaker_text,
           q.parent_idx, q.confidence,
           (SELECT json_group_array(identity_id) FROM (
                SELECT DISTINCT m.identity_id FROM quote_entities qe
                JOIN entities m ON m.article_id = qe.article_id AND m.local_id = qe.local_id
                WHERE qe.quote_id = q.id AND m.identity_id IS NOT NULL ORDER BY m.identity_id)),
           (SELECT statement_id FROM quote_statements WHERE quote_id = q.id)
    FROM quotes q JOIN articles a ON a.id = q.article_id
    LEFT JOIN entities e ON e.article_id = q.article_id AND e.local_id = q.speaker_local
    LEFT JOIN identities i ON i.id = e.identity_id
    ORDER BY q.article_id, q.idx"""
_TARGETS_SQL = """
    SELECT q.id, q.article_id, a.key, q.date, q.idx, s.identity_id, qe.local_id, e.type, e.name, e.identity_id,
           i.name, qe.n, qe.tone, qe.score, qe.role
    FROM quotes q JOIN articles a ON a.id = q.article_id
    JOIN quote_entities qe ON qe.quote_id = q.id
    LEFT JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local
    LEFT JOIN entities e ON e.article_id = qe.article_id AND e.local_id = qe.local_id
    LEFT JOIN identities i ON i.id = e.identity_id
    ORDER BY q.article_id, q.idx, length(qe.local_id), qe.local_id"""
_ENTITIES_SQL = """
    SELECT e.article_id, a.key, e.local_id, e.type, e.name, e.roles, e.n_mentions, e.identity_id, i.name
    FROM entities e JOIN articles a ON a.id = e.article_id LEFT JOIN identities i ON i.id = e.identity_id
    ORDER BY e.article_id, length(e.local_id), e.local_id"""
_MENTIONS_SQL = """
    SELECT m.article_id, a.key, m.local_id, e.identity_id, m.start, m.end, m.text, m.kind
    FROM mentions m JOIN articles a ON a.id = m.article_id
    LEFT JOIN entities e ON e.article_id = m.article_id AND e.local_id = m.local_id
    ORDER BY m.article_id, m.start, m.end, m.local_id"""
_DATES_SQL = """
    SELECT d.article_id, a.key, d.start, d.end, d.text, d.value
    FROM dates d JOIN articles a ON a.id = d.article_id ORDER BY d.article_id, d.start"""
_STATEMENTS_SQL = """
    SELECT s.id, i.id, i.name, s.text, s.first_seen, coalesce(fa.site, fa.source), fa.key,
           s.n_quotes, s.n_articles, s.n_outlets,
           (SELECT json_group_array(json_object('quote_id', quote_id, 'article_key', key, 'date', date,
                                                'outlet', outlet, 'kind', kind, 'text', text)) FROM (
                SELECT q.id AS quote_id, a.key, q.date, coalesce(a.site, a.source) AS outlet, q.kind, q.text
                FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id
                WHERE qs.statement_id = s.id ORDER BY q.date IS NULL, q.date, q.article_id, q.id))
    FROM statements s LEFT JOIN identities i ON i.key = s.speaker_key
    LEFT JOIN quotes fq ON fq.id = s.first_quote LEFT JOIN articles fa ON fa.id = fq.article_id
    ORDER BY s.id"""
_IDENTITIES_SQL = """
    SELECT i.id, i.type, i.name, i.first_seen, i.last_seen, i.n_articles, i.n_mentions, i.n_quotes,
           (SELECT json_group_array(alias) FROM
                (SELECT alias FROM aliases WHERE identity_id = i.id ORDER BY n DESC, alias)),
           (SELECT json_group_array(role) FROM
                (SELECT role FROM identity_roles WHERE identity_id = i.id ORDER BY n DESC, role))
    FROM identities i ORDER BY i.id"""


def _json_lists(*columns: int) -> Callable[[tuple], tuple]:
    """A row transform that decodes the JSON arrays in ``columns``."""
    def convert(row: tuple) -> tuple:
        row = list(row)
        for c in columns:
            row[c] = json.loads(row[c]) if row[c] is not None else []
        return tuple(row)
    return convert


# file name → (schema, query, row transform)
TABLES: dict[str, tuple[pa.Schema, str, Callable[[tuple], tuple] | None]] = {
    "articles.parquet": (ARTICLES, _ARTICLES_SQL, None),
    "quotes.parquet": (QUOTES, _QUOTES_SQL, _json_lists(22)),
    "targets.parquet": (TARGETS, _TARGETS_SQL, None),
    "entities.parquet": (ENTITIES, _ENTITIES_SQL, _json_lists(5)),
    "mentions.parquet": (MENTIONS, _MENTIONS_SQL, None),
    "dates.parquet": (DATES, _DATES_SQL, None),
    "identities.parquet": (IDENTITIES, _IDENTITIES_SQL, _json_lists(8, 9)),
    "statements.parquet": (STATEMENTS, _STATEMENTS_SQL, _json_lists(10)),
}


def write_parquet(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (table_schema, sql, convert) in TABLES.items():
        rows = conn.execute(sql)
        counts[name.removesuffix(".parquet")] = write_table(
            out / name, table_schema, map(convert, rows) if convert else rows)
    return counts


def write_table(path: pathlib.Path, table_schema: pa.Schema, rows: Iterable[tuple]) -> int:
    """Write ``rows`` (tuples in ``table_schema`` order) to ``path``, one row group per batch."""
    n = 0
    with replacing(path) as part:
        with pq.ParquetWriter(part, table_schema) as writer:
            for batch in batches(rows):
                columns = zip(*batch)
                writer.write_table(pa.Table.from_arrays(
                    [pa.array(list(c), type=f.type) for c, f in zip(columns, table_schema)], schema=table_schema))
                n += len(batch)
    return n


def batches(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    """``rows`` in lists of at most MAX_ROWS rows or about MAX_CHARS characters of strings."""
    batch, chars = [], 0
    for row in rows:
        batch.append(row)
        chars += sum(len(v) for v in row if isinstance(v, str))
        if len(batch) >= MAX_ROWS or chars >= MAX_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
