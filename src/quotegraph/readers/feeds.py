"""RSS and Atom feeds (.rss, .atom, .xml) -> one ``Article`` per entry, by feedparser (pinned).

An entry's text is its full content where the feed carries it, else its summary, and then the
article says so (``content: "summary"``): a summary is a sentence or two, and its quotes are
cut. Title, date, link and author come from the entry; the feed's title is the source.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..language import page_language
from ..model import Article
from .html import host

FEED_SUFFIXES = (".rss", ".atom", ".xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
           "figcaption", "pre", "ul", "ol", "table"}
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s*\n\s*")


def read_feed(path: Path, max_bytes: int) -> Iterator[Article | InputError]:
    """The entries of one feed file, in feed order."""
    import feedparser

    size = path.stat().st_size
    if size > max_bytes:
        yield InputError(str(path), f"feed is {size:,} bytes, over the {max_bytes:,}-byte limit",
                         "raise it with --max-bytes or split the feed")
        return
    feed = feedparser.parse(path.read_bytes(), sanitize_html=True, resolve_relative_uris=True)
    if not feed.entries:
        problem = f"not a readable RSS or Atom feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield InputError(str(path), " ".join(problem.split()), "check that the file is an RSS or Atom feed")
        return
    source = (feed.feed.get("title") or "").strip() or None
    feed_lang = feed.feed.get("language")  # a channel's language: aggregators mix languages
    for number, entry in enumerate(feed.entries, 1):
        where = f"{path}#{number}"
        try:
            yield entry_article(entry, where, source=source, lang=feed_lang)
        except InputError as error:
            yield error


def entry_article(entry, where: str, *, source: str | None = None, lang: str | None = None) -> Article:
    """One feed entry (a feedparser entry) as an article; raise InputError for an empty one."""
    content = max(entry.get("content") or [], key=lambda part: len(part.get("value") or ""), default=None)
    text, kind = (_text(content), "full") if content and (content.get("value") or "").strip() else ("", "full")
    if not text:
        text, kind = _text({"value": entry.get("summary") or "", "type": (entry.get("summary_detail") or {})
                            .get("type", "text/html")}), "summary"
    if not text:
        raise InputError(where, "feed entry has neither content nor summary", "leave it out, or fetch its link")
    link = entry.get("link") or None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(
        id=link or entry.get("id") or where, text=text, title=(entry.get("title") or "").strip() or None,
        date=dt.datetime.fromtimestamp(calendar.timegm(published), dt.timezone.utc).date() if published else None,
        source=source, url=link, lang=page_language((content or {}).get("language") or lang, text), origin=where,
        site=host(link), author=(entry.get("author") or "").strip() or None, content=kind)


def _text(part: dict) -> str:
    """A content or summary part as paragraphs one blank line apart (HTML blocks are paragraphs)."""
    value = (part.get("value") or "").strip()
    if not value:
        return ""
    if part.get("type", "text/html") not in HTML_TYPES and "<" not in value:
        paragraphs = value.split("\n\n")
    else:
        paragraphs = fragment_paragraphs(value)
    paragraphs = [_SPACES.sub(" ", _BREAKS.sub(" ", p)).strip() for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def fragment_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment: each block element's text, a <br> a break."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml's parser errors have no common base worth naming; markup this bad is text
        return [re.sub(r"<[^>]+>", " ", html)]
    for br in root.iter("br"):
        br.tail = "\n\n" + (br.tail or "")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS and element is not root:
            element.tail = "\n\n" + (element.tail or "")
            element.text = "\n\n" + (element.text or "")
    return re.split(r"\n\s*\n", root.text_content())
