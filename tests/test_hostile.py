"""Hostile articles (issue 16): doubling an adversarial input at most about doubles the work.

Work is counted, not timed: the number of Python and C function calls one analysis makes
(cProfile's count), which is the same on a fast machine and a noisy one. A step that is
quadratic in the marks, quotes, cues or names of an article makes the count grow ~4x; near-linear
steps ~2x. Sizes are small enough for CI and large enough that a quadratic step shows.
Time and memory at 300,000 characters are measured by ``bench/hostile.py`` (``make bench``).
"""
from __future__ import annotations

import cProfile
import pstats

import pytest

from hostile import FAMILIES, lang_of, sized
from quotegraph.model import Article
from quotegraph.pipeline import Pipeline

SMALL = 3_000  # characters; the larger input is twice this
GROWTH = 2.4  # at most: near-linear work doubles, with room for n log n sorts and bisections


def calls(pipeline: Pipeline, text: str, lang: str) -> int:
    profiler = cProfile.Profile()
    profiler.runcall(pipeline, Article(id="hostile", text=text, lang=lang))
    return pstats.Stats(profiler).total_calls


@pytest.fixture(scope="module")
def pipeline():
    pipe = Pipeline()
    for lang, text in (("ru", "Иван Петров сказал: «Мы готовы»."), ("en", 'Jane Doe said: "We are ready."')):
        pipe(Article(id="warm", text=text, lang=lang))  # models and caches loaded before counting
    return pipe


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_hostile_doubling_the_input_about_doubles_the_work(family, pipeline):
    lang = lang_of(family)
    small, large = sized(family, SMALL), sized(family, 2 * SMALL)
    calls(pipeline, small, lang)  # per-word caches filled, as in a batch
    ratio = calls(pipeline, large, lang) / calls(pipeline, small, lang) * len(small) / len(large) * 2
    assert ratio <= GROWTH, f"{family}: work grew {ratio:.2f}x when the input doubled"


@pytest.mark.parametrize("family, limit", [("deep nesting", "quote_depth"), ("cues", "cues_per_sentence"),
                                           ("English quotes in one sentence", "cues_per_sentence")])
def test_hostile_a_bound_that_leaves_something_out_says_so_in_the_record(family, limit, pipeline):
    record = pipeline(Article(id="hostile", text=sized(family, 20_000), lang=lang_of(family)))
    assert record["pipeline"]["limits"][limit] > 0


@pytest.mark.parametrize("text", ["Иван Петров сказал: «Мы готовы». «Всё «идёт» по плану», — добавил он."])
def test_hostile_ordinary_text_hits_no_bound(text, pipeline):
    assert "limits" not in pipeline(Article(id="ordinary", text=text, lang="ru"))["pipeline"]


@pytest.mark.parametrize("family, limit", [("deep nesting", "quote_depth")])
def test_hostile_the_store_keeps_what_a_bound_left_out(family, limit, tmp_path):
    import sqlite3

    from quotegraph.ingest import ingest

    (tmp_path / "hostile.txt").write_text(sized(family, 8_000), encoding="utf-8")
    ingest([str(tmp_path / "hostile.txt")], tmp_path / "c.db", workers=1, progress=False)
    with sqlite3.connect(tmp_path / "c.db") as conn:
        [(left_out,)] = conn.execute(f"SELECT json_extract(record, '$.pipeline.limits.{limit}') FROM articles").fetchall()
    assert left_out > 0
