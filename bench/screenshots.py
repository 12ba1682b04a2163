"""Screenshots of the main pages for docs/img/, taken in Debian's chromium through Playwright.

    .venv/bin/python bench/screenshots.py [--shared ../shared]

The corpus is the bundled example plus ods-news-sample (36 dated agency articles), ingested
into build/screens.db; a real `quotegraph serve` answers the browser.
"""
from __future__ import annotations

import argparse
import pathlib
import sqlite3
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from api import free_port, serve  # noqa: E402
from browser import launch  # noqa: E402

OUT = ROOT / "docs" / "img"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    from quotegraph.ingest import ingest

    sample = pathlib.Path(args.shared) / "data" / "ods-news-sample"
    if not sample.is_dir():
        sys.exit(f"needs {sample}; pass --shared PATH")
    db = ROOT / "build" / "screens.db"
    db.parent.mkdir(exist_ok=True)
    ingest([str(ROOT / "examples"), str(sample)], db, progress=False)
    with sqlite3.connect(db) as conn:
        seed = conn.execute("SELECT id FROM articles WHERE key = 'dayaz-2025-11-12'").fetchone()[0]
        person = conn.execute("SELECT id FROM identities WHERE name = 'Айгерим Жампетова'").fetchone()[0]
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve(db, port)
    base = f"http://127.0.0.1:{port}"
    shots = {
        "search.png": "/?text=%D0%BF%D0%BE%D0%B1%D0%B5%D0%B4%D0%B0",  # «победа»
        "person.png": f"/person/{person}",
        "article.png": f"/article/{seed}",
        "network.png": "/network",
    }
    try:
        with launch() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in shots.items():
                page.goto(base + path)
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"docs/img/{name}  ←  {path}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
