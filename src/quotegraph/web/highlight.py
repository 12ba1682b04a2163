"""An article's text with its quotes, speakers, cues, entities and dates marked up, the way
displaCy shows entities: ``highlight(article)`` → HTML.

Spans come from the store as half-open character offsets into the text. They are put into one
tree: a span is a child of the innermost span that contains it. A span that crosses the edge of
another is cut at that edge, and the less important of the two is the one cut (a quote is never
cut for an entity mention), so the HTML always nests properly and no character is lost or
doubled. Every piece of text is escaped; labels and links are empty elements whose text comes
from CSS (``content: attr(data-label)``), so the text content of the output is the article's
text exactly.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# Importance when spans cross: the lower rank stays whole and the other is cut.
RANK = {"quote": 0, "cue": 1, "speaker": 2, "ent": 3, "date": 4}


@dataclass
class Span:
    start: int
    end: int
    kind: str  # quote | cue | speaker | ent | date
    attrs: dict = field(default_factory=dict)


@dataclass
class _Node:
    span: Span
    start: int  # this piece of the span (a span cut in pieces has one node per piece)
    end: int
    children: list[_Node] = field(default_factory=list)

    @property
    def head(self) -> bool:
        return self.start == self.span.start

    @property
    def tail(self) -> bool:
        return self.end == self.span.end


# --- spans from an article ------------------------------------------------------------------

def article_spans(article: dict) -> list[Span]:
    """The spans of an article dict from ``store.browse.article``: quotes, their cues and
    speaker mentions, entity mentions and dates."""
    spans: list[Span] = []
    by_idx = {q["idx"]: q for q in article.get("quotes", [])}
    for q in article.get("quotes", []):
        depth, parent = 0, q.get("parent")
        while parent is not None and parent in by_idx and depth < 20:
            depth, parent = depth + 1, by_idx[parent].get("parent")
        spans.append(Span(q["start"], q["end"], "quote", {**q, "depth": depth}))
        if q.get("cue_start") is not None and q.get("cue_end") is not None:
            spans.append(Span(q["cue_start"], q["cue_end"], "cue", {"quotes": [q["quote_id"]], "cue": q.get("cue")}))
        if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            spans.append(Span(q["speaker_start"], q["speaker_end"], "speaker",
                              {"quotes": [q["quote_id"]], "speaker": q.get("speaker"),
                               "speaker_id": q.get("speaker_id")}))
    for e in article.get("entities", []):
        for m in e.get("mentions", []):
            spans.append(Span(m["start"], m["end"], "ent",
                              {"type": e["type"], "name": e.get("identity_name") or e["name"],
                               "identity_id": e.get("identity_id"), "mention": m.get("kind", "name")}))
    for d in article.get("dates", []):
        spans.append(Span(d["start"], d["end"], "date", {"value": d.get("value")}))
    return spans


def _merged(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans clipped to the text, empty ones dropped, and a cue or speaker shared by several
    quotes kept once."""
    out: list[Span] = []
    shared: dict[tuple, Span] = {}
    for s in spans:
        start, end = max(0, s.start), min(length, s.end)
        if start >= end:
            continue
        if (start, end) != (s.start, s.end):
            s = Span(start, end, s.kind, s.attrs)
        if s.kind in ("cue", "speaker"):
            key = (s.kind, start, end)
            if key in shared:
                shared[key].attrs["quotes"] = shared[key].attrs["quotes"] + s.attrs.get("quotes", [])
                continue
            s = Span(start, end, s.kind, dict(s.attrs))
            shared[key] = s
        elif s.kind in ("ent", "date"):
            key = (s.kind, start, end, s.attrs.get("name"), s.attrs.get("type"))
            if key in shared:
                continue
            shared[key] = s
        out.append(s)
    return out


# --- the tree -----------------------------------------------------------------------------

def _insert(children: list[_Node], span: Span, start: int, end: int) -> None:
    """Put the piece [start, end) of ``span`` among sorted, disjoint ``children`` (the nodes of
    one level): inside a child that contains it, cut where it crosses a child's edge, or around
    the children it contains."""
    lo = bisect.bisect_right(children, start, key=lambda n: n.end)  # first child ending after start
    hi = bisect.bisect_left(children, end, lo=lo, key=lambda n: n.start)  # first child starting at/after end
    if lo < hi:
        first, last = children[lo], children[hi - 1]
        if first.start <= start and end <= first.end:  # inside one child (or the same extent)
            _insert(first.children, span, start, end)
            return
        if first.start < start:  # crosses the left child's end: that part goes inside it
            _insert(first.children, span, start, first.end)
            start, lo = first.end, lo + 1
        if lo < hi and last.end > end:  # crosses the right child's start
            _insert(last.children, span, last.start, end)
            end, hi = last.start, hi - 1
    if start < end:
        node = _Node(span, start, end, children[lo:hi])
        children[lo:hi] = [node]


