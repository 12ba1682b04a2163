"""Document tone in the manner of GDELT's V1.5 tone: shares of tone words in an article.

Every word of the article's body (a token with a letter in it) counts once; a word whose
lemma is in ``lang/ru/tone_words.txt`` counts as positive or negative. The figures are
percentages of all words, as GDELT gives them:

- ``positive``, ``negative``: the shares of positive and negative words;
- ``tone``: positive minus negative, from -100 (all negative) to +100;
- ``polarity``: positive plus negative, how charged the text is whatever the side;
- ``words``, ``positive_words``, ``negative_words``: the counts behind them.
"""
from __future__ import annotations

import functools
from importlib import resources

from ..lexicon import lemma
from ..nlp import Sentence


@functools.cache
def tone_words() -> dict[str, int]:
    """lemma → +1 or -1."""
    path = resources.files("quotegraph") / "lang" / "ru" / "tone_words.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line[:1] in "+-" and line[1:].strip():
            out[line[1:].strip()] = 1 if line[0] == "+" else -1
    return out


def document_tone(sentences: list[Sentence]) -> dict:
    return words_tone([t.text for s in sentences for t in s.tokens])


@functools.cache
def _starts() -> frozenset[str]:
    """The first letters of every form of every tone word («лучше» of «хороший» too): a
    word that starts otherwise cannot be one, so it need not be lemmatised (most words)."""
    from ..nlp import parse_word

    forms = {f.word for w in tone_words() for p in parse_word(w)[:1] for f in p.lexeme}
    return frozenset(f[:PREFIX].replace("ё", "е") for f in forms | set(tone_words()))


PREFIX = 3


def words_tone(tokens: list[str]) -> dict:
    """The tone figures of a run of tokens (those with a letter in them are the words)."""
    words = [w for w in tokens if any(map(str.isalpha, w))]
    lexicon, starts = tone_words(), _starts()
    polarities = [lexicon.get(lemma(w), 0) if w[:PREFIX].lower().replace("ё", "е") in starts else 0
                  for w in words]
    return tone_figures(polarities.count(1), polarities.count(-1), len(words))


def tone_figures(pos: int, neg: int, n: int) -> dict:
    """The tone figures of ``n`` words of which ``pos`` are positive and ``neg`` negative."""
    positive = 100 * pos / n if n else 0.0
    negative = 100 * neg / n if n else 0.0
    return {"tone": round(positive - negative, 3), "positive": round(positive, 3), "negative": round(negative, 3),
            "polarity": round(positive + negative, 3), "words": n, "positive_words": pos, "negative_words": neg}
