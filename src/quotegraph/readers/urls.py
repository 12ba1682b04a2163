"""``ingest --urls LIST``: the pages of a URL list as articles, fetched politely (``fetch.py``).

A URL already in the store (as an article or a copy of one) is not fetched again, so a rerun
after a kill fetches only what is left. A URL that failed before is tried again: most failures
(a timeout, a 503) pass. Every failure is an ``InputError`` naming the URL and the reason.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .fetch import Fetched, Fetcher, FetchFailure, FetchOptions, read_url_list
from .html import html_article


def count_urls(path: str | Path) -> int:
    """How many URL lines a list has (for a progress bar's total)."""
    return sum(1 for item in read_url_list(Path(path)) if not isinstance(item, InputError))


def fetched_articles(path: str | Path, stored: Callable[[str], bool],
                     options: FetchOptions | None = None) -> Iterator[Article | InputError]:
    """One article (or error) per URL of the list at ``path`` not ``stored`` yet, in list order."""
    path = Path(path)
    if not path.is_file():
        yield InputError(str(path), "no such URL list", "give a text file of URLs, one a line")
        return
    todo: list[str] = []
    for item in read_url_list(path):
        if isinstance(item, InputError):
            yield item
        elif not stored(item[1]):
            todo.append(item[1])
    with Fetcher(options or FetchOptions()) as fetcher:
        for page in fetcher.fetch_all(dict.fromkeys(todo)):  # (a URL listed twice is fetched once)
            yield fetched_article(page)


def fetched_article(page: Fetched | FetchFailure) -> Article | InputError:
    """The article of a fetched page, or the error of a failed fetch."""
    if isinstance(page, FetchFailure):
        return InputError(page.url, f"cannot fetch: {page.reason}", "check the URL, or try again later")
    try:
        return html_article(_decoded(page), key=page.url, origin=page.url, url=page.final_url,
                            fetched_at=page.fetched_at)
    except InputError as error:
        return error


def _decoded(page: Fetched) -> bytes | str:
    """The page as text when its HTTP header names a charset Python knows (a page may not say it
    in its markup), else its bytes for the HTML reader to decode."""
    if page.charset:
        try:
            return page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return page.body
