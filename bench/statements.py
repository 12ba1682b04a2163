"""Statement clustering measured: pairwise precision and recall of "these two quotes are one
statement" on the synthetic syndication corpus (bench/statements_corpus.py: NEREL train and
factRuEval dev stories rewritten by outlets); precision of real merges against hand checks
(gold/statements/: every merge of the NEREL store, and 100 cross-article merges of a store of
PolNeAR train); clustering's cost and the statement queries' p95.

    .venv/bin/python bench/statements.py --shared ../shared [--sample-real N]

The corpus is generated and ingested afresh (build/statements/); quotes that are in no
statement count as statements of their own.
"""
from __future__ import annotations

import argparse
import pathlib
import random
import sqlite3
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import statements_corpus  # noqa: E402


def predicted(db: pathlib.Path) -> list[tuple[str, int, int, str]]:
    """(article key, start, end, statement) of every stored quote; unplaced quotes alone."""
    with sqlite3.connect(db) as conn:
        return [(key, start, end, f"s{sid}" if sid is not None else f"q{qid}")
                for key, start, end, sid, qid in conn.execute(
                    "SELECT a.key, q.start, q.end, qs.statement_id, q.id FROM quotes q"
                    " JOIN articles a ON a.id = q.article_id LEFT JOIN quote_statements qs ON qs.quote_id = q.id")]


def real_merges(db: pathlib.Path, n: int, seed: int) -> None:
    """``n`` random pairs of quotes from different articles that the store put in one statement."""
    with sqlite3.connect(db) as conn:
        pairs = [row for row in conn.execute(
            "SELECT qs1.statement_id, q1.text, q2.text, a1.key, a2.key FROM quote_statements qs1"
            " JOIN quote_statements qs2 ON qs2.statement_id = qs1.statement_id AND qs2.quote_id > qs1.quote_id"
            " JOIN quotes q1 ON q1.id = qs1.quote_id JOIN quotes q2 ON q2.id = qs2.quote_id"
            " JOIN articles a1 ON a1.id = q1.article_id JOIN articles a2 ON a2.id = q2.article_id"
            " WHERE q1.article_id != q2.article_id ORDER BY qs1.statement_id, qs1.quote_id, qs2.quote_id")]
    print(f"\n{len(pairs)} cross-article pairs merged in {db}; {min(n, len(pairs))} at random:")
    for sid, a, b, ka, kb in random.Random(seed).sample(pairs, min(n, len(pairs))):
        print(f"== statement {sid}\n  {ka:16} ⟦{a[:200]}⟧\n  {kb:16} ⟦{b[:200]}⟧")


CHECKED = ROOT / "gold" / "statements"


def merged_pairs(db: pathlib.Path, across: bool = False) -> list[tuple]:
    """Every pair of quotes in one statement (``across``: in different articles only):
    (article, start, end) twice, in quote id order."""
    with sqlite3.connect(db) as conn:
        return [tuple(map(str, row[:6])) for row in conn.execute(
            "SELECT aa.key, qa.start, qa.end, ab.key, qb.start, qb.end, qa.article_id != qb.article_id"
            " FROM quote_statements a"
            " JOIN quote_statements b ON b.statement_id = a.statement_id AND b.quote_id > a.quote_id"
            " JOIN quotes qa ON qa.id = a.quote_id JOIN quotes qb ON qb.id = b.quote_id"
            " JOIN articles aa ON aa.id = qa.article_id JOIN articles ab ON ab.id = qb.article_id"
            " ORDER BY a.statement_id, a.quote_id, b.quote_id") if row[6] or not across]


def hand_checked(db: pathlib.Path, checked: pathlib.Path, across: bool = False) -> None:
    """Precision of a store's merges against a hand check (gold/statements/): over the checked
    pairs the store still merges; the pairs merged but not checked are counted."""
    from quotegraph.store.db import open_store
    from quotegraph.store.statements import cluster_statements

    conn = open_store(db)
    conn.executescript("DELETE FROM quote_statements; DELETE FROM statement_terms; DELETE FROM statements;")
    cluster_statements(conn)  # afresh, with the current rule
    conn.close()
    verdicts = {}
    for line in checked.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and parts[0] != "article_a":
            verdicts[tuple(parts[:6])] = parts[6] == "1"
    pairs = merged_pairs(db, across)
    known = [verdicts[p] for p in pairs if p in verdicts]
    print(f"real merges in {db.name}: {len(pairs)} pairs of quotes in one statement"
          f"{' (in different articles)' if across else ''}; {len(known)} of them checked by hand "
          f"({checked.relative_to(ROOT)}): precision {sum(known) / max(len(known), 1):.3f} "
          f"({len(known) - sum(known)} wrong); {len(pairs) - len(known)} not checked")


