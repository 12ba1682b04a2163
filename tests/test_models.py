"""The small learned models: the numpy evaluator of gradient-boosted trees, the shipped speaker
model, and how the learned decisions use them (stages/decide.py)."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pytest

from quotegraph.models.trees import from_json, from_lightgbm
from quotegraph.stages.decide import kept

# one LightGBM-style tree on feature "x": x <= 0.5 → -1.0, else +1.0; a missing x goes where the
# missing type sends it (None: as 0; Zero: 0 and NaN to the default side; NaN: NaN to it)
def tree(missing_type: str, default_left: bool) -> dict:
    dump = {"feature_names": ["x"], "tree_info": [{"tree_structure": {
        "split_feature": 0, "threshold": 0.5, "decision_type": "<=", "default_left": default_left,
        "missing_type": missing_type, "left_child": {"leaf_value": -1.0}, "right_child": {"leaf_value": 1.0}}}]}
    return from_lightgbm(dump, threshold=0.0, meta={})


@pytest.mark.parametrize("missing_type, default_left, x, score", [
    ("None", False, 0.2, -1.0), ("None", False, 0.9, 1.0), ("None", False, math.nan, -1.0),  # NaN as 0 → left
    ("NaN", False, math.nan, 1.0), ("NaN", True, math.nan, -1.0), ("NaN", False, 0.0, -1.0),
    ("Zero", False, 0.0, 1.0), ("Zero", True, math.nan, -1.0), ("Zero", False, 0.7, 1.0),
])
def test_models_trees_follow_lightgbm_missing_values(missing_type, default_left, x, score):
    model = from_json(tree(missing_type, default_left))
    assert model.raw_scores(np.array([[x]])).tolist() == [score]


def test_models_trees_sum_every_tree_and_take_rows_as_dicts():
    data = tree("None", False)
    data2 = json.loads(json.dumps(data))
    both = {**data, "roots": data["roots"] + [r + len(data["feature"]) for r in data2["roots"]]}
    for key in ("feature", "threshold", "default_left", "missing", "value"):
        both[key] = data[key] + data2[key]
    for key in ("left", "right"):
        both[key] = data[key] + [i + len(data["feature"]) for i in data2[key]]
    model = from_json(both)
    assert model.raw_scores(model.matrix([{"x": 0.0}, {"x": 1.0}, {}])).tolist() == [-2.0, 2.0, -2.0]


def shipped(name: str) -> dict:
    return json.loads((resources.files("quotegraph") / "lang" / "ru" / name).read_text(encoding="utf-8"))


def test_models_shipped_speaker_model_scores_its_check_rows_as_lightgbm_did():
    data = shipped("speakers.json")
    model = from_json(data)
    rows = np.array([[math.nan if v is None else v for v in row] for row in data["check"]["rows"]])
    assert np.allclose(model.raw_scores(rows), data["check"]["raw_scores"], atol=1e-9)


def test_models_shipped_speaker_model_says_what_it_learned_from_and_is_small():
    data = shipped("speakers.json")
    assert data["format"] == "quotegraph-trees-1"
    assert data["meta"]["trained_on"] == ["nerel-train.jsonl", "factru-dev.jsonl"]
    assert data["meta"]["documents"] >= 150
    assert 0 < data["meta"]["cv"]["end_to_end_f1_lenient"] <= 1
    assert data["meta"]["objective"] == "lambdarank"  # ranks each quote's candidates
    assert len(json.dumps(data)) < 500_000


@dataclass
class FakeQuote:
    rule: str
    features: dict = field(default_factory=dict)


@pytest.mark.parametrize("rule, x, stays", [
    ("that_clause", 0.0, True),  # a sure pattern stays whatever the model says
    ("speech_like", 0.0, False),  # an unsure one goes when its probability is under the threshold
    ("speech_like", 1.0, True),
    ("trailing_cue", 0.0, False),
])
def test_models_the_quote_model_decides_only_unsure_patterns(rule, x, stays):
    model = from_json({**tree("None", False), "threshold_score": 0.5})  # p 0.27 for x <= 0.5, 0.73 above
    q = FakeQuote(rule, {"x": x})
    assert (kept([q], model) == [q]) is stays


@pytest.mark.parametrize("loaded", ["quotegraph.tone.model:tone_model", "quotegraph.nlp:syntax_parser",
                                    "quotegraph.nlp:models", "quotegraph.nlp:_tag_table"])
def test_models_russian_preload_loads_them_before_the_first_article(loaded):
    """ingest's workers fork after ``preload`` and an article's clock starts after it: nothing
    the analysis needs may load on the first article. In a fresh process: this one may hold them."""
    import subprocess
    import sys

    module, name = loaded.split(":")
    probe = (f"import {module} as m; from quotegraph.lang import language; "
             f"before = m.{name}.cache_info().currsize; language('ru').preload(); "
             f"print(before, m.{name}.cache_info().currsize)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert run.stdout.split() == ["0", "1"], run.stderr[-500:]
