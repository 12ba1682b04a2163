"""Quotation marks in Russian news text: which mark opens, which closes, what nests in what.

``find_quoted_spans(text, start, end)`` scans ``text[start:end]`` (Python slice semantics,
offsets into ``text``; the slice edges count as the start and end of the text) and returns
the quoted spans, sorted by the opening mark, properly nested. It never raises and runs in
linear time: one regex pass over the marks, a stack with per-kind counts, one sort.

Marks (a *kind* is named by its opening mark):
- ``«`` … ``»``: nest by the stack.
- ``„`` … ``“`` (the Russian inner quotes) and ``“`` … ``”`` (English): ``“`` closes an
  open ``„`` if there is one anywhere on the stack, otherwise it opens; ``”`` closes ``“``,
  or failing that ``„``.
- ``"``: ambiguous, decided by context (``_straight_opens``). It opens after start of
  text, whitespace, an opening bracket or mark, a dash, and before a non-space; it closes
  after a non-space and before end of text, whitespace, punctuation ``, . ; : ! ? … ) ] }``,
  a dash or a closing mark. If both or neither hold: it closes when a ``"`` is open, else
  it opens. So ``"... достиг "большой победы" и ... дальновидности", - сказала она``
  nests the inner quote in the outer one.
- ``'`` and ``’`` are apostrophes (O’Reilly, д'Артаньян), never quote marks.

Unbalanced marks:
- a closer of a kind that is not open is ignored;
- a closer of a kind that is open deeper in the stack drops the openers above it;
- an opener still open at the end is dropped; balanced spans inside it are kept and
  re-parented to the nearest surviving enclosing span.

Multi-paragraph quotes (``_paragraph_close``). Russian typography opens every paragraph
of a long quote with ``«`` and closes only the last one with ``»``. So when a paragraph
(the text after a ``\\n``) begins, after optional spaces, with an opener of the same kind as
the outermost open span and that span was opened in an earlier paragraph, the earlier span
is closed implicitly at the end of the paragraph it opened in (before that ``\\n``,
trailing whitespace excluded), its still-open inner openers are dropped, and the new
paragraph's opener starts a new span. If a span that was matched meanwhile crosses that
``\\n`` (``«a «b\\nc» d\\n«e»``), the earlier span ends at the end of the paragraph just
before the new opener instead, so spans stay nested. An implicitly closed span has
``implicit=True``; there is no mark at its ``close`` (``close == end``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

GUILL, LOW, CURLY, STRAIGHT = "«", "„", "“", '"'  # kinds, named by their opening mark
MARKS = re.compile('[«»„“”"\n]')
OPEN_BEFORE = frozenset("([{«„“—–-")               # a " right after these opens
CLOSE_AFTER = frozenset(",.;:!?…)]}»“”\"—–-")       # a " right before these closes

FIXED = {"«": (GUILL, True), "»": (GUILL, False), "„": (LOW, True)}
Pair = tuple[int, int, str, bool]  # (open, close, kind, implicit)
Stack = list[tuple[int, str]]      # (offset of the opener, kind)


@dataclass(frozen=True)
class QuotedSpan:
    open: int            # offset of the opening mark
    close: int           # offset of the closing mark (no mark there when implicit)
    start: int           # content start (= open + 1)
    end: int             # content end (= close): text[start:end] is the content
    mark: str            # the opening mark
    depth: int           # 0 for outermost
    parent: int | None   # index of the enclosing span in the returned list
    implicit: bool = False  # closed by the multi-paragraph rule, not by a mark


def find_quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[QuotedSpan]:
    """Quoted spans of ``text[start:end]``, sorted by ``open``; see the module docstring."""
    try:
        if not isinstance(text, str):
            return []
        lo, hi, _ = slice(start, end).indices(len(text))
        return _nest(_match(text, lo, hi)) if lo < hi else []
    except Exception:  # noqa: BLE001 - the scanner must never raise
        return []


def _curly_kind(ch: str, counts: dict[str, int]) -> tuple[str, bool]:
    """(kind, opens) for ``“`` or ``”``: ``“`` closes an open ``„``, else opens; ``”`` closes."""
    if ch == "“":
        return (LOW, False) if counts[LOW] else (CURLY, True)
    return (CURLY if counts[CURLY] else LOW), False


def _straight_opens(text: str, i: int, lo: int, hi: int, after_opener: bool,
                    straight_open: bool) -> bool:
    """Whether the ``"`` at ``i`` opens: by its neighbours, else by the stack."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    opener = ((not prev or prev.isspace() or prev in OPEN_BEFORE or after_opener)
              and bool(nxt) and not nxt.isspace())
    closer = (bool(prev) and not prev.isspace()
              and (not nxt or nxt.isspace() or nxt in CLOSE_AFTER))
    return opener if opener != closer else not straight_open


