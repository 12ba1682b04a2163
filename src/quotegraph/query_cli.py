"""``quotegraph query``: placeholder until the query commands land."""
from __future__ import annotations


def add_query_parser(sub) -> None:
    pass


def run_query(args) -> int:
    return 2
