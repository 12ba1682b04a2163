"""Build ``lang/ru/entity_lexicon.tsv`` from NEREL train (brat files) and raw natasha's output on it.

    python -m quotegraph.train.lexicon NEREL_TRAIN_DIR OUT.tsv

Only NEREL *train* is read: dev is for tuning, test is for the final figures.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import sys

from ..lexicon import MAX_KEY_TOKENS, lemma, lookup_key

TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC",
         "STATE_OR_PROVINCE": "LOC", "LOCATION": "LOC", "DISTRICT": "LOC"}
MIN_COUNT = 2
ADD_RATE, DROP_RATE, HEAD_RATE = 0.5, 0.2, 0.5


def brat_spans(ann: pathlib.Path) -> list[tuple[int, int, str]]:
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, _ = line.split("\t", 2)
        kind, offs = info.split(" ", 1)
        if kind in TYPES and ";" not in offs:
            s, e = map(int, offs.split())
            out.append((s, e, TYPES[kind]))
    return out


def outermost(spans):
    return [m for m in spans if not any(o != m and o[0] <= m[0] and m[1] <= o[1] for o in spans)]


def tokens_of(text: str):
    import razdel
    return [(t.start, t.stop, t.text) for t in razdel.tokenize(text)]


def token_range(toks, start, end):
    """Indices [i, j) of the tokens that exactly cover [start, end), or None."""
    starts = {s: i for i, (s, _, _) in enumerate(toks)}
    ends = {e: i for i, (_, e, _) in enumerate(toks)}
    if start in starts and end in ends:
        return starts[start], ends[end] + 1
    return None


def natasha_spans(text: str):
    from ..nlp import models
    from natasha import Doc
    m = models()
    doc = Doc(text)
    doc.segment(m.segmenter)
    doc.tag_ner(m.ner)
    return [(s.start, s.stop, s.type) for s in doc.spans]


def build(train_dir: pathlib.Path):
    gold_types = collections.defaultdict(collections.Counter)  # key -> type counts (outermost gold)
    heads = collections.defaultdict(collections.Counter)  # head key -> ORG extents it opened
    nat = collections.defaultdict(lambda: [0, 0, ""])  # natasha key -> [false alarms, total, type]
    docs = []
    for ann in sorted(train_dir.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        toks = tokens_of(text)
        lemmas = [lemma(t) for _, _, t in toks]
        words = [t for _, _, t in toks]
        spans = brat_spans(ann)
        outer = outermost(spans)
        for s, e, t in outer:
            r = token_range(toks, s, e)
            if r and r[1] - r[0] <= MAX_KEY_TOKENS:
                gold_types[lookup_key(words, lemmas, r[0], r[1] - r[0])][t] += 1
            if t == "ORG" and r:
                inner = [m for m in spans if m != (s, e, t) and s < m[0] and m[1] == e]
                for m in inner:
                    ri = token_range(toks, m[0], m[1])
                    if ri and 0 < ri[0] - r[0] <= 3:
                        heads[" ".join(lemmas[r[0]:ri[0]])]["ORG"] += 1
        for s, e, t in natasha_spans(text):
            r = token_range(toks, s, e)
            if not r:
                continue
            k = " ".join(lemmas[r[0]:r[1]])
            nat[k][0] += not any(o[0] < e and s < o[1] for o in spans)  # no gold entity there at all
            nat[k][1] += 1
            nat[k][2] = t
        docs.append((toks, words, lemmas, outer))
    occurrences = collections.Counter()
    head_occ = collections.Counter()
    longest = max((k.count(" ") + 1 for k in gold_types), default=1)
    head_keys = set(heads)
    for toks, words, lemmas, outer in docs:
        starts = {}
        for s, e, t in outer:
            r = token_range(toks, s, e)
            if r:
                starts[r[0]] = r
        for i in range(len(lemmas)):
            for n in range(1, longest + 1):
                k = lookup_key(words, lemmas, i, n)
                if k in gold_types:
                    occurrences[k] += 1
                if k in head_keys and i + n in starts:
                    head_occ[k] += 1
    rows = []
    for k, types in gold_types.items():
        t, c = types.most_common(1)[0]
        occ = max(occurrences[k], c)
        if c >= MIN_COUNT and c / occ >= ADD_RATE and any(ch.isalpha() for ch in k):
            rows.append(("add", k, t, c, c / occ))
    for k, (false, total, t) in nat.items():
        if total >= MIN_COUNT and 1 - false / total <= DROP_RATE and k not in gold_types:
            rows.append(("drop", k, t, total, 1 - false / total))
    for k, types in heads.items():
        c = types["ORG"]
        rate = c / (c + head_occ[k])  # head_occ: the head right before a name, outside any ORG
        if c >= MIN_COUNT and rate >= HEAD_RATE:
            rows.append(("head", k, "ORG", c, rate))
    return sorted(rows)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("train_dir", type=pathlib.Path)
    ap.add_argument("out", type=pathlib.Path)
    args = ap.parse_args(argv)
    rows = build(args.train_dir)
    with args.out.open("w", encoding="utf-8") as f:
        f.write("# built by `python -m quotegraph.train.lexicon` from NEREL v1.1 train "
                "(CC BY 2.5); see quotegraph/lexicon.py\n")
        for kind, k, t, c, r in rows:
            f.write(f"{kind}\t{k}\t{t}\t{c}\t{r:.2f}\n")
    counts = collections.Counter(r[0] for r in rows)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
