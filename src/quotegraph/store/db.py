"""Opening a store: one SQLite file in WAL mode, so readers never wait for the writer."""
from __future__ import annotations

import pathlib
import sqlite3

from ..errors import SetupError
from .schema import VERSION, migrate

BUSY_TIMEOUT_MS = 30_000


def open_store(path: str | pathlib.Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path``; created and migrated unless ``readonly``.

    WAL journal, ``synchronous=NORMAL``: a commit survives the process being killed at any
    moment (a power cut may lose the last commits, never consistency).
    """
    path = pathlib.Path(path)
    if path.is_dir():
        raise SetupError(f"{path}: is a directory; give the store a file name, such as {path / 'corpus.db'}")
    if readonly:
        if not path.is_file():
            raise SetupError(f"{path}: no such store; make one with `quotegraph ingest PATH --db {path}`")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False, isolation_level=None)
    else:
        if path.parent and not path.parent.exists():
            raise SetupError(f"{path}: folder {path.parent} does not exist; create it or choose another path")
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        else:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                raise SetupError(f"{path}: not a quotegraph store (no schema); "
                                 f"make one with `quotegraph ingest PATH --db {path}`")
            if version < VERSION:  # made by an older quotegraph: brought up to date once, then read
                conn.close()
                _upgraded(path)
                return open_store(path, readonly=True)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SetupError(f"{path}: not a quotegraph store ({exc}); choose another file") from exc
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def _upgraded(path: pathlib.Path) -> None:
    """Migrate an older store that is about to be read, or say in one line why it cannot be."""
    try:
        open_store(path).close()
    except sqlite3.OperationalError as exc:  # a read-only file or folder
        raise SetupError(f"{path}: made by an older quotegraph and cannot be upgraded here ({exc}); "
                         "make it writable once, or copy it somewhere writable, and run the command again") from exc
