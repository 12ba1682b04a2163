"""The document model: plain frozen data that crosses stage, process and machine boundaries.

All spans are half-open character offsets into ``Article.text``, the document exactly as
read (decoded, header included).
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt


@dataclass(frozen=True)
class Article:
    """One input document. ``body_start`` is where the prose begins, after any header."""

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None  # a BCP 47 tag, or None: detected when analysed (language.py)
    body_start: int = 0
    origin: str = ""  # file (and line) the article came from, for error messages
    site: str | None = None  # the web site's host («tass.ru»), from the page's URL
    author: str | None = None
    fetched_at: str | None = None  # when the page was fetched or archived (ISO 8601, UTC)
    content: str = "full"  # "summary" when a feed carried only the entry's summary


@dataclass(frozen=True)
class Page:
    """A web page from an archive, not read yet: its text is extracted where it is analysed (in
    a worker, by ``readers.html.page_article``), so reading a big archive is not one process's
    work. ``max_chars``: the analysis limit the article is checked against once extracted."""

    id: str  # its URL
    origin: str  # archive and record offset
    html: bytes
    url: str | None = None
    date: dt.date | None = None  # fallbacks for what the page's metadata lacks
    fetched_at: str | None = None
    max_chars: int | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"  # name | pronoun | nominal


@dataclass
class Entity:
    id: str
    type: str  # PER | ORG | LOC
    name: str
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
