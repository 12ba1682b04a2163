"""A store of N articles with the rows of real analyses, for measuring the store at scale.

    .venv/bin/python bench/store_scale.py --articles 100000 [--db build/store-100k.db]
    .venv/bin/python bench/queries.py --db build/store-100k.db
    .venv/bin/python bench/api.py --db build/store-100k.db

The rows are those of the 933 NEREL texts as quotegraph stores them (build/nerel.db, made by
bench/corpus.py), copied in SQL as often as it takes, each copy a new article: its own key,
hash and date (copies are spread over five years), and new row ids for its quotes, entities,
mentions, dates, targets, tone and search rows. The identities are those of the NEREL store,
with their counts multiplied: a copied article's people are the same people, so the most
quoted speakers hold tens of thousands of quotes at 100,000 articles, as the most quoted
officials do in a year of a country's news. Not copied: near-copy signatures (every copy would
be a near-copy of its original) and statements. Analysing 1,000,000 articles on this machine
would take half a day; copying rows takes minutes, and the tables, their sizes and their
distributions are those of analysed news.

It also reports the write rate of this bulk copy and of ingest's own per-article transactions
(measured on the NEREL store's rows), the size of the file, and the time of a full relinking
of identities.
"""
from __future__ import annotations

import argparse
import dataclasses
import pathlib
import sqlite3
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import SCALE_STORE, nerel_store  # noqa: E402

DAYS = 5 * 365  # copies' dates spread over five years from START
START = "2021-01-01"

# table → its columns, with the expressions of a copy (:k the copy, :a the article id offset,
# :q the quote id offset); every other column is copied as it is
SHIFTED = {
    "articles": {"id": "id + :a", "key": "key || '#' || :k", "hash": "hash || '#' || :k",
                 "date": f"date('{START}', '+' || ((id * 7 + :k * 13) % {DAYS}) || ' days')",
                 "duplicate_of": "NULL"},
    "entities": {"article_id": "article_id + :a"},
    "mentions": {"article_id": "article_id + :a"},
    "dates": {"article_id": "article_id + :a"},
    "quotes": {"id": "id + :q", "article_id": "article_id + :a",
               "date": f"date('{START}', '+' || ((article_id * 7 + :k * 13) % {DAYS}) || ' days')"},
    "quote_entities": {"quote_id": "quote_id + :q", "article_id": "article_id + :a"},
    "article_tone": {"article_id": "article_id + :a"},
}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]


# the columns linking fills, left empty in articles that came in since the last linking
UNLINKED = {"entities": {"identity_id": "NULL", "block": "NULL"}, "quotes": {"speaker_id": "NULL"}}


def copy_rows(conn: sqlite3.Connection, k: int, a: int, q: int, first: int | None = None) -> None:
    """Copy ``k`` of every source row, ids shifted by ``a`` (articles) and ``q`` (quotes).
    ``first``: only the rows of the first so many source articles, as ingest writes new
    articles (not linked yet)."""
    params = {"k": k, "a": a, "q": q, "first": first}
    only = " WHERE {} IN (SELECT id FROM src.articles ORDER BY id LIMIT :first)" if first else ""
    for table, shifted in SHIFTED.items():
        cols = columns(conn, table)
        exprs = ", ".join((UNLINKED.get(table, {}) if first else {}).get(c) or shifted.get(c, c) for c in cols)
        conn.execute(f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {exprs} FROM src.{table}"
                     + only.format("id" if table == "articles" else "article_id"), params)
    conn.execute("INSERT INTO main.quotes_fts (rowid, lemmas) SELECT rowid + :q, lemmas FROM src.quotes_fts"
                 + only.format("rowid IN (SELECT id FROM src.quotes WHERE article_id") + (")" if first else ""), params)


