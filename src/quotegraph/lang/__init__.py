"""One package per language, behind one interface: ``Language``.

A language package (``lang/ru``, ``lang/en``) holds its NLP adapter, its rules' data and its
learned models, and exports ``LANGUAGE``: its code, its name, ``analyze``, which turns an
article into the language-specific part of its record (entities, dates, quotes with their
speakers and targets, document tone, and the names of the models that made them), ``preload``
and ``rate``, the tone towards spans a user gives (``quotegraph tone``). What is not
language-specific stays shared: the quote-mark scanner, the record, the store, identities,
exports and the web.

``language(code)`` is the one place that picks a package; ``language.py`` settles which code
an article has. A third language is one new package and one line in ``PACKAGES``.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Article, DateMention, Entity

PACKAGES = {"ru": "quotegraph.lang.ru", "en": "quotegraph.lang.en"}  # code → package
SUPPORTED = tuple(PACKAGES)


@dataclass
class Analysis:
    """The language-specific part of a record."""

    entities: list[Entity]
    dates: list[DateMention]
    quotes: list[dict]
    tone: dict | None  # the document tone, or None where the language has no word list
    models: list[str] = field(default_factory=list)  # names of the models that made it
    limits: dict[str, int] = field(default_factory=dict)  # what a per-article bound left out, by bound


@dataclass(frozen=True)
class Options:
    """What a pipeline asks of an analysis (``pipeline.Pipeline``'s settings)."""

    quotes: bool = True
    models: object = "shipped"  # the learned decisions: "shipped", a stages.decide.Models, or None
    collect: list | None = None  # gets each article's candidate quotes (training)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    analyze: Callable[[Article, Options], Analysis]
    preload: Callable[[], None]  # load the models once (the ingest fork server calls it)
    # (tone, score) towards each (start, end) span of a text; types: PER, ORG, LOC or None each
    rate: Callable[[str, list[tuple[int, int]], list[str | None]], list[tuple[str, float]]]
    # characters of --max-chars per word or mark analysed: an article of more words and marks
    # than max_chars // chars_per_word is refused (its cost goes by words: docs/reliability.md)
    chars_per_word: int = 4


def data_table(package: str, name: str) -> dict[str, list[str]]:
    """A tab-separated data file of a language package: first column → the other columns
    (``#`` lines are comments)."""
    from importlib import resources

    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return {parts[0]: parts[1:] for parts in (line.split("\t") for line in text.splitlines()
                                              if line and not line.startswith("#"))}


def language(code: str) -> Language:
    """The package of a language quotegraph analyses (``code`` from ``SUPPORTED``)."""
    return importlib.import_module(PACKAGES[code]).LANGUAGE
