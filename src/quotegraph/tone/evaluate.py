"""Score the shipped tone model on RuSentNE validation (``make eval``).

    python -m quotegraph.tone.evaluate RUSENTNE_DIR

Prints RuSentNE's measure (macro F1 over positive and negative), each class's F1 and the
accuracy, for the model and for the majority baseline (everything neutral). Then a check of
document tone's word list: over the validation sentences with a positive entity and none
negative, and those with a negative one and none positive, the chance that a positive
sentence has a higher tone than a negative one (an AUC; 0.5 is chance).
"""
from __future__ import annotations

import argparse
import json
import pathlib

from .document import words_tone
from .model import LABELS, rated, tone_model
from .rusentne import Example, read, scores


def evaluate(rusentne: pathlib.Path) -> dict[str, dict[str, float]]:
    examples = read(rusentne / "validation_data_labeled.csv")
    gold = [e.label for e in examples]
    model = tone_model()
    predicted = [LABELS.index(rated(row, model.threshold)[0]) for row in model.probabilities([e.target for e in examples])]
    return {"model": scores(gold, predicted), "all neutral": scores(gold, [1] * len(gold)),
            "examples": {"n": len(gold)}, "document tone": word_list_auc(examples)}


def word_list_auc(examples: list[Example]) -> dict[str, float]:
    labels: dict[tuple, set[int]] = {}
    for e in examples:
        labels.setdefault(e.target.words, set()).add(e.label)
    tones = {side: [words_tone([w.text for w in words])["tone"] for words, seen in labels.items()
                    if label in seen and (2 - label) not in seen] for side, label in (("positive", 2), ("negative", 0))}
    pairs = [(p > n) + 0.5 * (p == n) for p in tones["positive"] for n in tones["negative"]]
    return {"auc": sum(pairs) / len(pairs) if pairs else 0.5, "positive_sentences": len(tones["positive"]),
            "negative_sentences": len(tones["negative"]),
            "mean_tone_positive": sum(tones["positive"]) / max(1, len(tones["positive"])),
            "mean_tone_negative": sum(tones["negative"]) / max(1, len(tones["negative"]))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rusentne", type=pathlib.Path)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    figures = evaluate(args.rusentne)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"RuSentNE validation, {figures['examples']['n']} targets")
    for name in ("model", "all neutral"):
        f = figures[name]
        print(f"{name:<12} f1_pn {f['f1_pn']:.3f}  f1_negative {f['f1_negative']:.3f}  "
              f"f1_positive {f['f1_positive']:.3f}  accuracy {f['accuracy']:.3f}")
    d = figures["document tone"]
    print(f"document tone word list: AUC {d['auc']:.3f} (positive {d['positive_sentences']} sentences, mean tone "
          f"{d['mean_tone_positive']:+.2f}; negative {d['negative_sentences']}, mean {d['mean_tone_negative']:+.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