def _pop_to(stack: Stack, counts: dict[str, int], kind: str) -> int:
    """Pop openers down to the nearest one of ``kind`` (dropping the others); its offset."""
    while True:
        offset, k = stack.pop()
        counts[k] -= 1
        if k == kind:
            return offset


def _paragraph_close(text: str, opened: int, newline: int) -> int:
    """Where a span implicitly closed at ``newline`` ends: trailing whitespace excluded."""
    close = newline
    while close > opened + 1 and text[close - 1].isspace():
        close -= 1
    return close


def _starts_paragraph(text: str, para: int, i: int) -> bool:
    """Whether only whitespace stands between the paragraph start ``para`` and ``i``."""
    return i == para or text[para:i].isspace()


def _match(text: str, lo: int, hi: int) -> list[Pair]:
    """Pair the marks of ``text[lo:hi]``; the pairs are properly nested."""
    stack: Stack = []
    counts = {GUILL: 0, LOW: 0, CURLY: 0, STRAIGHT: 0}
    pairs: list[Pair] = []
    para, fresh = lo, True       # current paragraph start; no mark seen in it yet
    bottom_nl, crossed = -1, False  # first \n after stack[0]; a pair matched across it
    last_open = -2
    for m in MARKS.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        fixed = FIXED.get(ch)
        if fixed is not None:
            kind, opens = fixed
        elif ch == '"':
            kind = STRAIGHT
            opens = _straight_opens(text, i, lo, hi, last_open == i - 1, counts[STRAIGHT] > 0)
        elif ch == "\n":
            para, fresh = i + 1, True
            if stack and bottom_nl < 0:
                bottom_nl = i
            continue
        else:
            kind, opens = _curly_kind(ch, counts)
        first, fresh = fresh, False
        if not opens:
            if counts[kind]:
                opened, top = stack[-1]
                if top == kind:
                    stack.pop()
                    counts[kind] -= 1
                else:
                    opened = _pop_to(stack, counts, kind)
                pairs.append((opened, i, kind, False))
                crossed = crossed or opened < bottom_nl
            continue
        if (first and stack and stack[0][1] == kind and stack[0][0] < para
                and _starts_paragraph(text, para, i)):
            opened = stack[0][0]
            newline = para - 1 if crossed else bottom_nl
            pairs.append((opened, _paragraph_close(text, opened, newline), kind, True))
            stack.clear()
            counts = dict.fromkeys(counts, 0)
        if not stack:
            bottom_nl, crossed = -1, False
        stack.append((i, kind))
        counts[kind] += 1
        last_open = i
    return pairs


def _nest(pairs: list[Pair]) -> list[QuotedSpan]:
    """Spans sorted by ``open`` with depth and parent, from properly nested pairs."""
    pairs.sort()
    spans: list[QuotedSpan] = []
    enclosing: list[tuple[int, int]] = []  # (index, close) of the spans containing the next
    for opened, close, kind, implicit in pairs:
        while enclosing and enclosing[-1][1] < opened:
            enclosing.pop()
        parent = enclosing[-1][0] if enclosing else None
        spans.append(QuotedSpan(opened, close, opened + 1, close, kind, len(enclosing),
                                parent, implicit))
        enclosing.append((len(spans) - 1, close))
    return spans
