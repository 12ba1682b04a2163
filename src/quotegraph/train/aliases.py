"""Build ``lang/ru/aliases.tsv``: the other names of organisations and places, learned from the
Wikidata links of NEREL train (brat files).

    python -m quotegraph.train.aliases NEREL_TRAIN_DIR OUT.tsv

Mentions that NEREL links to one Wikidata id are names of one body or place («МИД России»,
«Министерство иностранных дел РФ», «российский МИД»). For each id the table keeps its names
(one line per spelling that compares differently, the most used spelling, with its count) when
it has two or more. Only NEREL *train* is read: dev and test measure the result
(``bench/identities.py`` reports them alone).
"""
from __future__ import annotations

import argparse
import collections
import pathlib

TYPES = {"ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC",
         "DISTRICT": "LOC", "LOCATION": "LOC"}
MIN_COUNT = 2  # a spelling seen once is not kept: it may be a typo or a one-off link


def linked_names(ann: pathlib.Path) -> list[tuple[str, str, str]]:
    """(type, Wikidata id, name as written) of every ORG or LOC mention linked to Wikidata."""
    spans, links = {}, {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label = parts[1].split(" ", 1)[0]
            if label in TYPES and ";" not in parts[1]:
                spans[parts[0]] = (TYPES[label], parts[2])
        elif line.startswith("N") and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) == 3 and fields[0] == "Reference" and fields[2].startswith("Wikidata:"):
                links[fields[1]] = fields[2].removeprefix("Wikidata:")
    return [(spans[t][0], q, spans[t][1]) for t, q in links.items() if t in spans and q != "NULL"]


def learn(folder: pathlib.Path) -> list[tuple[str, str, str, int]]:
    """(type, Wikidata id, name, count): per id, its most used spelling of each name key."""
    from ..identity.places import name_key

    seen: dict[tuple[str, str], dict[str, collections.Counter]] = collections.defaultdict(
        lambda: collections.defaultdict(collections.Counter))
    for ann in sorted(folder.glob("*.ann")):
        for type_, q, name in linked_names(ann):
            seen[type_, q][name_key(name)][name] += 1
    out = []
    for (type_, q), keys in sorted(seen.items()):
        kept = [(spellings.most_common(1)[0][0], sum(spellings.values())) for spellings in keys.values()
                if sum(spellings.values()) >= MIN_COUNT]
        if len(kept) >= 2:
            out += [(type_, q, name, n) for name, n in sorted(kept, key=lambda x: (-x[1], x[0]))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", type=pathlib.Path, help="NEREL train folder (brat .ann files)")
    ap.add_argument("out", type=pathlib.Path)
    args = ap.parse_args()
    rows = learn(args.train)
    with args.out.open("w", encoding="utf-8") as f:
        f.write("# built by `python -m quotegraph.train.aliases` from NEREL v1.1 train (CC BY 2.5);"
                " see quotegraph/identity/aliases.py\n# type\tWikidata id\tname\tmentions\n")
        f.writelines(f"{t}\t{q}\t{name}\t{n}\n" for t, q, name, n in rows)
    ids = {(t, q) for t, q, _, _ in rows}
    print(f"{args.out}: {len(rows)} names of {len(ids)} organisations and places")


if __name__ == "__main__":
    main()
