"""Cross-document merging checked against NEREL's Wikidata links, over the whole corpus.

Builds (or reuses) a store of every NEREL v1.1 text (train, dev and test: 933 documents),
relinks its identities with the current rules, and maps each gold mention that carries a
Wikidata id to our mention (same article, overlapping span, same entity type), hence to our
entity and its identity. Mentions sharing a Wikidata id should share an identity row, and
different ids should not: pairwise precision and recall from the contingency counts, over all
pairs of matched mentions and over cross-document pairs only (mentions in different articles,
the real test of cross-document merging). The figures are printed again for the dev and test
documents alone (the aliases learned from NEREL train are not from them), and, for
organisations, without the ids NEREL gives mostly to common nouns (concepts such as *police*,
which the rule keeps apart by country on purpose).

    .venv/bin/python bench/identities.py --shared ../shared [--rebuild] [--errors N --type ORG] [--scale K]

The store (bench/corpus.py) is reused while the code an analysis depends on is unchanged (the
linking code and data are not part of it: linking always reruns). ``--errors`` reads NEREL
train and dev only: test is for measuring.
"""
from __future__ import annotations

import argparse
import pathlib
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import nerel_dirs, nerel_store  # noqa: E402
# NEREL's types → ours (score.py's mapping); only these are scored
GOLD_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC",
              "STATE_OR_PROVINCE": "LOC", "DISTRICT": "LOC", "LOCATION": "LOC"}


@dataclass
class GoldMention:
    article: str
    start: int
    end: int
    text: str
    type: str  # PER | ORG | LOC
    wikidata: str
    split: str = ""  # train | dev | test


