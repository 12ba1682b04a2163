"""What the tone model sees of one target: its sentence's words, where the target is, its type.

Training (``quotegraph.train.tone``, on RuSentNE) and inference (``tone.model``) both build
their inputs here, so the two can never drift apart. Two views of a target:

- the *sequence* view (``sequence``): every word of the sentence with its navec word, POS,
  distance to the target and syntactic relation to it, for the recurrent network;
- the *bag* view (``bag``): lemmas of the sentence, of the words near the target and of its
  syntactic neighbours, as feature strings for the linear part.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ..lexicon import lemma
from ..nlp import Sentence

# RuSentNE's entity types; quotegraph's PER, ORG and LOC map onto the first three
TAGS = ("PERSON", "ORGANIZATION", "COUNTRY", "PROFESSION", "NATIONALITY")
TAG_OF_TYPE = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "COUNTRY"}
POS = ("PAD", "NOUN", "VERB", "ADJ", "ADV", "PROPN", "PUNCT", "ADP", "PRON", "DET", "CCONJ",
       "SCONJ", "PART", "NUM", "AUX", "X", "INTJ", "SYM")
MAX_DISTANCE = 10  # words further from the target share one distance id
# a word's relation to the target: 1 in it, 2 its syntactic head, 3 a sibling, 4 its child, 5 other
IN_TARGET, HEAD, SIBLING, CHILD, OTHER = 1, 2, 3, 4, 5
NEAR, CLOSE = 6, 3  # words this near the target give "near" features; this near, "left"/"right"


@dataclass(frozen=True)
class Word:
    text: str
    pos: str
    lemma: str
    head: int  # index of its syntactic head in the sentence; -1 for the root
    rel: str


@dataclass(frozen=True)
class Target:
    """A mention to rate: its sentence's words, its first and last word (inclusive), its tag."""
    words: tuple[Word, ...]
    first: int
    last: int
    tag: str


def sentence_words(sentence: Sentence, tree: list[tuple[int, str]]) -> tuple[Word, ...]:
    """The words of a sentence and its syntax tree (``nlp.parse_syntax``), as the model sees them."""
    return tuple(Word(t.text, t.pos, lemma(t.text), head, rel) for t, (head, rel) in zip(sentence.tokens, tree))


def target_root(target: Target) -> int:
    """The target's word whose head lies outside it (its syntactic root)."""
    inside = range(target.first, target.last + 1)
    return next((i for i in inside if target.words[i].head not in inside), target.last)


def relations(target: Target) -> list[int]:
    words, inside = target.words, range(target.first, target.last + 1)
    head = words[target_root(target)].head
    out = []
    for i, w in enumerate(words):
        if i in inside:
            out.append(IN_TARGET)
        elif i == head:
            out.append(HEAD)
        elif head >= 0 and w.head == head:
            out.append(SIBLING)
        elif w.head in inside:
            out.append(CHILD)
        else:
            out.append(OTHER)
    return out


def distances(target: Target) -> list[int]:
    """Distance ids: 0 is padding, MAX_DISTANCE + 1 the target itself."""
    out = []
    for i in range(len(target.words)):
        d = 0 if target.first <= i <= target.last else \
            max(-MAX_DISTANCE, i - target.first) if i < target.first else min(MAX_DISTANCE, i - target.last)
        out.append(d + MAX_DISTANCE + 1)
    return out


def sequence(target: Target) -> tuple[list[str], list[int], list[int], list[int], int]:
    """The sequence view: lowercase words (looked up in navec), POS ids, distance ids,
    relation ids, and the tag id."""
    pos = [POS.index(w.pos) if w.pos in POS else POS.index("X") for w in target.words]
    return ([w.text.lower() for w in target.words], pos, distances(target), relations(target),
            TAGS.index(target.tag))


@functools.cache
def stopwords() -> frozenset[str]:
    path = resources.files("quotegraph") / "lang" / "ru" / "tone_stopwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def bag(target: Target) -> list[str]:
    """The bag view: feature strings of the target's type, its own lemmas, the sentence's
    content lemmas (``w=``), those near it (``n=``, and ``L=``/``R=`` for the closest), and
    its syntactic neighbours: head (``h=``, ``hr=`` with the relation), the head's head
    (``hh=``), siblings (``sib=``, ``sibr=``) and children (``ch=``)."""
    words, a, b = target.words, target.first, target.last
    inside = range(a, b + 1)
    feats = {"tag=" + target.tag}
    feats.update("ent=" + words[i].lemma for i in inside)
    skip = stopwords()
    for i, w in enumerate(words):
        if i in inside or w.pos == "PUNCT" or w.lemma in skip:
            continue
        feats.add("w=" + w.lemma)
        d = i - b if i > b else a - i
        if d <= CLOSE:
            feats.add(("L=" if i < a else "R=") + w.lemma)
        if d <= NEAR:
            feats.add("n=" + w.lemma)
    root = target_root(target)
    head = words[root].head
    feats.add("rel=" + words[root].rel)
    if head >= 0:
        feats.add("h=" + words[head].lemma)
        feats.add("hr=" + words[head].lemma + "/" + words[root].rel)
        for j, w in enumerate(words):
            if w.head == head and j != root and j not in inside:
                feats.add("sib=" + w.lemma)
                feats.add("sibr=" + w.rel + "/" + w.lemma)
        if words[head].head >= 0:
            feats.add("hh=" + words[words[head].head].lemma)
    feats.update("ch=" + w.lemma for j, w in enumerate(words) if w.head in inside and j not in inside)
    feats.update(tone_word_features(target, root, head))
    return sorted(feats)


def tone_word_features(target: Target, root: int, head: int) -> set[str]:
    """Where the hand-kept tone words (``lang/ru/tone_words.txt``) stand from the target:
    ``lex<where><sign>`` for each, where is ``sent`` (anywhere in the sentence), ``near``,
    ``head`` (the target's head, its other dependents, and its own dependents) or ``up``
    (the head's head). They let the model generalise from the words it saw in training to
    the praise and blame words it did not."""
    from .document import tone_words

    words, inside = target.words, range(target.first, target.last + 1)
    lexicon = tone_words()
    up = words[head].head if head >= 0 else -1
    out = set()
    for i, w in enumerate(words):
        sign = lexicon.get(w.lemma)
        if i in inside or not sign:
            continue
        mark = "+" if sign > 0 else "-"
        out.add("lexsent" + mark)
        if abs(i - (target.first if i < target.first else target.last)) <= NEAR:
            out.add("lexnear" + mark)
        if i == head or (head >= 0 and w.head == head) or w.head in inside:
            out.add("lexhead" + mark)
        if i == up or (up >= 0 and w.head == up):
            out.add("lexup" + mark)
    return out
