"""The merge rule's thresholds and word lists, read once from ``lang/ru/identity.txt``."""
from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from importlib import resources


@dataclass(frozen=True)
class Rules:
    surname_evidence_min: float
    evidence_min: float
    evidence_ratio: float
    dominance_share: float
    dominance_ratio: float
    max_candidates: int
    first_evidence_min: float
    first_evidence_ratio: float
    max_first_candidates: int
    apart_evidence_min: float
    particles: frozenset[str]


def parse_rules(lines) -> Rules:
    values: dict[str, str] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"identity.txt: '{line}' is not 'name = value'")
            values[key.strip()] = value.strip()
    out = {}
    for f in fields(Rules):
        if f.name not in values:
            raise ValueError(f"identity.txt: '{f.name}' is missing; add a '{f.name} = ...' line")
        raw = values[f.name]
        out[f.name] = frozenset(raw.split()) if f.type == "frozenset[str]" else \
            int(raw) if f.type == "int" else float(raw)
    return Rules(**out)


@functools.cache
def rules() -> Rules:
    path = resources.files("quotegraph") / "lang" / "ru" / "identity.txt"
    with path.open(encoding="utf-8") as f:
        return parse_rules(f)
