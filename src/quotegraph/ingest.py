"""``quotegraph ingest``: articles in, a corpus store out.

Reading, hashing and writing happen in this process (the single writer); analysis runs in
worker processes that load the models once each. An article whose text is already stored
is never analysed again, so a rerun after a kill only does what is left. Each article is
written in one transaction; identities are relinked at the end, also in one transaction.
"""
from __future__ import annotations

import collections
import contextlib
import os
import pathlib
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import InputError, QuotegraphError, Skipped
from .model import Article, Page
from .store.rows import ArticleRows, content_hash

WINDOW_PER_WORKER = 8  # articles read ahead per worker: enough to keep them busy, bounded memory
# Seconds one article may take before its analysis is stopped (--article-timeout): news takes
# ~0.02 s, and the worst hostile article within the length limits ~15 s (docs/reliability.md).
DEFAULT_ARTICLE_TIMEOUT = 60.0


@dataclass
class IngestSummary:
    counts: collections.Counter = field(default_factory=collections.Counter)  # outcome → articles
    failures: list[str] = field(default_factory=list)  # one line each
    skipped: list[str] = field(default_factory=list)  # left out on purpose (a WARC revisit, a 404), one line each
    seconds: float = 0.0
    identities: object = None  # LinkStats of the relinking, None when nothing changed
    statements: int = 0  # quotes placed in statements (docs/statements.md)
    articles: int = 0  # in the store at the end
    quotes: int = 0

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def processed(self) -> int:
        return sum(self.counts.values()) + self.failed + len(self.skipped)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ingest(paths: list[str], db: str | pathlib.Path, *, workers: int | None = None, progress: bool = True,
           max_bytes: int | None = None, max_chars: int | None = None,
           on_failure: Callable[[str], None] | None = None,
           stdin=None, engine: str = "local", scheduler: str | None = None,
           article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT, urls: str | None = None,
           delay: float = 1.0, relink: bool = False) -> IngestSummary:
    """Analyse every article under ``paths`` into the store ``db``; see the module docstring.

    ``engine`` "local" analyses in worker processes of this machine (``workers`` of them; 1:
    in this process); "dask" on a Dask cluster: the one at ``scheduler``, or a LocalCluster
    of ``workers`` processes started for this run. An article still in analysis after
    ``article_timeout`` seconds (None or 0: no limit) is stopped and recorded as failed; the
    local engine enforces it, a Dask cluster does not (docs/reliability.md). ``urls``: a list of
    web pages to fetch too, ``delay`` seconds apart per site (docs/inputs.md). ``relink``: link
    every entity of the store again (store/identities.py says when that happens by itself)."""
    from .readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, count_articles, read_inputs
    from .store.db import open_store
    from .store.identities import link_identities
    from .store.statements import cluster_statements
    from .store.write import record_failure, write_article

    started = time.perf_counter()
    db = pathlib.Path(db)
    conn = open_store(db)
    summary = IngestSummary()

    def fail(origin: str, key: str | None, message: str, skipped: bool = False) -> None:
        (summary.skipped if skipped else summary.failures).append(message)
        record_failure(conn, origin, message, key)
        if on_failure is not None and not skipped:  # (skipped items are counted, and kept in the table)
            on_failure(message)

    try:
        total = count_articles(paths, exclude=db) if paths else 0
        inputs = read_inputs(paths, stdin, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                             max_chars=max_chars or DEFAULT_MAX_CHARS, exclude=db, pages=True)
        if urls:
            inputs, total = _with_urls(inputs, total, urls, delay, conn, max_bytes, max_chars)
        with _progress(progress, total) as advance, _engine(engine, scheduler, workers, article_timeout or None) as analysed:
            linking = _prepare_linking(engine, scheduler, workers)
            todo = _to_analyse(conn, inputs, summary, fail, advance)
            for article, result in analysed(todo):
                if isinstance(result, ArticleRows):
                    summary.counts[write_article(conn, result)] += 1
                else:
                    fail(article.origin or article.id, article.id, result)
                advance(summary)
        if linking is not None:
            linking.join()
        summary.identities = link_identities(conn, force=relink)
        summary.statements = cluster_statements(conn)
        summary.articles, summary.quotes = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                            for t in ("articles", "quotes"))
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _with_urls(inputs: Iterator, total: int | None, urls: str, delay: float, conn: sqlite3.Connection,
               max_bytes: int | None, max_chars: int | None) -> tuple[Iterator, int | None]:
    """The inputs followed by the pages of the URL list not stored yet, and the new total."""
    import itertools

    from .readers import DEFAULT_MAX_CHARS, too_long
    from .readers.fetch import FetchOptions
    from .readers.urls import count_urls, fetched_articles
    from .store.write import key_stored

    page_limit = min(max_bytes or FetchOptions.max_bytes, FetchOptions.max_bytes)  # a page is not 50 MB
    options = FetchOptions(delay=delay, max_bytes=page_limit)
    pages = (item if isinstance(item, InputError) else too_long(item, max_chars or DEFAULT_MAX_CHARS) or item
             for item in fetched_articles(urls, lambda key: key_stored(conn, key), options))
    try:
        listed = count_urls(urls)
    except OSError:
        listed = 1
    return itertools.chain(inputs, pages), (None if total is None else total + listed)


