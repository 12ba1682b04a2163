"""Build ``lang/ru/roles.txt``, the role and title nouns, from NEREL train PROFESSION spans.

    python -m quotegraph.train.roles NEREL_TRAIN_DIR OUT.txt

A role noun is the lemma of a PROFESSION span's head noun (its first noun), seen at least
twice. Hand-added titles (``lang/ru/titles.txt``) are kept apart so a rebuild never loses them.
"""
from __future__ import annotations

import argparse
import collections
import pathlib

from ..nlp import parse_word

MIN_COUNT = 2


def head_lemma(span_text: str) -> str | None:
    for word in span_text.replace("-", " - ").split():
        if not word[:1].isalpha():
            continue
        p = parse_word(word.lower())[0]
        if p.tag.POS == "NOUN":
            return p.normal_form.replace("ё", "е")
    return None


def build(train_dir: pathlib.Path) -> list[tuple[str, int]]:
    counts = collections.Counter()
    for ann in sorted(train_dir.glob("*.ann")):
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) == 3 and parts[1].startswith("PROFESSION "):
                h = head_lemma(parts[2].replace("-", " "))  # «вице-премьер» → премьер
                whole = head_lemma(parts[2])
                for lem in {h, whole} - {None}:
                    counts[lem] += 1
    return sorted((k, v) for k, v in counts.items() if v >= MIN_COUNT)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("train_dir", type=pathlib.Path)
    ap.add_argument("out", type=pathlib.Path)
    args = ap.parse_args(argv)
    rows = build(args.train_dir)
    with args.out.open("w", encoding="utf-8") as f:
        f.write("# role nouns: lemma<TAB>count in NEREL v1.1 train PROFESSION spans; "
                "built by `python -m quotegraph.train.roles`\n")
        for k, v in rows:
            f.write(f"{k}\t{v}\n")
    print(f"wrote {len(rows)} role nouns to {args.out}")


if __name__ == "__main__":
    main()