def build(source: pathlib.Path, db: pathlib.Path, articles: int) -> dict:
    from quotegraph.store.db import open_store
    from quotegraph.store.schema import EDGES_COUNTED

    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    open_store(db).close()  # the schema, as ingest makes it
    linked_in_full(source)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    n_src = conn.execute("SELECT count(*) FROM src.articles").fetchone()[0]
    a_span = conn.execute("SELECT max(id) FROM src.articles").fetchone()[0] + 1
    q_span = conn.execute("SELECT max(id) FROM src.quotes").fetchone()[0] + 1
    copies = -(-articles // n_src)
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    for table in ("identities", "aliases", "identity_roles", "name_forms", "meta", "link_features"):
        cols = ", ".join(columns(conn, table))
        conn.execute(f"INSERT OR REPLACE INTO main.{table} ({cols}) SELECT {cols} FROM src.{table}")
    for k in range(copies):
        copy_rows(conn, k, k * a_span, k * q_span)
        if k % 10 == 9:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            done = (k + 1) * n_src
            print(f"  {done:,} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    # the identities' counts as relinking would make them: the same people in every copy
    conn.execute("UPDATE identities SET n_articles = n_articles * :c, n_mentions = n_mentions * :c,"
                 " n_quotes = n_quotes * :c, first_seen = :start,"
                 f" last_seen = date(:start, '+{DAYS - 1} days')", {"c": copies, "start": START})
    conn.execute("UPDATE aliases SET n = n * ?", (copies,))
    conn.execute("UPDATE identity_roles SET n = n * ?", (copies,))
    conn.execute("UPDATE link_features SET n = n * ?", (copies,))
    conn.execute("UPDATE aliases SET name_mentions = name_mentions * ?", (copies,))
    conn.execute("UPDATE meta SET value = value * ? WHERE key IN ('link_articles', 'link_rows', 'link_full_rows')",
                 (copies,))
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('identities_stale', '0')")
    # statements are not copied (each copy's would be a statement of its own); the copies count
    # as placed, so new articles' quotes are placed among themselves
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('statements_full', '0')")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) SELECT 'statements_through', max(id) FROM quotes")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_fingerprint', ?)", (SCALE_STORE,))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    conn.executescript(f"BEGIN; {EDGES_COUNTED}; COMMIT;")  # as linking counts them
    edges = time.perf_counter() - t1
    conn.execute("DETACH DATABASE src")
    t1 = time.perf_counter()
    conn.execute("ANALYZE")
    analyze = time.perf_counter() - t1
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "quotes", "entities", "mentions", "identities")}
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    rows = sum(counts[t] for t in ("articles", "quotes", "entities", "mentions"))
    return {"seconds": seconds, "analyze": analyze, "edges": edges, "counts": counts, "rows": rows,
            "bytes": db.stat().st_size}


def write_rate(shared: pathlib.Path, db: pathlib.Path, articles: int) -> dict:
    """Ingest's own writing (one transaction an article, ``write_article``) of ``articles``
    analysed NEREL dev texts, into the store as it stands; analysed first, outside the
    writing's clock. Also the time of an article's analysis (the record and its rows, as
    ingest's workers make them), the measure of what linking may cost."""
    from corpus import nerel_dirs

    from quotegraph.pipeline import Pipeline
    from quotegraph.readers import read_inputs
    from quotegraph.store.db import open_store
    from quotegraph.store.rows import article_rows, content_hash
    from quotegraph.store.write import write_article

    dev = [d for d in nerel_dirs(shared) if d.name == "dev"]
    run = time.time_ns()  # new keys and hashes in every run, also into a store measured before
    pipeline = Pipeline()
    for article in list(read_inputs([str(d) for d in dev]))[:3]:  # models loaded, caches warm: off the clock
        article_rows(pipeline(article))
    rows = []
    analysis = 0.0
    for article in list(read_inputs([str(d) for d in dev]))[:articles]:
        # (the copies' keys and hashes all carry "#k": these are new articles to the store)
        article = dataclasses.replace(article, id=f"write-rate/{run}/{article.id}")
        t0 = time.perf_counter()  # an article's analysis as ingest's workers run it: the record, then its rows
        rows.append(article_rows(pipeline(article), origin=article.id, hash=f"{content_hash(article.text)}#{run}"))
        analysis += time.perf_counter() - t0
    conn = open_store(db)
    try:
        t0 = time.perf_counter()
        for r in rows:
            write_article(conn, r)
        seconds = time.perf_counter() - t0
    finally:
        conn.close()
    n_rows = sum(1 + len(r.quotes) + len(r.entities) + len(r.mentions) for r in rows)
    return {"articles": len(rows), "seconds": seconds, "rows": n_rows, "analysis": analysis / len(rows)}


def linked_in_full(db: pathlib.Path) -> None:
    """Link the source store in full by this code: its entities' blocks are copied."""
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities

    conn = open_store(db)
    try:
        link_identities(conn, force=True)
    finally:
        conn.close()