def read_gold(folder: pathlib.Path) -> list[GoldMention]:
    """Every span of a scored type that a Reference line links to Wikidata (not NULL)."""
    out = []
    for ann in sorted(folder.glob("*.ann")):
        spans, links = {}, {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 3:
                label, _, where = parts[1].partition(" ")
                bounds = [tuple(map(int, piece.split())) for piece in where.split(";")]
                spans[parts[0]] = (label, min(b[0] for b in bounds), max(b[1] for b in bounds), parts[2])
            elif line.startswith("N") and len(parts) >= 2:
                fields = parts[1].split()
                if len(fields) == 3 and fields[0] == "Reference" and fields[2].startswith("Wikidata:"):
                    links[fields[1]] = fields[2].removeprefix("Wikidata:")
        for tid, wikidata in links.items():
            if tid in spans and wikidata != "NULL" and spans[tid][0] in GOLD_TYPES:
                label, start, end, text = spans[tid]
                out.append(GoldMention(ann.stem, start, end, text, GOLD_TYPES[label], wikidata, folder.name))
    return out


def our_mentions(conn) -> tuple[dict[str, list[tuple[int, int, str, str, str]]], dict, dict]:
    """Our name mentions per article key (start, end, entity local id, type, text); each entity
    (article key, local id) → (type, canonical name, identity id); each identity id → its name."""
    keys = dict(conn.execute("SELECT id, key FROM articles"))
    entities = {}
    for aid, local, type_, name, iid in conn.execute(
            "SELECT article_id, local_id, type, name, identity_id FROM entities"):
        entities[keys[aid], local] = (type_, name, iid)
    mentions = defaultdict(list)
    for aid, local, start, end, text in conn.execute(
            "SELECT article_id, local_id, start, end, text FROM mentions WHERE kind = 'name'"):
        key = keys[aid]
        mentions[key].append((start, end, local, entities[key, local][0], text))
    identities = dict(conn.execute("SELECT id, name FROM identities"))
    return mentions, entities, identities


def match(gold: list[GoldMention], mentions) -> list[tuple[GoldMention, tuple[str, str]]]:
    """Each gold mention → our entity (article key, local id) whose name mention of the same
    type overlaps it most; gold mentions with none are left out."""
    out = []
    for g in gold:
        best, best_overlap = None, 0
        for start, end, local, type_, _ in mentions.get(g.article, ()):
            overlap = min(end, g.end) - max(start, g.start)
            if type_ == g.type and overlap > best_overlap:
                best, best_overlap = (g.article, local), overlap
        if best is not None:
            out.append((g, best))
    return out


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(items: list[tuple[str, int, str]]) -> dict[str, float]:
    """Pairwise precision and recall of (gold id, predicted id, article) items, over all pairs
    and over pairs of items in different articles."""
    cells, gold, pred = Counter(), Counter(), Counter()
    cells_a, gold_a, pred_a = Counter(), Counter(), Counter()  # the same within one article
    for g, p, a in items:
        cells[g, p] += 1
        gold[g] += 1
        pred[p] += 1
        cells_a[g, p, a] += 1
        gold_a[g, a] += 1
        pred_a[p, a] += 1

    def total(counter: Counter) -> int:
        return sum(pairs(n) for n in counter.values())

    tp, gp, pp = total(cells), total(gold), total(pred)
    xtp, xgp, xpp = tp - total(cells_a), gp - total(gold_a), pp - total(pred_a)
    return {"P": tp / pp if pp else 1.0, "R": tp / gp if gp else 1.0, "pairs": gp,
            "xP": xtp / xpp if xpp else 1.0, "xR": xtp / xgp if xgp else 1.0, "xpairs": xgp}


def show_errors(matched, entities, identities, n: int) -> None:
    """The largest wrongly merged identities and wrongly split Wikidata ids, by the pairs they cost."""
    by_pred, by_gold = defaultdict(Counter), defaultdict(Counter)
    names = defaultdict(Counter)  # gold id → our entity names for it
    for g, ent in matched:
        iid = entities[ent][2]
        by_pred[iid][g.wikidata] += 1
        by_gold[g.wikidata][iid] += 1
        names[g.wikidata][entities[ent][1]] += 1

    def label(wikidata: str) -> str:
        return f"{wikidata} ({', '.join(f'{k}×{v}' for k, v in names[wikidata].most_common(3))})"

    merged = sorted(((pairs(sum(c.values())) - sum(pairs(v) for v in c.values()), iid, c)
                     for iid, c in by_pred.items() if len(c) > 1), key=lambda x: (-x[0], x[1]))
    print(f"\nwrongly merged (an identity holding several Wikidata ids), top {n}:")
    for cost, iid, c in merged[:n]:
        print(f"  {cost:5d} false pairs  [{identities.get(iid)}]  " +
              "; ".join(f"{label(w)} ×{k}" for w, k in c.most_common(4)))
    split = sorted(((pairs(sum(c.values())) - sum(pairs(v) for v in c.values()), w, c)
                    for w, c in by_gold.items() if len(c) > 1), key=lambda x: (-x[0], x[1]))
    print(f"\nwrongly split (a Wikidata id over several identities), top {n}:")
    for cost, w, c in split[:n]:
        print(f"  {cost:5d} missed pairs  {w}: " +
              "; ".join(f"[{identities.get(i)}] ×{k}" for i, k in c.most_common(5)))


def explain(conn, text: str | None) -> Counter:
    """Why each person entity got its key (the rule reruns with a trace); prints the entities
    whose name contains ``text``."""
    from quotegraph.identity import merge_keys
    from quotegraph.store.identities import load_entity_rows

    reasons = Counter()

    def trace(row, reason, key):
        if row.type == "PER":
            reasons[reason] += 1
        if text and text.lower() in row.name.lower():
            print(f"  {row.name!r:32} article {row.article_id:4d} {row.local_id:4} {reason:26} {key}  "
                  f"roles={row.roles}")

    merge_keys(load_entity_rows(conn), trace=trace)
    return reasons


def concept_ids(gold: list[GoldMention]) -> set[str]:
    """Organisation ids whose gold mentions are mostly common nouns (no capital, no digit)."""
    lower, total = Counter(), Counter()
    for g in gold:
        if g.type == "ORG":
            total[g.wikidata] += 1
            lower[g.wikidata] += not any(c.isupper() or c.isdigit() for c in g.text)
    return {w for w, n in total.items() if lower[w] * 2 > n}


def table(gold, mentions, entities, types=("PER", "ORG", "LOC")) -> None:
    """Print the figures of each type over ``gold``."""
    print(f"{'type':4} {'keys':11} {'gold':>6} {'matched':>8} {'unmatched':>9}   {'P':>6} {'R':>6} {'pairs':>7}"
          f"   {'xdoc P':>6} {'xdoc R':>6} {'pairs':>7}")
    for type_ in types:
        these = [g for g in gold if g.type == type_]
        matched = match(these, mentions)
        for label, of in (("merge rule", lambda ent: entities[ent][2]),
                          ("exact name", lambda ent: entities[ent][1])):
            m = pairwise([(g.wikidata, of(ent), g.article) for g, ent in matched])
            print(f"{type_:4} {label:11} {len(these):6d} {len(matched):8d} {len(these) - len(matched):9d}   "
                  f"{m['P']:6.3f} {m['R']:6.3f} {m['pairs']:7d}   {m['xP']:6.3f} {m['xR']:6.3f} {m['xpairs']:7d}")


def scale(conn, copies: int) -> None:
    """Time ``merge_keys`` on the entity rows copied ``copies`` times, each copy's names altered
    (two letters added), so that the copies do not share names: far more distinct names than a
    real corpus of that size has."""
    import dataclasses

    from quotegraph.identity import merge_keys
    from quotegraph.store.identities import load_entity_rows

    rows, letters = load_entity_rows(conn), "бвгдклмнпрст"
    many = [dataclasses.replace(r, article_id=r.article_id + k * 1_000_000,
                                name=r.name + (letters[k % 12] + letters[k // 12 % 12] if k else ""))
            for k in range(copies) for r in rows]
    t = time.perf_counter()
    merge_keys(many)
    print(f"\nmerge_keys on {len(many):,} rows ({copies} altered copies of the store's): {time.perf_counter() - t:.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    ap.add_argument("--db", type=pathlib.Path, default=ROOT / "build" / "nerel.db")
    ap.add_argument("--rebuild", action="store_true", help="analyse the texts again even if the store exists")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print the N largest wrongly merged and wrongly split groups (of --type), "
                         "in NEREL train and dev (test is for measuring only)")
    ap.add_argument("--explain", metavar="TEXT", help="print why each entity whose name contains TEXT got its key")
    ap.add_argument("--type", choices=("PER", "ORG", "LOC"), default="PER", help="the type --errors shows")
    ap.add_argument("--scale", type=int, default=0, metavar="K",
                    help="also time the rule on the store's entity rows copied K times with altered names")
    args = ap.parse_args(argv)
    folders = nerel_dirs(args.shared)
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities

    nerel_store(args.shared, args.db, rebuild=args.rebuild)
    conn = open_store(args.db)
    t = time.perf_counter()
    try:
        stats = link_identities(conn, force=True)
    except sqlite3.OperationalError as exc:
        print(f"error: {args.db} does not fit this quotegraph's schema ({exc}); rerun with --rebuild",
              file=sys.stderr)
        return 1
    link_time = time.perf_counter() - t
    reasons = explain(conn, args.explain)
    mentions, entities, identities = our_mentions(conn)
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"store {args.db}: {n_articles} articles, {stats.entities} entities → {stats.identities} "
          f"identities {stats.by_type}; linked in {link_time:.2f} s\n")
    gold = [g for f in folders for g in read_gold(f)]
    table(gold, mentions, entities)
    print("\ngold: NEREL v1.1 train+dev+test spans with a Wikidata id; matched: a name mention of ours of "
          "the same type overlaps it.\nP, R: pairwise over matched mentions; xdoc: pairs of mentions in "
          "different articles only.\nexact name: entities with one type and canonical name as one identity, "
          "for comparison. Goals: PER P ≥ 0.95, R ≥ 0.85; ORG R ≥ 0.70 with P ≥ 0.90; LOC R ≥ 0.85 with P ≥ 0.93.")
    print("\ndev+test documents alone (the aliases learned from NEREL train are not from them):")
    table([g for g in gold if g.split != "train"], mentions, entities)
    concepts = concept_ids(gold)
    print(f"\nwithout the {len(concepts)} Wikidata ids that NEREL gives mostly to common nouns (concepts: "
          f"«полиция» of every country is Q35535), which the rule keeps apart by country on purpose:")
    table([g for g in gold if g.wikidata not in concepts], mentions, entities, types=("ORG",))
    print("the same, dev+test documents alone:")
    table([g for g in gold if g.wikidata not in concepts and g.split != "train"], mentions, entities, types=("ORG",))
    print("\nperson entities, by why they got their identity: " +
          ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()))
    if args.scale:
        scale(conn, args.scale)
    if args.errors:
        # NEREL test measures; its errors are not read (the guide): train and dev only
        show_errors(match([g for g in gold if g.type == args.type and g.split != "test"], mentions),
                    entities, identities, args.errors)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
