"""The command line: ``quotegraph analyze | ingest | query | export``.

Exit status: 0 when at least one article was analysed (errors on others are reported on
stderr, one line each), 1 when nothing could be analysed, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import sqlite3
import sys
from typing import TextIO

from . import __version__
from .ingest import DEFAULT_ARTICLE_TIMEOUT
from .readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="quotegraph", description="Who said what, about whom, and when, "
                                 "in Russian news articles.")
    ap.add_argument("--version", action="version", version=f"quotegraph {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    an = sub.add_parser("analyze", help="articles in, JSON Lines records out",
                        description="Analyse articles and write one JSON record per article, in input order.")
    an.add_argument("paths", nargs="*", default=["-"], metavar="PATH",
                    help=".txt, .jsonl, .html (.htm, gzipped too), .warc(.gz), .rss, .atom or .xml files, "
                         "directories of them (searched recursively), or - for stdin (the default)")
    an.add_argument("-o", "--output", metavar="OUT", help="write the records to OUT instead of stdout")
    an.add_argument("--summary", action="store_true",
                    help="print a readable summary of each article (entities, roles, dates, quotes) to stdout; "
                         "records still go to OUT when -o is given")
    an.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                    help=f"refuse .txt files and JSONL lines larger than N bytes (default: {DEFAULT_MAX_BYTES:,})")
    an.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                    help=f"refuse articles longer than N characters, or of more than N/4 words and marks "
                         f"(N/16 in English) (default: {DEFAULT_MAX_CHARS:,})")
    an.add_argument("-q", "--quiet", action="store_true", help="no closing count on stderr")

    ing = sub.add_parser("ingest", help="analyse articles into a corpus store (SQLite)",
                         description="Analyse articles into a corpus store. Idempotent and resumable: an "
                                     "article already stored is skipped, an edited one replaces its old "
                                     "record, and a killed run picks up where it stopped.")
    ing.add_argument("paths", nargs="*", metavar="PATH",
                     help=".txt, .jsonl, .html, .warc(.gz), .rss, .atom or .xml files, directories of them, or -")
    ing.add_argument("--urls", metavar="LIST",
                     help="also fetch the web pages listed in LIST (one URL a line, # comments): robots.txt "
                          "honoured, one request at a time per site; URLs already stored are not fetched again")
    ing.add_argument("--delay", type=float, default=1.0, metavar="S",
                     help="with --urls: seconds between two requests to one site (default: 1; a larger "
                          "Crawl-delay in robots.txt wins)")
    ing.add_argument("--db", required=True, metavar="DB", help="the store: an SQLite file (created if absent)")
    ing.add_argument("--workers", type=int, default=0, metavar="N",
                     help="analysis processes (default: one per core; 1 analyses in this process)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: worker processes on this machine (default); dask: a Dask LocalCluster "
                          "of N workers, or the cluster of --scheduler")
    ing.add_argument("--scheduler", metavar="ADDRESS",
                     help="analyse on the Dask cluster at ADDRESS (tcp://host:8786); implies --engine dask")
    ing.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                     help=f"refuse .txt files and JSONL lines larger than N bytes (default: {DEFAULT_MAX_BYTES:,})")
    ing.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                     help=f"refuse articles longer than N characters, or of more than N/4 words and marks "
                         f"(N/16 in English) (default: {DEFAULT_MAX_CHARS:,})")
    ing.add_argument("--article-timeout", type=float, default=DEFAULT_ARTICLE_TIMEOUT, metavar="S",
                     help="stop the analysis of an article after S seconds, record it as failed and go on "
                          f"(default: {DEFAULT_ARTICLE_TIMEOUT:g}; 0: no limit; not enforced on a Dask cluster)")
    ing.add_argument("--relink", action="store_true",
                     help="link every entity of the store to its identity again, with or without new "
                          "articles (by default only new articles' entities are linked; a full linking runs "
                          "by itself when an article was replaced or removed, or the store grew by half)")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")

    ex = sub.add_parser("export", help="write the store out as JSONL, Parquet, GraphML or GDELT GKG",
                        description="Export a corpus store (docs/exports.md describes each format).")
    ex.add_argument("--db", required=True, metavar="DB", help="the store")
    ex.add_argument("--format", required=True, choices=["jsonl", "parquet", "graphml", "gkg"])
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="the file to write (for parquet: a directory)")

    sv = sub.add_parser("serve", help="browse a store: web pages and a read-only JSON API",
                        description="Serve a corpus store over HTTP: pages at /, the JSON API at /api, "
                                    "its docs at /docs. Read-only.")
    sv.add_argument("--db", required=True, metavar="DB", help="the store")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    tn = sub.add_parser("tone", help="rate the tone towards targets you give (JSONL in, JSONL out)",
                        description='Rate the tone towards given targets. Each input line is {"id", "text", '
                                    '"lang"?, "targets": [{"start", "end", "type"?}]}; it is written back with each '
                                    'target\'s "tone" (positive, negative, neutral) and "score".')
    tn.add_argument("input", metavar="IN.jsonl", help="the targets to rate (- for stdin)")
    tn.add_argument("-o", "--output", metavar="OUT", help="write the rated lines to OUT instead of stdout")

    from .query_cli import add_query_parser
    add_query_parser(sub)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from .errors import QuotegraphError

    try:
        if args.command == "analyze":
            return run_analyze(args)
        if args.command == "ingest":
            return run_ingest(args)
        if args.command == "export":
            return run_export(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command == "tone":
            return run_tone(args)
        if args.command == "query":
            from .query_cli import run_query
            return run_query(args)
    except QuotegraphError as exc:
        report(str(exc))
        return EXIT_NOTHING
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


def report(message: str) -> None:
    print(f"quotegraph: {message}", file=sys.stderr, flush=True)


def run_tone(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .tone.given import rated_lines

    name = "<stdin>" if args.input == "-" else args.input
    try:
        source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="replace")
    except OSError as exc:
        report(f"{name}: cannot read ({exc.strerror}); check the path")
        return EXIT_NOTHING
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    done = failed = 0
    try:
        for item in rated_lines(name, source):
            if isinstance(item, InputError):
                failed += 1
                report(str(item))
                continue
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            out.flush() if out is sys.stdout else None
            done += 1
    finally:
        if source is not sys.stdin:
            source.close()
        if out is not sys.stdout:
            out.close()
    report(f"rated {done} line{'s' if done != 1 else ''}" + (f", {failed} refused" if failed else ""))
    return EXIT_OK if done else EXIT_NOTHING


def run_analyze(args: argparse.Namespace) -> int:
    from .errors import InputError, QuotegraphError
    from .pipeline import Pipeline
    from .readers import read_inputs
    from .record import to_json
    from .summary import summarize

    failures = 0

    def on_error(article, exc: Exception) -> None:
        nonlocal failures
        failures += 1
        report(str(exc) if isinstance(exc, QuotegraphError) else
               f"{article.origin or article.id}: {type(exc).__name__}: {exc}")

    def articles():
        nonlocal failures
        exclude = pathlib.Path(args.output) if args.output else None
        for item in read_inputs(args.paths, sys.stdin.buffer, max_bytes=args.max_bytes,
                                max_chars=args.max_chars, exclude=exclude):
            if isinstance(item, InputError):
                failures += 1
                report(str(item))
            else:
                yield item

    if args.output and any(p != "-" and pathlib.Path(p).resolve() == pathlib.Path(args.output).resolve()
                           for p in args.paths):
        report(f"{args.output}: is an input too; write the output to another file")
        return EXIT_USAGE
    out: TextIO | None = None
    written = 0
    try:
        if args.output:
            out = open(args.output, "w", encoding="utf-8")
        elif not args.summary:
            out = sys.stdout
        for record in Pipeline(on_error=on_error, max_chars=None).pipe(articles()):  # read with --max-chars
            if out is not None:
                out.write(to_json(record) + "\n")
                out.flush()
            if args.summary:
                print(summarize(record), flush=True)
            written += 1
    except OSError as exc:
        report(f"{args.output or 'stdout'}: cannot write ({exc.strerror or exc}); check the path and free space")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        report(f"interrupted; {written} records were written and are complete")
        return 130
    finally:
        if out is not None and out is not sys.stdout:
            out.close()
    if not args.quiet:
        report(f"analyzed {written} article{'s' * (written != 1)}"
               + (f", {failures} failed (see above)" if failures else ""))
    return EXIT_OK if written else EXIT_NOTHING


def run_ingest(args: argparse.Namespace) -> int:
    from .ingest import describe, ingest

    if not args.paths and not args.urls and not args.relink:
        report("ingest: give the articles to analyse (files or directories), --urls LIST, or --relink")
        return EXIT_USAGE
    try:
        summary = ingest(args.paths, args.db, workers=args.workers or None, progress=not args.no_progress,
                         max_bytes=args.max_bytes, max_chars=args.max_chars, on_failure=report,
                         stdin=sys.stdin.buffer, engine=args.engine, scheduler=args.scheduler,
                         article_timeout=args.article_timeout, urls=args.urls, delay=args.delay,
                         relink=args.relink)
    except KeyboardInterrupt:
        report("interrupted; every article written so far is complete, run the same command again to go on")
        return 130
    except (sqlite3.Error, OSError) as exc:
        report(f"{args.db}: cannot write the store ({exc}); check free space and permissions, then run the "
               "same command again: every article written so far is complete")
        return EXIT_NOTHING
    print(describe(summary), file=sys.stderr)
    return EXIT_OK if sum(summary.counts.values()) or args.relink else EXIT_NOTHING


def run_export(args: argparse.Namespace) -> int:
    from .exports import export
    from .store.db import open_store

    conn = open_store(args.db, readonly=True)
    try:
        counts = export(conn, args.format, pathlib.Path(args.output))
    except OSError as exc:
        report(f"{args.output}: cannot write ({exc.strerror or exc}); check the path and free space")
        return EXIT_NOTHING
    finally:
        conn.close()
    report(f"wrote {args.output}: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .web.app import create_app

    app = create_app(args.db)
    host = f"[{args.host}]" if ":" in args.host else args.host
    report(f"serving {args.db} at http://{host}:{args.port}/ (API docs: /docs); Ctrl-C stops")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def entry() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `quotegraph query ... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)


if __name__ == "__main__":
    entry()
