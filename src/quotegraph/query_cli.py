"""``quotegraph query``: the store's questions on the command line, as tables or JSON."""
from __future__ import annotations

import argparse
import json
import sys

QUOTE_COLUMNS = ("date", "speaker", "text", "article", "kind", "copies")


def add_query_parser(sub) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", required=True, metavar="DB", help="the store")
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    common.add_argument("--limit", type=int, default=50, metavar="N", help="at most N rows (default 50)")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--from", dest="date_from", metavar="DATE", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    dated.add_argument("--to", dest="date_to", metavar="DATE", help="up to this date, inclusive")
    copies = argparse.ArgumentParser(add_help=False)
    copies.add_argument("--copies", action="store_true",
                        help="count the quotes of every outlet that carried a syndicated story, not once")

    q = sub.add_parser("query", help="ask the store who said what, about whom, and when",
                       description="Ask a corpus store. Names match any alias in any word form; #ID names "
                                   "an identity by its id.")
    qs = q.add_subparsers(dest="question", required=True, metavar="QUESTION")
    p = qs.add_parser("said", parents=[common, dated, copies], help="quotes by a speaker")
    p.add_argument("name", help="the speaker: a name in any form, or #ID")
    p = qs.add_parser("about", parents=[common, dated], help="quotes that mention an entity, with their tone to it")
    p.add_argument("name", help="the entity: a name in any form, or #ID")
    p.add_argument("--tone", choices=["positive", "negative", "neutral"], help="only quotes of this tone towards it")
    p = qs.add_parser("tone", parents=[common, dated],
                      help="who speaks about an entity, and how (praise and criticism per speaker)")
    p.add_argument("name", help="the entity: a name in any form, or #ID")
    side = p.add_mutually_exclusive_group()
    for t in ("positive", "negative", "neutral"):
        side.add_argument(f"--{t}", dest="tone", action="store_const", const=t,
                          help=f"only speakers with {t} quotes about it, most first")
    p = qs.add_parser("search", parents=[common, dated, copies], help="full-text search of quotes (any word form)")
    p.add_argument("words", nargs="+", help="words that must all occur")
    p = qs.add_parser("top-speakers", parents=[common, copies], help="identities with the most quotes")
    p.add_argument("--type", choices=["PER", "ORG", "LOC"], help="only persons, organisations or places")
    p.add_argument("--quotes", type=int, default=0, metavar="K", help="also show each speaker's first K quotes")
    qs.add_parser("quoting", parents=[common], help="who quotes whom (quotes nested in quotes)")
    p = qs.add_parser("network", parents=[common], help="speaker → entity mentioned in their quotes")
    p.add_argument("--speaker", metavar="NAME", help="only this speaker's edges")
    p.add_argument("--min", type=int, default=1, metavar="N", help="edges of at least N quotes")
    p = qs.add_parser("timeline", parents=[common], help="a speaker's quotes per period")
    p.add_argument("name", help="the speaker")
    p.add_argument("--by", choices=["day", "month", "year"], default="month")
    p = qs.add_parser("statements", parents=[common],
                      help="a speaker's statements: one utterance and every article that quoted it")
    p.add_argument("--speaker", required=True, metavar="NAME", help="the speaker: a name in any form, or #ID")
    p.add_argument("--min-articles", type=int, default=1, metavar="N", help="only statements quoted in N articles or more")
    p = qs.add_parser("spread", parents=[common], help="one statement's occurrences: who carried it, when, how")
    p.add_argument("statement", type=int, metavar="STATEMENT_ID")
    p = qs.add_parser("who", parents=[common], help="the identities a name may mean, with aliases and roles")
    p.add_argument("name")


