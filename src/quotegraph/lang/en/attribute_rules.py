"""spaCy's attribute ruler, as the English model ships it, with the same results in a fraction
of its time.

The ruler of ``en_core_web_sm`` holds 179 rules: the tag map (a fine tag gives the coarse POS
and the morphology), word exceptions («I» as a subject), a few two-word ones («gon na»). spaCy
runs them through its general Matcher, which tries every rule's state machine on every token:
a quarter of the English pipeline's time. Here a rule is found for a token by its tag or its
lower-cased word (or relation) in a dictionary; only the two rules keyed on none are tried on
every token. The rules and their attributes are the model's own, read from its ruler when the pipeline
loads, and applied as spaCy applies them: every match found first, then in the rules' order (a
later rule wins), by spaCy's own ``set_token_attrs``. ``tests/test_english.py`` compares the
two, token by token, on PolNeAR texts and generated ones.
"""
from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens._retokenize import set_token_attrs

COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # of ``doc.to_array``


class AttributeRules:
    """A spaCy pipeline component: ``ruler``'s rules (a loaded ``AttributeRuler``) on a Doc."""

    def __init__(self, ruler):
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        # each rule under one value its first word must have (its tag, its word, one of a set
        # of words or relations): a token looks up its own values, four dictionary reads
        self.keyed: list[dict[int, list]] = [{} for _ in COLUMNS]
        self.anywhere: list = []  # the rules with no such value, tried on every token
        for number, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                tests = [[self._test(attr, value) for attr, value in spec.items()] for spec in pattern]
                entry = (number, tests)
                key = min((t for t in tests[0] if t[1] in ("==", "IN")), key=lambda t: (t[1] != "==", t[0]), default=None)
                if key is None:
                    self.anywhere.append(entry)
                    continue
                column, operator, operand = key
                for value in ([operand] if operator == "==" else sorted(operand)):
                    self.keyed[column].setdefault(value, []).append(entry)

    @staticmethod
    def _test(attr: str, value) -> tuple:
        """One predicate of a token spec as (column, operator, operand), on hashed values."""
        if attr not in COLUMNS:
            raise ValueError(f"the English attribute rules do not handle {attr!r} (spaCy's ruler does)")
        column = COLUMNS[attr]
        if isinstance(value, bool):
            return column, "==", int(value)
        if isinstance(value, str):
            return column, "==", get_string_id(value)
        [(operator, operand)] = value.items()
        if operator in ("IN", "NOT_IN"):
            return column, operator, frozenset(get_string_id(v) for v in operand)
        if operator == "REGEX":
            return column, operator, re.compile(operand)
        raise ValueError(f"the English attribute rules do not handle the operator {operator!r}")

    def __call__(self, doc):
        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        strings = doc.vocab.strings
        matches = []
        keyed, anywhere, none = self.keyed, self.anywhere, ()
        for i, row in enumerate(rows):
            for number, tests in (*keyed[0].get(row[0], none), *keyed[1].get(row[1], none), *keyed[2].get(row[2], none),
                                  *keyed[3].get(row[3], none), *anywhere):
                if i + len(tests) <= len(rows) and all(
                        _holds(test, rows[i + k], strings) for k, spec in enumerate(tests) for test in spec):
                    matches.append((number, i, i + len(tests)))
        matches.sort()  # as spaCy's ruler: a later rule overrides an earlier one
        for number, start, end in matches:
            index = self.indices[number]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[number])
        return doc


def _holds(test: tuple, row: list, strings) -> bool:
    column, operator, operand = test
    value = row[column]
    if operator == "==":
        return value == operand
    if operator == "IN":
        return value in operand
    if operator == "NOT_IN":
        return value not in operand
    return bool(operand.search(strings[value]))
