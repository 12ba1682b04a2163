"""How one rendering of a statement differs from its text, word by word, for the statement page."""
from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"\S+")
_MARKS = "«»\"“”„.,:;!?—–-()"


def word_diff(base: str, variant: str) -> list[tuple[str, str]]:
    """``variant`` as (kind, text) runs against ``base``: "same" words, "added" (in the variant
    only) and "dropped" (in the base only, shown struck through where they would be)."""
    a, b = _WORD.findall(base), _WORD.findall(variant)
    fold = [w.lower().strip(_MARKS) for w in a], [w.lower().strip(_MARKS) for w in b]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *fold, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(b[j1:j2])))
        else:
            if i2 > i1:
                out.append(("dropped", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
    return out
