"""The benchmark corpus store: all 933 NEREL texts ingested once into build/nerel.db and reused."""
from __future__ import annotations

import pathlib
import sys

SPLITS = ("train", "dev", "test")


def nerel_dirs(shared: pathlib.Path) -> list[pathlib.Path]:
    dirs = [shared / "data" / "nerel-v1.1" / split for split in SPLITS]
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        sys.exit(f"needs {missing[0]} (the shared folder beside the project); pass --shared PATH")
    return dirs


def nerel_store(shared: pathlib.Path, db: pathlib.Path, rebuild: bool = False, workers: int | None = None
                ) -> pathlib.Path:
    """The store of every NEREL text; ingested when absent or ``rebuild`` (an ingest of what
    is already stored only checks hashes, so reusing it is safe after a code change only
    with --rebuild)."""
    from quotegraph.ingest import describe, ingest

    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    summary = ingest([str(d) for d in nerel_dirs(shared)], db, workers=workers, progress=sys.stderr.isatty())
    if summary.counts["added"] or summary.failed:
        print(describe(summary), file=sys.stderr)
    return db
