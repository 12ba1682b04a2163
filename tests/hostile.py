"""Hostile articles: texts made to cost much more than their length (issue 16).

``FAMILIES`` maps a family name to a function of a size ``n`` (the number of repeated units)
that returns the text. Each family stresses one step: mark pairing, nesting, quotes per
sentence or paragraph, cues, names, sign-offs; in «» and in “” / straight-quote style.
Used by tests/test_hostile.py (growth as the input doubles) and bench/hostile.py (the worst
case at up to 300,000 characters, time and memory). The words are invented or generic.
"""
from __future__ import annotations

from collections.abc import Callable


def _guillemets_only(n: int) -> str:
    return "«»" * n


def _straight_marks(n: int) -> str:
    return '"' * n


def _curly_marks(n: int) -> str:
    return "“”" * n


def _alternating_marks(n: int) -> str:
    return "«“„\"»”“" * (n // 7 + 1)


def _unclosed_openers(n: int) -> str:
    return "Текст « " * n


def _deep_nesting(n: int) -> str:
    return "Он сказал: " + "«слово " * n + "»" * n + "."


def _quotes_in_one_sentence(n: int) -> str:
    return "Список: " + ", ".join(f"«пункт {i}»" for i in range(n)) + " — заявил Пётр Рябинин."


def _quotes_in_one_paragraph(n: int) -> str:
    return " ".join(f"«Мы добьёмся цели номер {i}», — сказал Пётр Рябинин." for i in range(n))


def _quotes_in_paragraphs(n: int) -> str:
    return "\n\n".join(f"«Мы сделаем шаг {i}», — сказала Анна Вересова." for i in range(n))


def _cues(n: int) -> str:
    return "Пётр Рябинин " + "заявил, что " * n + "всё будет хорошо."


def _names_before_quote(n: int) -> str:
    return "Пётр Рябинин " * n + "сказал: «Мы готовы»."


def _names_in_sentences(n: int) -> str:
    names = ("Пётр Рябинин", "Анна Вересова", "Илья Сомов", "Олег Тарасов")
    return " ".join(f"{names[i % 4]} приехал в Омск." for i in range(n)) + " «Мы готовы», — сказал он."


def _signoffs(n: int) -> str:
    return "\n".join("— сказал Пётр Рябинин, министр." for _ in range(n))


def _colon_leadins(n: int) -> str:
    return "\n".join(f"Анна Вересова заявила журналистам: пункт {i}" for i in range(n))


def _english_quotes_in_one_sentence(n: int) -> str:
    return "The list: " + ", ".join(f"“item {i}”" for i in range(n)) + ", said Peter Rowan."


def _english_straight_paragraph(n: int) -> str:
    return " ".join(f'"We will reach goal {i}," Peter Rowan said.' for i in range(n))


def _english_names(n: int) -> str:
    return "Peter Rowan " * n + 'said: "We are ready."'


FAMILIES: dict[str, Callable[[int], str]] = {
    "guillemets only": _guillemets_only,
    "straight marks": _straight_marks,
    "curly marks": _curly_marks,
    "alternating marks": _alternating_marks,
    "unclosed openers": _unclosed_openers,
    "deep nesting": _deep_nesting,
    "quotes in one sentence": _quotes_in_one_sentence,
    "quotes in one paragraph": _quotes_in_one_paragraph,
    "quotes in paragraphs": _quotes_in_paragraphs,
    "cues": _cues,
    "names before a quote": _names_before_quote,
    "names in sentences": _names_in_sentences,
    "sign-offs": _signoffs,
    "colon lead-ins": _colon_leadins,
    "English quotes in one sentence": _english_quotes_in_one_sentence,
    "English straight quotes": _english_straight_paragraph,
    "English names before a quote": _english_names,
}

ENGLISH = {name for name in FAMILIES if name.startswith("English")}


def lang_of(family: str) -> str:
    return "en" if family in ENGLISH else "ru"


def sized(family: str, chars: int) -> str:
    """The family's text of about ``chars`` characters (the largest n not over it)."""
    make = FAMILIES[family]
    low, high = 1, 1
    while len(make(high)) <= chars:
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if len(make(mid)) <= chars else (low, mid)
    return make(low)