def _to_analyse(conn: sqlite3.Connection, inputs: Iterable[Article | Page | InputError], summary: IngestSummary,
                fail: Callable, advance: Callable) -> Iterator[tuple[Article | Page, str | None]]:
    """The articles that need analysis, with their hashes; the rest are counted here. A page of
    a web archive is stored under its URL: one whose URL is stored is not extracted again."""
    from .store.write import DUPLICATE, UNCHANGED, key_stored, record_copy, stored_text

    for item in inputs:
        if isinstance(item, InputError):
            fail(item.where, None, str(item), skipped=isinstance(item, Skipped))
            advance(summary)
            continue
        if isinstance(item, Page):
            if key_stored(conn, item.id):
                summary.counts[UNCHANGED] += 1
                advance(summary)
            else:
                yield item, None
            continue
        hash = content_hash(item.text)
        stored = stored_text(conn, hash)
        if stored is not None and stored[2]:  # stored in the current format: nothing to do
            if stored[1] != item.id:
                record_copy(conn, stored[0], item)  # the same story under another key
            summary.counts[UNCHANGED if stored[1] == item.id else DUPLICATE] += 1
            advance(summary)
            continue
        yield item, hash


# --- analysis, in this process or in workers ----------------------------------------------

@contextlib.contextmanager
def _engine(engine: str, scheduler: str | None, workers: int | None, timeout: float | None = None):
    """A function from articles to be analysed to (article, rows or error), in input order."""
    if engine == "dask" or scheduler:
        from .cluster import analysed_on_dask, dask_client
        with dask_client(scheduler, workers or default_workers()) as client:
            yield lambda todo: analysed_on_dask(todo, client)
    elif engine == "local":
        yield lambda todo: _analysed(todo, workers or default_workers(), timeout)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose local or dask")


def _prepare_linking(engine: str, scheduler: str | None, workers: int | None) -> threading.Thread | None:
    """While other processes analyse, this one loads what linking reads (``identity.preload``),
    which it would otherwise do after the last article. Not when it analyses itself."""
    if engine != "dask" and not scheduler and (workers or default_workers()) <= 1:
        return None
    from .identity import preload

    def quietly() -> None:
        try:
            preload()
        except Exception:  # noqa: BLE001 (linking meets the same error, and says it)
            pass

    thread = threading.Thread(target=quietly, name="prepare-linking", daemon=True)
    thread.start()
    return thread


def analyse(article: Article | Page, hash: str | None) -> ArticleRows | str:
    """The rows of one article (a page's once its text is extracted), or its one-line error message."""
    from .pipeline import Pipeline
    from .readers.html import page_article
    from .store.rows import article_rows

    try:
        if isinstance(article, Page):
            article = page_article(article)
            hash = content_hash(article.text)
        # the readers refused articles over --max-chars already
        return article_rows(Pipeline(max_chars=None)(article), origin=article.origin or article.id, hash=hash)
    except QuotegraphError as exc:
        return str(exc)
    except Exception as exc:  # one bad article never stops the batch
        return f"{article.origin or article.id}: {type(exc).__name__}: {exc}"


def _analysed(todo: Iterator[tuple[Article | Page, str | None]], workers: int,
              timeout: float | None = None) -> Iterator[tuple[Article | Page, ArticleRows | str]]:
    """(article, rows or error) in input order; an article over ``timeout`` seconds fails."""
    if workers <= 1:
        from .lifetime import OverTime, time_budget

        for article, hash in todo:
            if isinstance(article, Page):  # extracted here once, as a reader would, outside its time
                page, (article, hash) = article, _extracted(article)
                if article is None:
                    yield page, hash  # (the page's one-line error)
                    continue
            if timeout:
                _models_loaded(article)  # (they load on first use: not the article's time)
            try:
                with time_budget(timeout):
                    result = analyse(article, hash)
            except OverTime:
                result = _overtime(timeout)((article, hash))
            yield article, result
        return
    from .workers import Pool

    with Pool(workers, analyse, died=_died, window=workers * WINDOW_PER_WORKER, timeout=timeout,
              timed_out=_overtime(timeout)) as pool:
        for (article, _), result in pool.map(todo):
            yield article, result


