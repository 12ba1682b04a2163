"""English tone towards a target: positive, negative or neutral.

What the model sees of a target: spaCy's contextual token vectors (``doc.tensor``, 96 numbers a
token, from the same parse quotes use) averaged over the target's sentence, over the target,
over the word that governs it and over the three words on each side; the target's syntactic
role; and how much the words around it lean positive or negative in NewsMTSC train
(``tone_words.tsv``: each lemma's log-odds of a positive and of a negative target). Three small gradient-boosted tree models (one class against the rest, trained
on NewsMTSC train by ``make train``, ``train/tone_english.py``) give each class a probability,
and the likeliest class wins. ``score`` is P(positive) − P(negative).
"""
from __future__ import annotations

import functools
from importlib import resources

import numpy as np

from ...models.trees import shipped
from .. import data_table

CLASSES = ("negative", "neutral", "positive")
MODELS = {c: ("lang", "en", f"tone_{c}.json") for c in CLASSES}
DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj", "compound", "attr", "dative", "ROOT")
WINDOW = 3
WORDS = "tone_words.tsv"


@functools.cache
def word_record() -> dict[str, tuple[float, float]]:
    """lemma → (log-odds of a positive target, of a negative one) in sentences that hold it,
    learned from NewsMTSC train (``tone_words.tsv``)."""
    return {lemma: (float(pos), float(neg)) for lemma, (pos, neg) in data_table(__package__, WORDS).items()}


def word_features(tokens, record: dict) -> list[float]:
    """Sum and maximum of the words' positive and negative log-odds (``WORD_FEATURES``)."""
    values = [v for v in (record.get(t.lemma_.lower()) for t in tokens) if v is not None]
    if not values:
        return [0.0, 0.0, 0.0, 0.0]
    pos, neg = zip(*values)
    return [sum(pos), sum(neg), max(pos), max(neg)]


WORD_FEATURES = ("pos_sum", "neg_sum", "pos_max", "neg_max")
DIM = 96  # en_core_web_sm's token vectors
NAMES = tuple([f"{k}{i}" for k in "sthw" for i in range(DIM)]
              + ["dep", "negated", "position", "sentence_tokens", "quoted"]
              + [f"{part}_{w}" for part in ("sent", "near", "head") for w in WORD_FEATURES])


def vector(doc, start: int, end: int, record: dict | None = None) -> np.ndarray | None:
    """The features of the target at characters ``start:end`` of a parsed text, in ``NAMES``
    order (None where the span holds no token). ``record``: the word table (training passes its own)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tensor = doc.tensor
    sent = span.sent
    root = span.root
    head = root.head
    around = [i for i in range(max(sent.start, span.start - WINDOW), min(sent.end, span.end + WINDOW))
              if not span.start <= i < span.end]
    parts = [tensor[sent.start:sent.end].mean(0), tensor[span.start:span.end].mean(0), tensor[head.i],
             tensor[around].mean(0) if around else np.zeros(tensor.shape[1])]
    record = word_record() if record is None else record
    others = [t for t in sent if not span.start <= t.i < span.end]
    rest = [float(DEPS.index(root.dep_) if root.dep_ in DEPS else len(DEPS)),
            float(any(t.dep_ == "neg" for t in sent)), float(span.start - sent.start), float(len(sent)),
            float(any(t.text in "\"“”" for t in sent))]
    rest += word_features(others, record) + word_features([doc[i] for i in around], record)
    rest += word_features([head] + [c for c in head.children if c.i not in range(span.start, span.end)], record)
    return np.concatenate([*parts, np.array(rest)]).astype(np.float64)


def features(doc, start: int, end: int, record: dict | None = None) -> dict[str, float] | None:
    """``vector`` as a dict by feature name (what training writes rows of)."""
    v = vector(doc, start, end, record)
    return None if v is None else dict(zip(NAMES, v.tolist()))


def models():
    return {c: shipped(*path) for c, path in MODELS.items()}


def probabilities(doc, spans: list[tuple[int, int]]) -> list[np.ndarray | None]:
    """[P(negative), P(neutral), P(positive)] towards each span of a parsed text (None for a
    span with no token), normalised to sum to 1."""
    from ...errors import SetupError

    trained = models()
    if any(m is None for m in trained.values()):
        raise SetupError("the English tone model is not in the package (lang/en/tone_*.json); run `make train`")
    rows = [vector(doc, s, e) for s, e in spans]
    known = [r for r in rows if r is not None]
    if not known:
        return [None] * len(rows)
    x = np.stack(known)
    if any(m.features != NAMES for m in trained.values()):
        raise SetupError("the English tone model's features are not tone.NAMES; run `make train`")
    table = np.stack([1.0 / (1.0 + np.exp(-trained[c].raw_scores(x))) for c in CLASSES], axis=1)
    table /= table.sum(axis=1, keepdims=True)
    found = iter(table)
    return [next(found) if r is not None else None for r in rows]


def label(p: np.ndarray) -> tuple[str, float]:
    """The likeliest class of a row of probabilities, and P(positive) − P(negative)."""
    return CLASSES[int(p.argmax())], round(float(p[2] - p[0]), 3)


def rate(doc, spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """(tone, score) of each target span of a parsed text; a span with no token is neutral, 0."""
    return [label(p) if p is not None else ("neutral", 0.0) for p in probabilities(doc, spans)]


@functools.cache
def document_words() -> dict[str, int]:
    """lemma → +1 or −1: the hand-kept list of document tone (``tone_words.txt``)."""
    text = resources.files(__package__).joinpath("tone_words.txt").read_text(encoding="utf-8")
    return {line[1:].strip(): 1 if line[0] == "+" else -1 for line in text.splitlines()
            if line[:1] in "+-" and line[1:].strip()}


def document_tone(tokens) -> dict:
    """GDELT-style document tone of parsed tokens (docs/tone.md, "Document tone"): every token
    with a letter is a word; a word whose lemma is on the list is positive or negative."""
    from ...tone.document import tone_figures

    words = [t for t in tokens if any(ch.isalpha() for ch in t.text)]
    lexicon = document_words()
    polarities = [lexicon.get(t.lemma_.lower(), 0) for t in words]
    return tone_figures(polarities.count(1), polarities.count(-1), len(words))
