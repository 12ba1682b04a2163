"""The web application: a JSON API under /api, server-rendered pages, OpenAPI docs at /docs.

Read-only by construction: every route is GET, and the store is opened read-only per request
(WAL: pages keep answering while an ingest writes). Nothing is loaded from outside: the
pages' CSS and JavaScript, and Swagger UI's, are served from this app.
"""
from __future__ import annotations

import pathlib
import sqlite3
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..store.db import open_store

STATIC = pathlib.Path(__file__).parent / "static"


def create_app(db: str | pathlib.Path) -> FastAPI:
    """The app over the store at ``db`` (checked now: a bad path fails before serving)."""
    from . import api, docs, errors, pages, security

    db = pathlib.Path(db)
    open_store(db, readonly=True).close()
    app = FastAPI(title="quotegraph", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Who said what, about whom, and when: a read-only corpus of quotations.")
    app.state.db = db
    security.install(app)
    errors.install(app)
    app.include_router(api.router, prefix="/api")
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/vendor/swagger", StaticFiles(directory=swagger_assets()), name="swagger")
    return app


def swagger_assets() -> pathlib.Path:
    """Swagger UI 5 (it reads OpenAPI 3.1), as shipped in the fastapi-offline wheel."""
    import fastapi_offline
    return pathlib.Path(fastapi_offline.__file__).parent / "static"


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for one request (a FastAPI dependency)."""
    conn = open_store(request.app.state.db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()