def _extracted(page: Page) -> tuple[Article, str] | tuple[None, str]:
    """(article, hash) of a page, or (None, its one-line error)."""
    from .readers.html import page_article

    try:
        article = page_article(page)
    except QuotegraphError as exc:
        return None, str(exc)
    return article, content_hash(article.text)


def _models_loaded(article: Article) -> None:
    """Load the models of the article's language, if it has one quotegraph analyses."""
    from .lang import language
    from .language import with_language
    from .store.copies import minhash_template

    minhash_template()
    try:
        language(with_language(article).lang).preload()
    except QuotegraphError:
        pass  # analysis says what is wrong with it


def _died(item: tuple[Article | Page, str | None]) -> str:
    article = item[0]
    return (f"{article.origin or article.id}: the worker analysing it died twice (out of memory?); "
            "try it alone, or raise the memory limit")


def _overtime(timeout: float | None) -> Callable[[tuple[Article | Page, str | None]], str]:
    def message(item: tuple[Article | Page, str | None]) -> str:
        article = item[0]
        return (f"{article.origin or article.id}: analysis stopped after {timeout:g} s (--article-timeout); "
                "news takes well under a second: check the article, or raise --article-timeout")
    return message


# --- progress --------------------------------------------------------------------------

class _progress:
    """A rich progress bar on stderr with articles/s and ETA; ``advance(summary)`` moves it."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled, self.total = enabled, total

    def __enter__(self) -> Callable[[IngestSummary], None]:
        if not self.enabled:
            return lambda summary: None
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        eta = (TextColumn("ETA"), TimeRemainingColumn()) if self.total is not None else ()  # (unknown: a WARC's)
        self.bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} articles/s"), *eta,
                            TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("{task.fields[failed]}"),
                            console=Console(stderr=True), transient=False, refresh_per_second=4)
        self.bar.__enter__()
        self.task = self.bar.add_task("ingest", total=self.total, rate="-", failed="")
        self.started = time.perf_counter()

        def advance(summary: IngestSummary) -> None:
            done = summary.processed
            rate = done / max(time.perf_counter() - self.started, 1e-9)
            self.bar.update(self.task, completed=done, rate=f"{rate:.1f}",
                            failed=", ".join(part for part in (
                                f"{len(summary.skipped)} skipped" if summary.skipped else "",
                                f"{summary.failed} failed" if summary.failed else "") if part),
                            total=max(self.total, done) if self.total is not None else None)
        return advance

    def __exit__(self, *exc) -> None:
        if self.enabled:
            if exc[0] is None:
                self.bar.update(self.task, total=self.bar.tasks[0].completed)
            self.bar.__exit__(*exc)


def describe(summary: IngestSummary) -> str:
    """The closing line(s) of an ingest run."""
    c = summary.counts
    done = sum(c.values())
    rate = done / summary.seconds if summary.seconds else 0.0
    lines = [f"{done:,} articles in {summary.seconds:.1f} s ({rate:.1f}/s): {c['added']:,} added, "
             f"{c['replaced']:,} replaced, {c['unchanged']:,} unchanged, {c['duplicate']:,} duplicates; "
             + (f"{len(summary.skipped):,} skipped, " if summary.skipped else "")
             + f"{summary.failed:,} failed"
             + (" (reasons in the failures table)" if summary.failed or summary.skipped else "")]
    lines.append(f"store: {summary.articles:,} articles, {summary.quotes:,} quotes")
    if summary.identities is not None:
        link = summary.identities
        t = link.by_type
        if link.full:
            lines.append(f"identities relinked: {t.get('PER', 0):,} persons, {t.get('ORG', 0):,} organisations, "
                         f"{t.get('LOC', 0):,} places")
        else:
            lines.append(f"identities: {link.entities:,} new entities linked, to {link.identities:,} identities "
                         f"({t.get('PER', 0):,} persons, {t.get('ORG', 0):,} organisations, {t.get('LOC', 0):,} places)")
    if summary.statements:
        lines.append(f"statements: {summary.statements:,} quotes placed")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(describe(ingest(sys.argv[2:], sys.argv[1])))
