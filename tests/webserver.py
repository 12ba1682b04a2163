"""A real HTTP server on 127.0.0.1 for the fetcher's tests: pages, statuses, redirects, slow,
trickling and huge pages, PDFs and robots.txt, on a free port.

    with serve({"/": Page("<html>hi</html>"), "/gone": Status(404)}) as server:
        fetch(server.url("/"))
        server.log  # [Hit(time, method, path, user_agent), ...]

The server is stdlib ``http.server`` (HTTP/1.0: one request a connection) in a thread. Closing it
wakes every handler that is sleeping or streaming, stops serving and joins every thread it
started: nothing is left behind. An unknown path is a 404.
"""
from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple, Union

HTML = "<!doctype html><html><head><title>Test</title></head><body><p>Привет</p></body></html>"


@dataclass(frozen=True)
class Page:
    """A page: 200 and text/html by default; ``content_type`` None sends no Content-Type."""
    body: str | bytes = HTML
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


PDF = Page(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "application/pdf")


def robots(text: str) -> Page:
    """A robots.txt of ``text``."""
    return Page(text, "text/plain")


@dataclass(frozen=True)
class Status:
    """An error status (with a short text body); with ``times``, only for the first ``times``
    requests, then ``then``. ``retry_after`` is sent as Retry-After."""
    code: int
    times: int | None = None
    then: Page = Page()
    retry_after: str | None = None


@dataclass(frozen=True)
class Redirect:
    """A redirect to ``to``: a path, or a whole URL, sent as given in Location."""
    to: str
    code: int = 301


@dataclass(frozen=True)
class Slow:
    """``page`` after ``seconds`` of silence, then its body one byte every ``trickle`` seconds
    (all at once when 0)."""
    seconds: float = 0.0
    page: Page = Page()
    trickle: float = 0.0


@dataclass(frozen=True)
class Huge:
    """``size`` bytes of HTML, streamed ``chunk`` bytes at a time from one reused chunk (never held
    whole), with or without a Content-Length; stops when the client hangs up."""
    size: int = 20_000_000
    content_length: bool = True
    chunk: int = 65_536


Route = Union[Page, Status, Redirect, Slow, Huge]


class Hit(NamedTuple):
    time: float  # time.monotonic() when the request's headers were read
    method: str
    path: str
    user_agent: str | None


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = False  # handler threads are joined by server_close (block_on_close)
    block_on_close = True
    owner: Server

    def handle_error(self, request, client_address) -> None:
        pass  # a client hanging up mid-answer is expected here


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HTTPServer
    timeout = 5  # seconds a silent connection is kept: no handler can outlive close() by more

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner._record(Hit(time.monotonic(), "GET", self.path, self.headers.get("User-Agent")))
        route = owner.routes.get(self.path, owner.routes.get(path))
        try:
            self._answer(route, owner)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away

    def _answer(self, route: Route | None, owner: Server) -> None:
        if route is None:
            self._page(Page("not found", "text/plain", 404))
        elif isinstance(route, Page):
            self._page(route)
        elif isinstance(route, Status):
            if route.times is not None and owner._count(self.path) > route.times:
                self._page(route.then)
            else:
                headers = (("Retry-After", route.retry_after),) if route.retry_after else ()
                self._page(Page(f"status {route.code}", "text/plain", route.code, headers))
        elif isinstance(route, Redirect):
            self._page(Page("moved", "text/plain", route.code, (("Location", route.to),)))
        elif isinstance(route, Slow):
            self._slow(route, owner.closing)
        elif isinstance(route, Huge):
            self._huge(route, owner)

    def _head(self, page: Page, length: int | None) -> None:
        self.send_response(page.status)
        if page.content_type is not None:
            self.send_header("Content-Type", page.content_type)
        for name, value in page.headers:
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _page(self, page: Page) -> None:
        data = page.data()
        self._head(page, len(data))
        self.wfile.write(data)

    def _slow(self, route: Slow, closing: threading.Event) -> None:
        if closing.wait(route.seconds):
            return
        if not route.trickle:
            self._page(route.page)
            return
        data = route.page.data()
        self._head(route.page, len(data))
        for i in range(len(data)):
            self.wfile.write(data[i:i + 1])
            self.wfile.flush()
            if closing.wait(route.trickle):
                return

    def _huge(self, route: Huge, owner: Server) -> None:
        head = b"<!doctype html><html><body>"
        chunk = b"<p>" + b"x" * (route.chunk - 7) + b"</p>\n"
        self._head(Page(), route.size if route.content_length else None)
        self.wfile.write(head)
        sent = len(head)
        try:
            while sent < route.size and not owner.closing.is_set():
                piece = chunk if route.size - sent >= len(chunk) else chunk[:route.size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        finally:
            owner._sent(self.path, sent)


class Server:
    """A running server of ``routes`` (path -> Route); see the module docstring."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = dict(routes)
        self.log: list[Hit] = []
        self.sent: dict[str, int] = {}  # path -> bytes of a Huge body written before it stopped
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"webserver:{self.port}", daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        """The paths requested, in order."""
        with self._lock:
            return [hit.path for hit in self.log]

    def hits(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.log if hit.path == path]

    def close(self) -> None:
        """Wake the sleeping handlers, stop serving, and join every thread."""
        if self.closing.is_set():
            return
        self.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()  # joins the handler threads
        self._thread.join()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.log.append(hit)

    def _count(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def _sent(self, path: str, size: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + size


def serve(routes: dict[str, Route]) -> Server:
    """A server of ``routes`` on a free port of 127.0.0.1, running: close it (or use ``with``)."""
    return Server(routes)


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on (it was free a moment ago)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
