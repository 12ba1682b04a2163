"""Incremental linking against a full linking: how far they agree, and what each costs.

    .venv/bin/python bench/linking.py --shared ../shared [--new 100] [--batches 5]

On the store of the 933 NEREL texts (bench/corpus.py), for each of ``--batches`` disjoint
batches of ``--new`` articles (every k-th article, so each batch spans the corpus): a copy of
the store without the batch is linked in full; the batch is put back, as ingest writes new
articles, and linked incrementally (``quotegraph.identity.incremental``). Its entities'
identities are then compared with those of the full linking of the whole store:

- same key: the share of the batch's entities given the identity the full linking gives them;
- pairwise precision, recall and F1 of "these two entities are one identity", over the pairs
  with at least one entity of the batch (B-cubed style counting, per entity of the batch), and
  the F1 over every entity (the rows linked before keep the linking made without the batch).
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import nerel_store  # noqa: E402

# what ingest writes for an article, and the columns linking fills (left NULL when put back)
ARTICLE_TABLES = ("articles", "entities", "mentions", "dates", "quotes", "quote_entities", "article_tone")
UNLINKED = {"entities": {"identity_id": "NULL", "block": "NULL"}, "quotes": {"speaker_id": "NULL"}}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]


def put_back(conn: sqlite3.Connection, source: pathlib.Path, articles: list[int]) -> None:
    """Copy the rows of ``articles`` from ``source`` as ingest wrote them, before linking."""
    from quotegraph.store.write import mark_identities_stale

    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    conn.execute("CREATE TEMP TABLE batch (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO batch (id) VALUES (?)", [(a,) for a in articles])
    conn.execute("BEGIN")
    for table in ARTICLE_TABLES:
        cols = columns(conn, table)
        exprs = ", ".join(UNLINKED.get(table, {}).get(c, c) for c in cols)
        key = "id" if table == "articles" else "article_id"
        conn.execute(f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {exprs} FROM src.{table}"
                     f" WHERE {key} IN (SELECT id FROM batch)")
    conn.execute("INSERT INTO main.quotes_fts (rowid, lemmas) SELECT rowid, lemmas FROM src.quotes_fts"
                 " WHERE rowid IN (SELECT id FROM src.quotes WHERE article_id IN (SELECT id FROM batch))")
    mark_identities_stale(conn)
    conn.execute("COMMIT")
    conn.execute("DROP TABLE batch")
    conn.execute("DETACH DATABASE src")


def assignment(db: pathlib.Path) -> dict[tuple[int, str], str]:
    with sqlite3.connect(db) as conn:
        return {(a, l): k for a, l, k in conn.execute(
            "SELECT e.article_id, e.local_id, i.key FROM entities e JOIN identities i ON i.id = e.identity_id")}


def agreement(got: dict, gold: dict, batch: set[int]) -> dict:
    """Same key share and pairwise scores over the batch's entities (see the docstring)."""
    both = Counter((got[r], gold[r]) for r in gold)
    n_got, n_gold = Counter(got[r] for r in gold), Counter(gold.values())
    new = [r for r in gold if r[0] in batch]
    tp = sum(both[got[r], gold[r]] - 1 for r in new)
    predicted = sum(n_got[got[r]] - 1 for r in new)
    true = sum(n_gold[gold[r]] - 1 for r in new)
    p = tp / predicted if predicted else 1.0
    r = tp / true if true else 1.0
    return {"entities": len(new), "same_key": sum(got[r] == gold[r] for r in new) / len(new),
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def one_batch(source: pathlib.Path, batch: list[int], gold: dict, work: pathlib.Path) -> dict:
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.write import delete_article

    db = work / "store.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, db)
    conn = open_store(db)
    try:
        conn.execute("BEGIN")
        for aid in batch:
            delete_article(conn, aid)
        conn.execute("COMMIT")
        t0 = time.perf_counter()
        link_identities(conn, force=True)
        full = time.perf_counter() - t0
        put_back(conn, source, batch)
        t0 = time.perf_counter()
        stats = link_identities(conn, full=False)
        incremental = time.perf_counter() - t0
    finally:
        conn.close()
    got = assignment(db)
    out = agreement(got, gold, set(batch))
    out["all_f1"] = agreement(got, gold, {a for a, _ in gold})["f1"]
    out.update(full_seconds=full, incremental_seconds=incremental, linked=stats.entities)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--new", type=int, default=100, help="articles in a batch")
    ap.add_argument("--batches", type=int, default=5)
    args = ap.parse_args()
    source = nerel_store(pathlib.Path(args.shared), ROOT / "build" / "nerel.db")
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities

    conn = open_store(source)
    link_identities(conn)  # a store of an older schema is linked in full first
    conn.close()
    gold = assignment(source)
    with sqlite3.connect(source) as conn:
        ids = [a for (a,) in conn.execute("SELECT id FROM articles ORDER BY id")]
    step = len(ids) // args.new
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for b in range(args.batches):
            batch = ids[b::step][:args.new]
            res = one_batch(source, batch, gold, pathlib.Path(tmp))
            results.append(res)
            print(f"batch {b + 1}: {len(batch)} articles, {res['entities']} entities: same key {res['same_key']:.3f},"
                  f" pairwise P {res['precision']:.3f} R {res['recall']:.3f} F1 {res['f1']:.3f}"
                  f" (all entities' F1 {res['all_f1']:.3f});"
                  f" incremental {res['incremental_seconds']:.2f} s, full {res['full_seconds']:.2f} s")
    mean = {k: sum(r[k] for r in results) / len(results)
            for k in ("same_key", "precision", "recall", "f1", "all_f1", "incremental_seconds", "full_seconds")}
    print(f"mean of {len(results)} batches of {args.new} articles: same key {mean['same_key']:.3f}, pairwise "
          f"P {mean['precision']:.3f} R {mean['recall']:.3f} F1 {mean['f1']:.3f} (all entities' F1 "
          f"{mean['all_f1']:.3f}); incremental "
          f"{mean['incremental_seconds']:.2f} s, full {mean['full_seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
