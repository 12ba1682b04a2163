"""``quotegraph tone``: rate the tone towards targets the user gives, in either language.

Input lines are ``{"id", "text", "lang"?, "targets": [{"start", "end", "type"?}]}`` (``type``:
PER, ORG or LOC, where the user knows it); each line is written back with every target's
``tone`` (positive, negative, neutral) and ``score`` (P(positive) − P(negative)). The language
is the line's ``lang``, else detected, as for articles. A bad line is a one-line error naming
the file and line, and the rest go on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article

MAX_TARGETS = 1000  # per line


def rated_lines(path: str, lines) -> Iterator[dict | InputError]:
    """Each line of a tone input, rated, or the InputError that says what is wrong with it."""
    from ..lang import language
    from ..language import with_language

    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip():
            continue
        try:
            item = parse(line, where)
            article = with_language(Article(id=str(item.get("id", n)), text=item["text"], lang=item.get("lang"),
                                            origin=where))
            spans = [(t["start"], t["end"]) for t in item["targets"]]
            types = [t.get("type") for t in item["targets"]]
            rated = language(article.lang).rate(article.text, spans, types)
        except InputError as exc:
            yield exc
            continue
        targets = [{**t, "tone": tone, "score": score} for t, (tone, score) in zip(item["targets"], rated)]
        yield {**item, "lang": article.lang, "targets": targets}


def parse(line: str, where: str) -> dict:
    fix = 'give {"id", "text", "targets": [{"start", "end"}]} on each line'
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON ({exc.msg})", fix) from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InputError(where, "not a JSON object with a text", fix)
    targets = item.get("targets")
    if not isinstance(targets, list) or len(targets) > MAX_TARGETS:
        raise InputError(where, f"targets is not a list of at most {MAX_TARGETS}", fix)
    for t in targets:
        ok = isinstance(t, dict) and all(isinstance(t.get(k), int) and not isinstance(t.get(k), bool) for k in ("start", "end"))
        if not ok or not 0 <= t["start"] < t["end"] <= len(item["text"]):
            raise InputError(where, f"target {json.dumps(t, ensure_ascii=False)[:80]} is not a span of the text",
                             "give start < end, character offsets into text")
    return item


def rate_russian(text: str, spans: list[tuple[int, int]], types: list[str | None]) -> list[tuple[str, float]]:
    """(tone, score) of each span of a Russian text, by the shipped tone model."""
    from ..nlp import analyze_text, parse_syntax
    from .features import TAG_OF_TYPE, TAGS, Target, sentence_words
    from .model import rated, tone_model

    sentences, ner = analyze_text(text)
    found = []  # (sentence index, first token, last token, tag) of each span, or None
    for (s, e), given in zip(spans, types):
        i = next((k for k, sent in enumerate(sentences) if sent.start < e and sent.end > s), None)
        inside = [k for k, t in enumerate(sentences[i].tokens) if t.start < e and t.end > s] if i is not None else []
        entity = next((n.type for n in ner if n.start < e and n.end > s), None)
        tag = given if given in TAGS else TAG_OF_TYPE.get(given or entity or "PER", "PERSON")
        found.append((i, inside[0], inside[-1], tag) if inside else None)
    needed = sorted({f[0] for f in found if f is not None})
    trees = dict(zip(needed, parse_syntax([sentences[i] for i in needed]))) if needed else {}
    targets = [Target(sentence_words(sentences[f[0]], trees[f[0]]), f[1], f[2], f[3]) for f in found if f is not None]
    model = tone_model()
    probabilities = iter(model.probabilities(targets)) if targets else iter(())
    return [rated(next(probabilities), model.threshold) if f is not None else ("neutral", 0.0) for f in found]
