"""One JSON error shape for every failure of the API:

    {"error": {"status": 404, "code": "not_found", "message": "no person with id 7"}}

Pages get the same message in an HTML page.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
         414: "uri_too_long", 422: "invalid_parameter", 500: "internal_error", 503: "unavailable"}


class NotFound(HTTPException):
    def __init__(self, message: str):
        super().__init__(404, message)


def error_response(request: Request, status: int, message: str) -> JSONResponse | HTMLResponse:
    if request.url.path.startswith("/api") or request.url.path.endswith(".json"):
        return JSONResponse({"error": {"status": status, "code": CODES.get(status, "error"), "message": message}},
                            status_code=status)
    from .render import error_page
    return HTMLResponse(error_page(status, message), status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        return error_response(request, 422, problems)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        return error_response(request, 500, f"internal error ({type(exc).__name__}); please report it")