def run_query(args: argparse.Namespace) -> int:
    from .cli import report
    from .store import queries
    from .store.db import open_store

    conn = open_store(args.db, readonly=True)
    try:
        if args.question in ("said", "about", "timeline", "tone"):
            who = queries.identity(conn, args.name)
            if who is None:
                report(f"no one called {args.name!r} in {args.db}; try `quotegraph query who {args.name} --db {args.db}`")
                return 1
            if args.question == "timeline":
                rows = queries.timeline(conn, who["id"], by=args.by)
                columns = ("period", "quotes", "articles")
            elif args.question == "tone":
                rows = queries.speakers_about(conn, who["id"], tone=args.tone, date_from=args.date_from,
                                              date_to=args.date_to, limit=args.limit)
                columns = ("speaker", "quotes", "positive", "negative", "neutral", "score")
            elif args.question == "about":
                rows = queries.quotes_about(conn, who["id"], tone=args.tone, date_from=args.date_from,
                                            date_to=args.date_to, limit=args.limit)
                columns = ("date", "speaker", "target_tone", "text", "article")
            else:
                rows = queries.quotes_by(conn, who["id"], date_from=args.date_from, date_to=args.date_to,
                                         limit=args.limit, copies=args.copies)
                columns = QUOTE_COLUMNS
            title = f"{who['name']} (#{who['id']}, {who['type']})"
            return show(args, {"identity": who, "rows": rows}, rows, columns, title)
        if args.question == "search":
            text = " ".join(args.words)
            rows = queries.search_quotes(conn, text, date_from=args.date_from, date_to=args.date_to,
                                         limit=args.limit, copies=args.copies)
            return show(args, rows, rows, QUOTE_COLUMNS, f"quotes with: {text}")
        if args.question == "top-speakers":
            rows = queries.top_speakers(conn, type=args.type, limit=args.limit, copies=args.copies)
            columns = ("id", "name", "type", "quotes", "articles", "first_seen", "last_seen")
            if args.quotes:
                for row in rows:
                    said = queries.quotes_by(conn, row["id"], limit=args.quotes, copies=args.copies)
                    row["said"] = [r["text"] for r in said]
            code = show(args, rows, rows, columns, "top speakers")
            if args.quotes and not args.json:
                for row in rows:
                    print(f"\n{row['name']} ({row['quotes']} quote{'s' * (row['quotes'] != 1)}):")
                    for text in row["said"]:
                        print(f"  «{_short(text)}»")
            return code
        if args.question == "quoting":
            rows = queries.who_quotes_whom(conn, limit=args.limit)
            return show(args, rows, rows, ("quoting", "quoted", "quotes"), "who quotes whom")
        if args.question == "network":
            speaker = None
            if args.speaker:
                who = queries.identity(conn, args.speaker)
                if who is None:
                    report(f"no one called {args.speaker!r} in {args.db}")
                    return 1
                speaker = who["id"]
            rows = queries.network(conn, speaker_id=speaker, min_quotes=args.min, limit=args.limit)
            return show(args, rows, rows, ("speaker", "target", "target_type", "quotes"), "speaker → mentioned")
        if args.question == "statements":
            who = queries.identity(conn, args.speaker)
            if who is None:
                report(f"no one called {args.speaker!r} in {args.db}")
                return 1
            rows = queries.statements_by(conn, who["id"], min_articles=args.min_articles, limit=args.limit)
            for row in rows:
                row["first"] = row["first_seen"]["date"] or ""
            plain = [{k: v for k, v in r.items() if k != "first"} for r in rows]
            return show(args, {"identity": who, "rows": plain}, rows,
                        ("id", "first", "n_articles", "n_outlets", "text"), f"statements of {who['name']} (#{who['id']})")
        if args.question == "spread":
            found = queries.statement(conn, args.statement)
            if found is None:
                report(f"no statement #{args.statement} in {args.db}; `quotegraph query statements --speaker NAME` lists them")
                return 1
            rows = found["occurrences"]
            return show(args, {"rows": [found]}, rows, ("date", "outlet", "article", "kind", "text"),
                        f"statement #{found['id']} of {found['speaker']}: {_short(found['text'], 80)}")
        if args.question == "who":
            found = queries.find_identities(conn, args.name)[:args.limit]
            for row in found:
                row["aliases"] = [a["alias"] for a in queries.aliases_of(conn, row["id"])]
                row["roles"] = [r["role"] for r in queries.roles_of(conn, row["id"])]
            for row in found:
                row["aliases_shown"] = ", ".join(row["aliases"][:6])
                row["roles_shown"] = ", ".join(row["roles"][:3])
            plain = [{k: v for k, v in r.items() if not k.endswith("_shown")} for r in found]
            return show(args, plain, found, ("id", "name", "type", "n_quotes", "n_mentions", "aliases_shown",
                                              "roles_shown"), f"identities called {args.name}")
    finally:
        conn.close()
    return 2


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show(args: argparse.Namespace, payload, rows: list[dict], columns: tuple[str, ...], title: str) -> int:
    """Print JSON (everything) or a table (the main columns); exit 0 even when nothing matched."""
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{title}: {len(rows)} row{'s' * (len(rows) != 1)}", title_justify="left")
    for column in columns:
        wide = column in ("text", "name", "speaker", "target", "quoting", "quoted") or column.endswith("_shown")
        table.add_column(column.removesuffix("_shown"), overflow="fold", no_wrap=not wide,
                         ratio=4 if column == "text" else None)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row[c]) for c in columns))
    Console().print(table)
    return 0