def new_articles_linked(db: pathlib.Path, source: pathlib.Path, articles: int) -> dict:
    """Add ``articles`` new articles (the rows of as many NEREL texts, not linked yet, as ingest
    writes them), then link them and place their quotes in statements, as ingest does after a
    batch."""
    from quotegraph.identity import preload
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.statements import cluster_statements
    from quotegraph.store.write import mark_identities_stale

    conn = open_store(db)
    try:
        link_identities(conn)  # what came in before (the write-rate articles)
        cluster_statements(conn)
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        n_src = conn.execute("SELECT count(*) FROM src.articles").fetchone()[0]
        conn.execute("BEGIN")
        added = 0  # as many copies of the source's first articles as make ``articles``
        while added < articles:
            a, q = (conn.execute(f"SELECT max(id) + 1 FROM main.{t}").fetchone()[0] for t in ("articles", "quotes"))
            copy_rows(conn, a, a, q, first=min(articles - added, n_src))  # (a: a copy number never used)
            added += min(articles - added, n_src)
        mark_identities_stale(conn)
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
        preload()  # as ingest does while its workers analyse
        t0 = time.perf_counter()
        stats = link_identities(conn)
        seconds = time.perf_counter() - t0
        cluster_statements(conn)
        statements = time.perf_counter() - t0 - seconds
    finally:
        conn.close()
    return {"seconds": seconds, "statements": statements, "entities": stats.entities, "full": stats.full,
            "articles": added}


def relink_seconds(db: pathlib.Path) -> float:
    """A full relinking of the store's identities, as ingest runs it after new articles."""
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities

    conn = open_store(db)
    try:
        t0 = time.perf_counter()
        link_identities(conn, force=True)
        return time.perf_counter() - t0
    finally:
        conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", help="default: build/store-N.db")
    ap.add_argument("--write-rate", type=int, default=200, metavar="N",
                    help="then time ingest's writing of N analysed articles into the store (0: not)")
    ap.add_argument("--new", type=int, default=1000, metavar="N",
                    help="then add N new articles and time their linking, as ingest does after a batch (0: not)")
    ap.add_argument("--batches", type=int, default=3, help="batches of --new articles, one after another")
    ap.add_argument("--relink", action="store_true", help="also time a full relinking of identities")
    ap.add_argument("--reuse", action="store_true",
                    help="measure the store --db (or build/store-N.db) as it is, when it exists, instead of making it")
    args = ap.parse_args()
    source = nerel_store(pathlib.Path(args.shared), ROOT / "build" / "nerel.db")
    db = pathlib.Path(args.db or ROOT / "build" / f"store-{args.articles}.db")
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.reuse and db.exists():
        print(f"store {db}: made before (--reuse), with what earlier runs added")
    else:
        made = build(source, db, args.articles)
        c = made["counts"]
        print(f"store {db}: {c['articles']:,} articles, {c['quotes']:,} quotes, {c['entities']:,} entities, "
              f"{c['mentions']:,} mentions, {c['identities']:,} identities; {made['bytes'] / 2**30:.2f} GB "
              f"({made['bytes'] / c['articles'] / 1024:.1f} kB an article)")
        print(f"bulk copy: {made['seconds']:.0f} s, {c['articles'] / made['seconds']:,.0f} articles/s, "
              f"{made['rows'] / made['seconds']:,.0f} rows/s; network edges counted in {made['edges']:.1f} s; "
              f"ANALYZE {made['analyze']:.1f} s")
    if args.write_rate:
        w = write_rate(pathlib.Path(args.shared), db, args.write_rate)
        print(f"ingest's writes into this store: {w['articles'] / w['seconds']:,.0f} articles/s, "
              f"{w['rows'] / w['seconds']:,.0f} rows/s (articles, quotes, entities, mentions; "
              f"{w['articles']} articles, one transaction each)")
    if args.new:
        batches = [new_articles_linked(db, source, args.new) for _ in range(args.batches)]
        for n in batches:
            print(f"linking {n['articles']:,} new articles ({n['entities']:,} entities, "
                  f"{'in full' if n['full'] else 'incrementally'}): {n['seconds']:.2f} s, then placing their "
                  f"quotes in statements {n['statements']:.2f} s")
        link, place = (statistics.median(n[k] for n in batches) for k in ("seconds", "statements"))
        line = f"median of {len(batches)} batches: linking {link:.2f} s, placing quotes {place:.2f} s"
        if args.write_rate:
            one = w["analysis"] * args.new
            line += (f"; the analysis of {args.new:,} articles takes {one:.1f} s in one process "
                     f"({w['analysis'] * 1000:.1f} ms an article), so linking is {link / one:.1%} of it "
                     f"({2 * link / one:.1%} of 2 workers' time)")
        print(line)
    if args.relink:
        print(f"full relinking of identities: {relink_seconds(db):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