def polnear_store(shared: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """A store of PolNeAR train (840 English texts from several outlets, 2015-2016, many about
    the same events): the outlet and date come from each file's name."""
    import json
    import re

    from quotegraph.ingest import ingest

    texts = sorted((shared / "data" / "polnear" / "train" / "text").glob("*.txt"))
    jsonl, db = out / "polnear-train.jsonl", out / "polnear.db"
    with jsonl.open("w", encoding="utf-8") as f:
        for path in texts:
            found = re.match(r"(.+?)_(\d{4}-\d{2}-\d{2})_", path.name)
            f.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8"), "lang": "en",
                                "source": found and found.group(1), "date": found and found.group(2)}) + "\n")
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    t = time.perf_counter()
    ingest([str(jsonl)], db, progress=False)
    print(f"PolNeAR train: {len(texts)} texts ingested in {time.perf_counter() - t:.1f} s")
    return db


def costs(db: pathlib.Path, ingest_seconds: float) -> None:
    """Clustering's share of the ingest, redone from scratch, and statement queries' p95."""
    from quotegraph.store import queries
    from quotegraph.store.db import open_store
    from quotegraph.store.statements import cluster_statements

    conn = open_store(db)
    conn.executescript("DELETE FROM quote_statements; DELETE FROM statement_terms; DELETE FROM statements;")
    t = time.perf_counter()
    cluster_statements(conn)
    took = time.perf_counter() - t
    print(f"clustering all {conn.execute('SELECT count(*) FROM quote_statements').fetchone()[0]} placed quotes "
          f"from scratch: {took:.2f} s, {took / ingest_seconds:.1%} of the ingest's {ingest_seconds:.1f} s (goal ≤ 10%)")
    t = time.perf_counter()
    cluster_statements(conn)  # what every later ingest pays when it adds nothing: must stay linear
    print(f"clustering again with nothing to place: {time.perf_counter() - t:.2f} s")
    speakers = [i for (i,) in conn.execute("SELECT DISTINCT i.id FROM statements s JOIN identities i ON i.key = s.speaker_key")]
    ids = [i for (i,) in conn.execute("SELECT id FROM statements")]
    for name, calls in (("statements --speaker", [lambda i=i: queries.statements_by(conn, i) for i in speakers]),
                        ("spread", [lambda i=i: queries.statement(conn, i) for i in ids])):
        times = []
        for call in calls:
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        times.sort()
        print(f"query {name}: p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms over {len(times)} (goal < 50 ms)")
    conn.close()


def nerel_ingest(shared: pathlib.Path, out: pathlib.Path) -> int:
    """Ingest every NEREL text into a fresh store (one worker per core), then cluster its
    statements again from scratch: the clustering's share of the whole ingest."""
    from corpus import nerel_dirs

    from quotegraph.ingest import ingest

    db = out / "nerel-ingest.db"
    out.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    t = time.perf_counter()
    summary = ingest([str(d) for d in nerel_dirs(shared)], db, progress=False)
    seconds = time.perf_counter() - t
    print(f"NEREL: {summary.articles} articles, {summary.quotes} quotes ingested in {seconds:.1f} s "
          f"(statements clustered at its end)")
    costs(db, seconds)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "statements")
    ap.add_argument("--sample-real", type=int, default=0, metavar="N",
                    help="also print N random cross-article merges of the PolNeAR store to check by hand")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--nerel-ingest", action="store_true",
                    help="only measure clustering's share of an ingest of all 933 NEREL texts (make bench)")
    args = ap.parse_args(argv)
    if args.nerel_ingest:
        return nerel_ingest(args.shared, args.out)
    from quotegraph.ingest import ingest

    stories = statements_corpus.load_stories(args.shared, 60, args.seed)
    counts = statements_corpus.write_corpus(args.out, stories, 5, args.seed)
    print(f"synthetic corpus: {counts['stories']} stories, {counts['articles']} articles, "
          f"{counts['occurrences']} quote occurrences of {counts['statements']} statements ("
          + ", ".join(f"{t} {counts['transform ' + t]}" for t in statements_corpus.TRANSFORMS) + ")")
    kept = CHECKED / "synthetic.jsonl"  # the gold in the repository: offsets and ids of the texts made here
    same = kept.read_bytes() == (args.out / "gold.jsonl").read_bytes()
    print(f"the generated gold is {'the same as' if same else 'NOT the same as'} {kept.relative_to(ROOT)}"
          + ("" if same else ": the shared texts or the generator changed; check it, then copy it there"))
    db = args.out / "corpus.db"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    t = time.perf_counter()
    ingest([str(args.out / "articles.jsonl")], db, progress=False)
    ingest_seconds = time.perf_counter() - t
    print(f"ingested in {ingest_seconds:.1f} s")
    result = statements_corpus.score(args.out / "gold.jsonl", predicted(db))
    print(statements_corpus.summary(result))
    by = result["cross_article"]
    ok = (by["precision"] or 0) >= 0.95 and (by["recall"] or 0) >= 0.85
    print(f"goal: pairwise P ≥ 0.95 and R ≥ 0.85 on the synthetic set ({'met' if ok else 'missed'})")
    costs(db, ingest_seconds)
    nerel = ROOT / "build" / "nerel.db"
    if nerel.exists():
        hand_checked(nerel, CHECKED / "nerel-merges.tsv")
    else:
        print(f"no {nerel}: run bench/identities.py first (make eval does) for the real merges")
    hand_checked(polnear_store(args.shared, args.out), CHECKED / "polnear-merges.tsv", across=True)
    if args.sample_real:
        real_merges(args.out / "polnear.db", args.sample_real, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
