"""The benchmark corpus store: all 933 NEREL texts ingested into build/nerel.db, and reused
while quotegraph's code and data are unchanged (a fingerprint of src/quotegraph is kept in
the store's meta table; any change rebuilds it)."""
from __future__ import annotations

import hashlib
import pathlib
import sqlite3
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPLITS = ("train", "dev", "test")


def nerel_dirs(shared: pathlib.Path) -> list[pathlib.Path]:
    dirs = [shared / "data" / "nerel-v1.1" / split for split in SPLITS]
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        sys.exit(f"needs {missing[0]} (the shared folder beside the project); pass --shared PATH")
    return dirs


# what only linking reads (it reruns on every bench run): a change there keeps the store
LINKING_ONLY = ("identity/", "lang/ru/identity.txt", "lang/ru/places.tsv", "lang/en/places.tsv",
                "lang/ru/aliases.tsv", "lang/ru/bodies.tsv", "lang/en/bodies.tsv")


SCALE_STORE = "store_scale"  # the fingerprint a store made by bench/store_scale.py carries


def fingerprint() -> str:
    """A hash of quotegraph's code and language data: what an analysis depends on."""
    h = hashlib.sha256()
    package = ROOT / "src" / "quotegraph"
    for path in sorted(package.rglob("*")):
        name = path.relative_to(package).as_posix()
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json") and not name.startswith(LINKING_ONLY):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _stored_fingerprint(db: pathlib.Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'bench_fingerprint'").fetchone()
            return row[0] if row else None
    except sqlite3.Error:
        return None


def nerel_store(shared: pathlib.Path, db: pathlib.Path, rebuild: bool = False, workers: int | None = None
                ) -> pathlib.Path:
    """The store of every NEREL text, rebuilt when absent, made by other code, or ``rebuild``."""
    from quotegraph.ingest import describe, ingest

    dirs = nerel_dirs(shared)
    current = fingerprint()
    if db.exists() and not rebuild and _stored_fingerprint(db) in (current, SCALE_STORE):
        return db  # (a store of bench/store_scale.py is never rebuilt as the NEREL store)
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    summary = ingest([str(d) for d in dirs], db, workers=workers, progress=sys.stderr.isatty())
    print(describe(summary), file=sys.stderr)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_fingerprint', ?)", (current,))
    return db
