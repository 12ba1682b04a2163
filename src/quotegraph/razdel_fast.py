"""razdel's word tokenizer, the same tokens in a third of its time.

razdel (``razdel.tokenize``) finds atoms with one regular expression (runs of Cyrillic or Latin
letters, of digits, single punctuation marks, other single characters), then decides at each
boundary between two atoms whether they join into one token. It builds a record per atom and
an object per boundary, and asks seven rules at each. Here the atoms are plain tuples, a
boundary with space in it is a split at once (as razdel decides it, before any rule), and
only boundaries without space go through the same seven rules, in razdel's words:

- a dash or an underscore between two atoms that are not punctuation joins them («из-за»,
  «snake_case»), also when the dash comes after a space («Москва -то»);
- a full stop, comma, slash or backslash between two numbers joins them («3,5», «1/2»);
- two punctuation marks join when they make a smiley («:-)»), two sentence endings («?!»),
  «--» or «**»;
- an "other" character (not a letter, digit or listed punctuation) joins a letter or another
  such character beside it («ΔP» is Cyrillic or Latin only in part);
- «Yahoo!» is one token.

The regular expression and the character sets are razdel's own (imported), so a razdel
upgrade that changed them would change both. ``tests/test_nlp.py`` compares the two on every
shared text and on generated strings of the characters the rules look at.
"""
from __future__ import annotations

from typing import NamedTuple

from razdel.segmenters.punct import DASHES, ENDINGS
from razdel.segmenters.tokenize import ATOM, LAT, OTHER, PUNCT, RU, SMILE

LETTERS_OR_OTHER = (OTHER, RU, LAT)


class Token(NamedTuple):
    """razdel's ``Substring``: offsets in the text and the token's text."""

    start: int
    stop: int
    text: str


def tokenize(text: str) -> list[Token]:
    """razdel's tokens of ``text`` (``razdel.tokenize``), as a list."""
    atoms = [(m.start(), m.end(), m.lastgroup, m.group()) for m in ATOM.finditer(text)]
    if not atoms:
        return []
    tokens, start = [], atoms[0][0]
    for index in range(1, len(atoms)):
        previous_stop = atoms[index - 1][1]
        if previous_stop != atoms[index][0] or not _joins(atoms, index, text[start:previous_stop]):
            tokens.append(Token(start, previous_stop, text[start:previous_stop]))
            start = atoms[index][0]
    stop = atoms[-1][1]
    tokens.append(Token(start, stop, text[start:stop]))
    return tokens


def _joins(atoms: list[tuple], index: int, buffer: str) -> bool:
    """Whether the atoms before and at ``index``, with no space between them, are one token;
    ``buffer``: the token so far. razdel's rules, in its order (none of them ever splits)."""
    _, _, left_type, left = atoms[index - 1]
    _, _, right_type, right = atoms[index]
    left_2 = atoms[index - 2] if index > 1 else None
    right_2 = atoms[index + 1] if index + 1 < len(atoms) else None
    for delimiter in (DASHES, "_"):  # the dash and underscore rules
        if (left in delimiter) if delimiter == DASHES else (left == delimiter):
            pair = (left_2, atoms[index])
        elif (right in delimiter) if delimiter == DASHES else (right == delimiter):
            pair = (atoms[index - 1], right_2)
        else:
            continue
        if pair[0] and pair[1] and pair[0][2] != PUNCT and pair[1][2] != PUNCT:
            return True
    for delimiter in (".,", "/\\"):  # the float and fraction rules
        if left in delimiter:
            pair = (left_2, atoms[index])
        elif right in delimiter:
            pair = (atoms[index - 1], right_2)
        else:
            continue
        if pair[0] and pair[1] and pair[0][2] == "INT" and pair[1][2] == "INT":
            return True
    if left_type == PUNCT and right_type == PUNCT and (
            SMILE.match(buffer + right) or (left in ENDINGS and right in ENDINGS) or left + right in ("--", "**")):
        return True
    if (left_type == OTHER and right_type in LETTERS_OR_OTHER) or (left_type in LETTERS_OR_OTHER and right_type == OTHER):
        return True
    return left.lower() == "yahoo" and right == "!"
