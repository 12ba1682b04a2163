"""OpenAPI docs at /docs: Swagger UI 5 from the fastapi-offline package, started by a script
file rather than an inline one, so the page passes the Content-Security-Policy."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>quotegraph API</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/vendor/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/vendor/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body></html>"""


@router.get("/docs", response_class=HTMLResponse)
def swagger() -> str:
    return PAGE
