"""RuSentNE-2023 (``../shared/data/rusentne``): sentences with one rated entity each.

Each row gives a sentence, an entity's character span in it, its type and its label (-1, 0,
1). ``read`` turns the rows into the tone model's ``Target``s with quotegraph's own tokens,
lemmas and syntax, exactly as inference sees them; ``scores`` computes the competition's
measures.
"""
from __future__ import annotations

import csv
import pathlib
from dataclasses import dataclass

from .features import Target, sentence_words

LABEL_IDS = {-1: 0, 0: 1, 1: 2}  # RuSentNE label -> index in model.LABELS


@dataclass(frozen=True)
class Example:
    target: Target
    label: int  # index in model.LABELS


def read(path: pathlib.Path) -> list[Example]:
    """The examples of one RuSentNE file (tab-separated, with a header), in file order.

    An entity span that falls in no token of its sentence (none in RuSentNE) raises."""
    from ..nlp import analyze_text, parse_syntax

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    texts = list(dict.fromkeys(r["sentence"] for r in rows))
    split = [analyze_text(text)[0] for text in texts]
    trees = iter(parse_syntax([s for sentences in split for s in sentences]))  # one batched call
    parsed = {text: [(s, next(trees)) for s in sentences] for text, sentences in zip(texts, split)}
    return [Example(_target(parsed[r["sentence"]], int(r["entity_pos_start_rel"]),
                            int(r["entity_pos_end_rel"]), r["entity_tag"]), LABEL_IDS[int(r["label"])])
            for r in rows]


def _target(parsed: list, start: int, end: int, tag: str) -> Target:
    for sentence, tree in parsed:
        inside = [i for i, t in enumerate(sentence.tokens) if t.start < end and t.end > start]
        if inside:
            return Target(sentence_words(sentence, tree), inside[0], inside[-1], tag)
    raise ValueError(f"no token at {start}:{end}")


def scores(gold: list[int], predicted: list[int]) -> dict[str, float]:
    """RuSentNE's measure, macro F1 over the positive and negative classes (``f1_pn``), with
    each class's F1, and accuracy over all three. Labels are indices in model.LABELS."""
    out = {}
    for name, label in (("negative", 0), ("positive", 2)):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label != g for g, p in zip(gold, predicted))
        fn = sum(g == label != p for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        out[f"f1_{name}"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out["f1_pn"] = (out["f1_negative"] + out["f1_positive"]) / 2
    out["accuracy"] = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return out

