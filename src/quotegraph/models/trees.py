"""Gradient-boosted trees, trained with LightGBM by ``make train`` and run here in numpy.

A model file is JSON: the feature names, the trees flattened into node arrays, the decision
threshold chosen by cross-validation, and a few rows with the scores LightGBM gave them, so a
test can check that this evaluator gives the same scores without LightGBM installed.

All trees are walked at once: for R rows and T trees, each step moves an (R, T) array of node
indices one level down; a leaf points to itself. A step is a handful of numpy operations, so a
document's candidates are scored in well under a millisecond.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib.resources import files

import numpy as np

MISSING_NONE, MISSING_ZERO, MISSING_NAN = 0, 1, 2


@dataclass(frozen=True, eq=False)
class Trees:
    features: tuple[str, ...]
    roots: np.ndarray  # (T,) node index of each tree's root
    feature: np.ndarray  # (N,) feature index of each node (0 for leaves)
    threshold: np.ndarray  # (N,) go left when x <= threshold (inf for leaves)
    left: np.ndarray  # (N,) node index; a leaf points to itself
    right: np.ndarray
    default_left: np.ndarray  # (N,) bool: where a missing value goes
    missing: np.ndarray  # (N,) MISSING_NONE | MISSING_ZERO | MISSING_NAN
    value: np.ndarray  # (N,) leaf values (0 for inner nodes)
    depth: int
    threshold_score: float  # the decision threshold on the summed score
    meta: dict

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Feature dicts as a matrix in the model's feature order (missing names are NaN)."""
        try:
            values = [self._getter(row) for row in rows]  # every name present: the fast path
        except KeyError:
            values = [[row.get(name, math.nan) for name in self.features] for row in rows]
        return np.array(values, dtype=np.float64).reshape(len(rows), len(self.features))

    @functools.cached_property
    def _getter(self):
        import operator
        return operator.itemgetter(*self.features) if len(self.features) > 1 else (lambda row: [row[self.features[0]]])

    def raw_scores(self, x: np.ndarray) -> np.ndarray:
        """The summed leaf values (LightGBM's raw score) of each row of ``x``."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            values = x[rows, self.feature[node]]
            nan = np.isnan(values)
            kind = self.missing[node]
            to_default = (nan & (kind != MISSING_NONE)) | ((kind == MISSING_ZERO) & (values == 0))
            values = np.where(nan, 0.0, values)  # missing type None: a missing value is 0
            go_left = np.where(to_default, self.default_left[node], values <= self.threshold[node])
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=1)

    def scores(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Probabilities (binary objective) of feature dicts."""
        return 1.0 / (1.0 + np.exp(-self.raw_scores(self.matrix(rows))))


def from_lightgbm(dump: dict, threshold: float, meta: dict) -> dict:
    """A LightGBM ``Booster.dump_model()`` as this module's JSON (a plain dict)."""
    feature, thresh, left, right, default_left, missing, value, roots = [], [], [], [], [], [], [], []
    depth = 0

    def add(node: dict, level: int) -> int:
        nonlocal depth
        i = len(feature)
        for arr, v in ((feature, 0), (thresh, math.inf), (left, i), (right, i), (default_left, True),
                       (missing, MISSING_NONE), (value, 0.0)):
            arr.append(v)
        if "leaf_value" in node:
            value[i] = node["leaf_value"]
            depth = max(depth, level)
            return i
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')!r}: numerical splits only")
        feature[i], thresh[i] = node["split_feature"], float(node["threshold"])
        default_left[i] = bool(node.get("default_left", True))
        missing[i] = {"None": MISSING_NONE, "Zero": MISSING_ZERO, "NaN": MISSING_NAN}[node.get("missing_type", "None")]
        left[i] = add(node["left_child"], level + 1)
        right[i] = add(node["right_child"], level + 1)
        return i

    for tree in dump["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    return {"format": "quotegraph-trees-1", "features": dump["feature_names"], "roots": roots, "feature": feature,
            "threshold": [t if math.isfinite(t) else 1e308 for t in thresh], "left": left, "right": right,
            "default_left": default_left, "missing": missing, "value": value, "depth": depth,
            "threshold_score": threshold, "meta": meta}


def from_json(data: dict) -> Trees:
    return Trees(tuple(data["features"]), np.array(data["roots"], dtype=np.int64),
                 np.array(data["feature"], dtype=np.int64), np.array(data["threshold"], dtype=np.float64),
                 np.array(data["left"], dtype=np.int64), np.array(data["right"], dtype=np.int64),
                 np.array(data["default_left"], dtype=bool), np.array(data["missing"], dtype=np.int8),
                 np.array(data["value"], dtype=np.float64), int(data["depth"]), float(data["threshold_score"]),
                 data.get("meta", {}))


@functools.cache
def shipped(*path: str) -> Trees | None:
    """A model shipped in the package (``shipped("lang", "ru", "speakers.json")``), loaded once;
    None if the file is absent."""
    path = files("quotegraph").joinpath(*path)
    if not path.is_file():
        return None
    return from_json(json.loads(path.read_text(encoding="utf-8")))
