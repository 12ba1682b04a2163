"""Exports of a corpus store: the analyze records as JSON Lines, Parquet tables, the
speaker → target network as GraphML, and a GDELT GKG 2.1-style TSV (docs/exports.md).

Every format streams from the store (memory stays bounded however large it is) and reads one
snapshot of it, so the files agree with one another even while an ingest is writing. A file is
written under a ``.part`` name and renamed into place when complete.
"""
from __future__ import annotations

import contextlib
import pathlib
import sqlite3
from collections.abc import Callable, Iterator

FORMATS = ("jsonl", "parquet", "graphml", "gkg")


def export(conn: sqlite3.Connection, fmt: str, out: pathlib.Path) -> dict[str, int]:
    """Write the store behind ``conn`` to ``out`` in ``fmt`` (one of ``FORMATS``; for parquet
    ``out`` is a directory); returns how many of each thing were written."""
    write = _writer(fmt)
    with snapshot(conn):
        return write(conn, pathlib.Path(out))


def _writer(fmt: str) -> Callable[[sqlite3.Connection, pathlib.Path], dict[str, int]]:
    if fmt == "jsonl":
        from .jsonl import write_jsonl
        return write_jsonl
    if fmt == "parquet":
        from .parquet import write_parquet
        return write_parquet
    if fmt == "graphml":
        from .graphml import write_graphml
        return write_graphml
    if fmt == "gkg":
        from .gkg import write_gkg
        return write_gkg
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around the export, unless the caller already holds one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # nothing was written: ending the read is all it does


@contextlib.contextmanager
def replacing(path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A temporary path beside ``path`` to write to; renamed to ``path`` when the block ends
    without error, removed when it fails, so ``path`` is never a half-written file."""
    part = path.with_name(path.name + ".part")
    try:
        yield part
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