def build_tree(spans: Iterable[Span], length: int) -> list[_Node]:
    """The top-level nodes of the span tree over a text of ``length`` characters."""
    roots: list[_Node] = []
    order = sorted(_merged(spans, length), key=lambda s: (RANK.get(s.kind, 9), s.start, -s.end))
    for s in order:
        _insert(roots, s, s.start, s.end)
    return roots


# --- HTML -----------------------------------------------------------------------------------

def _classes(*names: str | None) -> str:
    return " ".join(n for n in names if n)


def _open(node: _Node) -> str:
    s, a = node.span, node.span.attrs
    piece = None if node.head and node.tail else ("head" if node.head else "cont")
    if s.kind == "quote":
        cls = _classes("quote", f"quote-{a.get('kind', 'direct')}", "nested" if a.get("depth") else None,
                       f"depth-{min(a.get('depth', 0), 4)}", piece)
        who = a.get("speaker") or "unknown speaker"
        tip = f"{a.get('kind', '')} quote · {who}" + (f" · confidence {a['confidence']}" if a.get("confidence") else "")
        html = f'<span class="{cls}"'
        if node.head:
            html += f' id="q{int(a["quote_id"])}"' if a.get("quote_id") is not None else ""
        html += f' title="{escape(tip)}">'
        if node.head:
            label = escape(f"{who} · {a.get('kind', '')}")
            if a.get("speaker_id") is not None:
                html += (f'<a class="who" href="/person/{int(a["speaker_id"])}" data-label="{label}"'
                         f' aria-label="{label}"></a>')
            else:
                html += f'<span class="who unlinked" data-label="{label}"></span>'
        return html
    if s.kind == "cue":
        return f'<span class="{_classes("cue", piece)}" title="{escape("cue: " + (a.get("cue") or ""))}">'
    if s.kind == "speaker":
        return (f'<span class="{_classes("speaker", piece)}"'
                f' title="{escape("speaker: " + (a.get("speaker") or ""))}">')
    if s.kind == "ent":
        cls = _classes("ent", f"ent-{a.get('type', 'MISC')}", f"m-{a.get('mention', 'name')}", piece)
        return f'<mark class="{cls}" title="{escape(a.get("name") or "")}">'
    if s.kind == "date":
        return f'<mark class="{_classes("ent", "ent-DATE", piece)}" title="{escape(a.get("value") or "")}">'
    return "<span>"


def _close(node: _Node) -> str:
    s, a = node.span, node.span.attrs
    if s.kind == "ent":
        label = ""
        if node.tail:
            t = escape(a.get("type", ""))
            name = escape(a.get("name") or "")
            if a.get("identity_id") is not None:
                page = "person" if a.get("type") == "PER" else "entity"
                label = (f'<a class="ent-label" href="/{page}/{int(a["identity_id"])}" data-label="{t}"'
                         f' aria-label="{name} ({t})"></a>')
            else:
                label = f'<span class="ent-label" data-label="{t}"></span>'
        return label + "</mark>"
    if s.kind == "date":
        return ('<span class="ent-label" data-label="DATE"></span>' if node.tail else "") + "</mark>"
    return "</span>"


def render_tree(text: str, roots: list[_Node]) -> str:
    out: list[str] = []

    def walk(nodes: list[_Node], start: int, end: int) -> None:
        pos = start
        for n in nodes:
            if n.start > pos:
                out.append(str(escape(text[pos:n.start])))
            out.append(_open(n))
            walk(n.children, n.start, n.end)
            out.append(_close(n))
            pos = n.end
        if end > pos:
            out.append(str(escape(text[pos:end])))

    walk(roots, 0, len(text))
    return "".join(out)


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as HTML with ``spans`` marked up; its text content is ``text`` exactly."""
    return Markup(render_tree(text, build_tree(spans, len(text))))


def highlight_article(article: dict) -> Markup:
    return highlight(article["text"], article_spans(article))
