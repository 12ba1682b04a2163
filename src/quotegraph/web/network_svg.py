"""The speaker → target network drawn as plain SVG: a deterministic force layout computed here
(Fruchterman–Reingold with gravity, a fixed seed and a fixed number of steps), so the same
edges always give the same picture and the page needs no JavaScript."""
from __future__ import annotations

import functools
import math

import numpy as np

WIDTH, HEIGHT, MARGIN = 1000, 760, 70
STEPS = 300
LABEL_CHARS = 24
PULL = 0.3  # the springs' strength against repulsion: lower gives longer edges


@functools.lru_cache(maxsize=64)
def layout(n: int, edges: tuple[tuple[int, int, float], ...], seed: int = 7) -> tuple[tuple[float, float], ...]:
    """Positions in the unit square for ``n`` nodes joined by ``edges`` (i, j, weight)."""
    if n == 0:
        return ()
    if n == 1:
        return ((0.5, 0.5),)
    rng = np.random.default_rng(seed)
    angle = np.linspace(0, 2 * math.pi, n, endpoint=False)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.4 + rng.normal(0, 0.01, (n, 2))
    src = np.array([e[0] for e in edges], dtype=int)
    dst = np.array([e[1] for e in edges], dtype=int)
    weight = np.log1p(np.array([e[2] for e in edges], dtype=float))
    k = math.sqrt(1.0 / n) * 1.3
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for step in range(STEPS):
        temperature = 0.1 * (1 - step / STEPS) + 0.002
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        force = k * k / (dx * dx + dy * dy + 1e-9)  # repulsion k²/d along the unit vector
        np.fill_diagonal(force, 0.0)
        mx, my = (force * dx).sum(axis=1), (force * dy).sum(axis=1)
        if len(src):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) / k * (1 + weight) * PULL  # attraction d²/k along the edge
            mx -= np.bincount(src, pull * ex, n) - np.bincount(dst, pull * ex, n)
            my -= np.bincount(src, pull * ey, n) - np.bincount(dst, pull * ey, n)
        mx -= x * (0.6 / k)  # gravity keeps separate components near the middle
        my -= y * (0.6 / k)
        size = np.sqrt(mx * mx + my * my) + 1e-9
        step_size = np.minimum(size, temperature) / size
        x += mx * step_size
        y += my * step_size
    pos = np.stack([x, y], axis=1)
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    pos = (pos - low) / span
    return tuple((float(x), float(y)) for x, y in pos)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


def network_figure(edges: list[dict], identities: dict[int, dict]) -> dict:
    """What the template draws: nodes (circles with labels and links) and edges (lines with
    arrows), from ``queries.network`` rows and the identities they name."""
    index: dict[int, int] = {}
    for e in edges:
        for key in (e["speaker_id"], e["target_id"]):
            index.setdefault(key, len(index))
    ids = list(index)
    weight = {i: 0 for i in ids}
    speaks = set()
    for e in edges:
        weight[e["speaker_id"]] += e["quotes"]
        weight[e["target_id"]] += e["quotes"]
        speaks.add(e["speaker_id"])
    unit = layout(len(ids), tuple((index[e["speaker_id"]], index[e["target_id"]], float(e["quotes"])) for e in edges))
    nodes = []
    for i, key in enumerate(ids):
        info = identities.get(key, {})
        kind = info.get("type", "MISC")
        x = MARGIN + unit[i][0] * (WIDTH - 2 * MARGIN)
        y = MARGIN * 0.6 + unit[i][1] * (HEIGHT - 1.6 * MARGIN)
        name = info.get("name") or f"#{key}"
        page = "person" if key in speaks or kind == "PER" else "entity"
        nodes.append({"id": key, "x": round(x, 1), "y": round(y, 1), "r": round(min(22, 5 + 2.2 * math.sqrt(weight[key])), 1),
                      "type": kind, "speaker": key in speaks, "name": name, "label": _short(name),
                      "url": f"/{page}/{key}", "weight": weight[key]})
    by_id = {n["id"]: n for n in nodes}
    pull: dict[int, float] = {key: 0.0 for key in ids}  # where a node's edges go, up (<0) or down (>0)
    for e in edges:
        a, b = by_id[e["speaker_id"]], by_id[e["target_id"]]
        pull[a["id"]] += b["y"] - a["y"]
        pull[b["id"]] += a["y"] - b["y"]
    for n in nodes:  # the label goes on the side away from the node's edges
        n["label_y"] = round(n["y"] - n["r"] - 5 if pull[n["id"]] > 0 else n["y"] + n["r"] + 12, 1)
    top = max((e["quotes"] for e in edges), default=1)
    lines = []
    for e in edges:
        a, b = by_id[e["speaker_id"]], by_id[e["target_id"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        length = math.hypot(dx, dy) or 1.0
        cut_a, cut_b = a["r"] / length, (b["r"] + 3) / length
        if cut_a + cut_b >= 1:
            continue
        lines.append({"x1": round(a["x"] + dx * cut_a, 1), "y1": round(a["y"] + dy * cut_a, 1),
                      "x2": round(b["x"] - dx * cut_b, 1), "y2": round(b["y"] - dy * cut_b, 1),
                      "width": round(1 + 4 * e["quotes"] / top, 1),
                      "title": f"{a['name']} → {b['name']}: {e['quotes']} quote{'s' if e['quotes'] != 1 else ''}"})
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes, "edges": lines}
