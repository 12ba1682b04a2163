"""Headers and limits on every response: a strict Content-Security-Policy (scripts, styles and
images from this app only, no inline script), no framing, no sniffing; requests with a body,
or with an overlong URL, are refused before any route runs."""
from __future__ import annotations

from fastapi import FastAPI, Request

from ..errors import QuotegraphError
from .errors import error_response

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
MAX_URL = 2048  # characters of path and query string
MAX_BODY = 0  # a read-only app takes no request bodies


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next):
        url_length = len(request.url.path) + len(request.url.query)
        if url_length > MAX_URL:
            response = error_response(request, 414, f"the URL is {url_length} characters; the limit is {MAX_URL}")
        elif int(request.headers.get("content-length") or 0) > MAX_BODY or "transfer-encoding" in request.headers:
            response = error_response(request, 413, "this API is read-only and takes no request body")
        else:
            try:
                response = await call_next(request)
            except QuotegraphError as exc:  # the store went away or is unreadable
                response = error_response(request, 503, str(exc))
            except Exception as exc:  # a bug: a 500 in the one error shape, with these headers too
                response = error_response(request, 500, f"internal error ({type(exc).__name__}); please report it")
        response.headers.update(HEADERS)
        return response
