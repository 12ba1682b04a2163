"""The command line: ``quotegraph analyze [PATH ...] [-o OUT]``.

Exit status: 0 when at least one article was analysed (errors on others are reported on
stderr, one line each), 1 when nothing could be analysed, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
from typing import TextIO

from . import __version__

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="quotegraph", description="Who said what, about whom, and when, "
                                 "in Russian news articles.")
    ap.add_argument("--version", action="version", version=f"quotegraph {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    an = sub.add_parser("analyze", help="articles in, JSON Lines records out",
                        description="Analyse articles and write one JSON record per article, in input order.")
    an.add_argument("paths", nargs="*", default=["-"], metavar="PATH",
                    help=".txt or .jsonl files, directories of them (searched recursively), or - for stdin "
                         "(the default)")
    an.add_argument("-o", "--output", metavar="OUT", help="write the records to OUT instead of stdout")
    an.add_argument("--summary", action="store_true",
                    help="print a readable summary of each article (entities, roles, dates, quotes) to stdout; "
                         "records still go to OUT when -o is given")
    an.add_argument("--max-bytes", type=int, default=50_000_000, metavar="N",
                    help="refuse .txt files and JSONL lines larger than N bytes (default: 50 MB)")
    an.add_argument("-q", "--quiet", action="store_true", help="no closing count on stderr")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "analyze":
        return run_analyze(args)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


def report(message: str) -> None:
    print(f"quotegraph: {message}", file=sys.stderr, flush=True)


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
        for item in read_inputs(args.paths, sys.stdin.buffer, max_bytes=args.max_bytes, exclude=exclude):
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
        for record in Pipeline(on_error=on_error).pipe(articles()):
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


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
