"""HTML pages -> ``Article``: the main text and its metadata, by trafilatura (pinned).

Navigation, related links, comments, cookie banners and the like stay out; paragraph breaks
stay in (as blank lines, the shape of a .txt article), because attribution reads them. The
metadata (title, publication date by htmldate, author, site name, canonical URL) comes from the
page's JSON-LD, OpenGraph and meta tags; what a caller knows already (a WARC record's URI and
date, a fetch's time) fills in what the page lacks.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import urllib.parse

from ..errors import InputError
from ..language import page_language
from ..model import Article, Page

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_LINE_BREAKS = re.compile(r"[ \t]*\n+[ \t]*")
# fewer words than this is a link or a label that trafilatura fell back to, not an article
MIN_WORDS = 8
# tags and attributes trafilatura is told to leave out, beside what it removes itself
_DROP_XPATH = ["//*[@id='comments' or contains(@class, 'comments') or contains(@class, 'cookie')]"]


def host(url: str | None) -> str | None:
    """The host of a URL without «www.», lowercase: «tass.ru»; None for no URL."""
    if not url:
        return None
    name = (urllib.parse.urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.") or None


def read_html_bytes(data: bytes, where: str, max_bytes: int) -> bytes:
    """The page's bytes, ungzipped when gzipped (by its magic number, not its name), at most
    ``max_bytes`` of them."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            page = stream.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise InputError(where, f"broken gzip ({exc})", "gunzip it to check, or fetch the page again") from None
    if len(page) > max_bytes:
        raise InputError(where, f"page is over the {max_bytes:,}-byte limit once unzipped",
                         "raise it with --max-bytes")
    return page


def html_article(data: bytes | str, *, key: str, origin: str, url: str | None = None,
                 date: dt.date | None = None, fetched_at: str | None = None) -> Article:
    """The article of one HTML page; raise InputError when it holds no article text.

    ``url`` and ``date`` are fallbacks for a page whose metadata lacks them (a WARC record's
    target URI and date); the page's canonical URL and publication date win."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise InputError(origin, "not an HTML page (no markup could be parsed)", "check that it is a web page")
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip() or None
    doc = bare_extraction(tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
                          favor_precision=True, prune_xpath=_DROP_XPATH)
    text = _paragraphs(doc.text if doc is not None else "", doc.title if doc is not None else None)
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        raise InputError(origin, "no article text found on the page (only navigation or boilerplate)",
                         "check that the page is an article, not an index or a login page")
    page_url = _absolute(doc.url, url) or url
    return Article(
        id=key, text=text, date=day_of(doc.date) or date, title=doc.title or None, source=doc.sitename or None,
        url=page_url, lang=page_language(lang, text), origin=origin, site=host(page_url), author=doc.author or None,
        fetched_at=fetched_at)


def _paragraphs(text: str, title: str | None) -> str:
    """trafilatura's lines as paragraphs one blank line apart, without a first line that only
    repeats the title (the page's heading)."""
    lines = [line for line in _LINE_BREAKS.split(text.strip()) if line]
    if lines and title and lines[0].strip() == title.strip():
        lines = lines[1:]
    return "\n\n".join(lines)


def _absolute(found: str | None, base: str | None) -> str | None:
    if not found:
        return None
    if base and not urllib.parse.urlsplit(found).scheme:
        return urllib.parse.urljoin(base, found)
    return found if urllib.parse.urlsplit(found).scheme in ("http", "https") else None


def day_of(value: str | None) -> dt.date | None:
    """The date an ISO date or datetime string starts with, or None."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def page_article(page: Page) -> Article:
    """The article of a page read from an archive; raise InputError when it holds no article
    text, or more than its ``max_chars``."""
    from . import too_long

    article = html_article(page.html, key=page.id, origin=page.origin, url=page.url, date=page.date,
                           fetched_at=page.fetched_at)
    error = too_long(article, page.max_chars)
    if error is not None:
        raise error
    return article


def load_extractor() -> None:
    """Import trafilatura and extract one small page, so its lazy imports and tables (htmldate,
    dateparser, lxml's cleaner) load now: in the fork server they are shared by every worker."""
    html_article("<html lang='ru'><body><article><p>Министр заявил журналистам, что переговоры "
                 "продолжатся на следующей неделе в столице.</p></article></body></html>", key="warm-up",
                 origin="warm-up")
