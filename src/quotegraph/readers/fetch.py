"""URLs -> HTML pages, politely: ``quotegraph ingest --urls urls.txt``.

One request at a time, ``delay`` seconds apart per host (from the end of one request to the start
of the next), robots.txt read once per site and obeyed, redirects followed here hop by hop (each
hop is checked against robots.txt, waits its turn and counts), bodies streamed and refused once
over ``max_bytes``. A bad URL or a network problem never raises: ``fetch`` returns a
``FetchFailure`` with a one-line reason, and the batch goes on.

"Host" (for the delay) is the host name plus the port when the URL gives one that is not its
scheme's default: ``http://example.com`` and ``https://example.com`` wait for each other, but
``127.0.0.1:8001`` and ``127.0.0.1:8002`` are two hosts. robots.txt belongs to a site: scheme,
host and port (RFC 9309), so ``http://`` and ``https://`` each have their own.

robots.txt policy (RFC 9309, section 2.3.1, as Google and Bing do):

* 200: its rules, for the group matching the user-agent token ``quotegraph`` (else ``*``),
  read by ``urllib.robotparser`` (which takes the first matching rule, not the longest), and its
  Crawl-delay when larger than ``delay`` (at most MAX_CRAWL_DELAY); only its first 500 KiB are
  read. Redirects are followed, up to five.
* 4xx other than 429 ("unavailable"), or more than five redirects: no rules, every page allowed.
* 5xx, 429, a timeout or a network error ("unreachable"), after the usual retries: every page of
  the site is refused ("robots.txt unreachable: 503 Service Unavailable after 3 tries"), unasked --
  a crawler must not take a server error for permission. An unreachable robots.txt is asked again
  after ROBOTS_RECHECK seconds; one read (or absent) is kept ROBOTS_KEEP seconds (24 h).
"""
from __future__ import annotations

import email.utils
import http
import io
import re
import socket
import ssl
import time
import urllib.robotparser
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import httpx

from quotegraph import __version__
from quotegraph.errors import InputError
from quotegraph.readers import _bounded_lines

USER_AGENT = f"quotegraph/{__version__} (+https://github.com/quotegraph/quotegraph; news quote research)"
ROBOTS_TOKEN = "quotegraph"  # the product token robots.txt groups are matched against
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html,application/xhtml+xml;q=0.9"
REDIRECTS = (301, 302, 303, 307, 308)
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is cut to this
MAX_CRAWL_DELAY = 60.0  # seconds: a longer Crawl-delay is cut to this
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five
ROBOTS_KEEP = 24 * 3600.0  # seconds a robots.txt read (or absent) is kept
ROBOTS_RECHECK = 600.0  # seconds an unreachable robots.txt is kept before it is asked again
SNIFF_BYTES = 512  # bytes looked at when a page has no Content-Type
MAX_URL_LINE = 65_536  # bytes: a longer line of a URL list is not a URL
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"\s+#")


@dataclass(frozen=True)
class Fetched:
    """A page fetched: 200, HTML, whole."""
    url: str  # the URL as listed (the article's key)
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type, lowercase, without parameters: "text/html"
    body: bytes
    fetched_at: str  # ISO 8601 UTC, seconds: "2025-11-12T09:30:00+00:00"
    charset: str | None  # from Content-Type, lowercase, if any


@dataclass(frozen=True)
class FetchFailure:
    """A URL that gave no page, and why, in one line."""
    url: str
    reason: str


@dataclass(frozen=True)
class FetchOptions:
    """How politely, how long and how much to fetch."""
    delay: float = 1.0  # seconds between two requests to the same host, from the end of the first
    timeout: float = 15.0  # per request: connecting, and each wait for bytes
    retries: int = 2  # extra tries after a timeout, connection error, 429 or 5xx; not after 4xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time; Retry-After wins
    max_redirects: int = 5
    max_bytes: int = 5_000_000  # a longer body is a failure, not a truncated page
    user_agent: str = USER_AGENT
    robots: bool = True
    total_timeout: float = 120.0  # seconds for one whole response: a server trickling bytes is cut off


# --- internal outcomes of one request --------------------------------------------------------

@dataclass(frozen=True)
class _Failed:
    reason: str
    status: int | None = None  # the HTTP status, when there was an answer
    retry: bool = False  # worth another try
    retry_after: float | None = None  # seconds the server asked us to wait
    tries: int = 1
    network: bool = False  # no (whole) answer: a timeout, a connection or DNS error

    def described(self) -> str:
        """The reason, with the number of tries when there was more than one."""
        if self.tries == 1:
            return self.reason
        return f"{self.reason}, {self.tries} tries" if " after " in self.reason \
            else f"{self.reason} after {self.tries} tries"


@dataclass(frozen=True)
class _Redirect:
    location: httpx.URL


@dataclass(frozen=True)
class _Body:
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: no rules
    unreachable: str | None  # the reason every page is refused, or None
    expires: float


# --- the URL list ------------------------------------------------------------------------------

def read_url_list(path: str | Path) -> Iterator[tuple[int, str] | InputError]:
    """(line number, url) per URL line of a text file, in order.

    Blank lines and lines starting with # are skipped, and a comment after whitespace and # is cut
    off. A line that is not one http(s) URL yields an InputError naming it (``urls.txt:7``); a
    file that cannot be read yields one InputError and ends."""
    try:
        stream = open(path, "rb")
    except OSError as error:
        yield InputError(str(path), f"cannot read ({error.strerror or error})", "check the path")
        return
    with stream:
        for number, raw in _bounded_lines(stream.readline, MAX_URL_LINE):
            where = f"{path}:{number}"
            if raw is None:
                yield InputError(where, f"line over {MAX_URL_LINE:,} bytes, not a URL",
                                 "write one URL a line, starting with http:// or https://")
                continue
            item = _url_line(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, where)
            if item is not None:
                yield item if isinstance(item, InputError) else (number, item)


def _url_line(raw: bytes, where: str) -> str | InputError | None:
    """The URL on one line, None for a blank or comment line, or the InputError of a bad one."""
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError as error:
        return InputError(where, f"not valid UTF-8 (at byte {error.start + 1})", "save the file as UTF-8")
    if not line or line.startswith("#"):
        return None
    url = _COMMENT.split(line, maxsplit=1)[0]
    if _web_url(url) is None:
        shown = url if len(url) <= 80 else url[:77] + "..."
        return InputError(where, f"not an http(s) URL: {shown!r}",
                          "write one URL a line, starting with http:// or https://")
    return url


def _web_url(text: str) -> httpx.URL | None:
    """``text`` as an absolute http(s) URL with a host, or None."""
    if any(char.isspace() for char in text):
        return None
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError, TypeError):
        return None
    if url.scheme not in ("http", "https") or not url.host or url.port is not None and not 0 < url.port < 65536:
        return None
    return url


# --- response headers ------------------------------------------------------------------------

def status_text(status: int) -> str:
    """``404 Not Found``."""
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """(media type lowercase, charset or None) of a Content-Type header; ("", None) if absent."""
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, given = param.partition("=")
        if name.strip().lower() == "charset" and given.strip().strip("\"'"):
            charset = given.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def retry_after(value: str | None, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), at most MAX_RETRY_AFTER."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - now()).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def looks_like_html(start: bytes) -> bool:
    """Whether a body's first bytes open an HTML document (``<!doctype html`` or ``<html``)."""
    return _HTML_START.match(start.removeprefix(b"\xef\xbb\xbf")) is not None


def _answer(response: httpx.Response) -> _Failed | _Redirect | None:
    """What a response's status says: a redirect, a failure, or None for 200."""
    status = response.status_code
    if status == 200:
        return None
    if status in REDIRECTS:
        location = response.headers.get("location", "").strip()
        if not location:
            return _Failed(f"{status_text(status)} without a Location", status)
        try:
            target = response.url.join(location)
        except (httpx.InvalidURL, ValueError):
            return _Failed(f"redirect to an invalid URL ({location[:100]!r})", status)
        if target.scheme not in ("http", "https") or not target.host:
            return _Failed(f"redirect to a non-http(s) URL ({str(target)[:100]})", status)
        return _Redirect(target.copy_with(fragment=None))
    if status == 429 or status >= 500:
        return _Failed(status_text(status), status, retry=True,
                       retry_after=retry_after(response.headers.get("retry-after")))
    return _Failed(status_text(status), status)


# --- network errors --------------------------------------------------------------------------

def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


_DNS_WORDS = ("name or service not known", "nodename nor servname", "name resolution",
              "no address associated", "getaddrinfo")


def failure_of(exc: Exception, url: httpx.URL, timeout: float) -> _Failed:
    """The one-line reason for an exception of httpx (or below it), and whether to try again."""
    if isinstance(exc, httpx.TimeoutException):
        return _Failed(f"timed out after {timeout:g} s", retry=True, network=True)
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return _Failed(f"not a valid URL ({_first_line(exc)})")
    causes = list(_causes(exc))
    if isinstance(exc, httpx.ConnectError):
        if any(isinstance(c, socket.gaierror) for c in causes) or any(
                word in _first_line(exc).lower() for word in _DNS_WORDS):
            temporary = any(getattr(c, "errno", None) == socket.EAI_AGAIN for c in causes) \
                or "temporary" in _first_line(exc).lower()
            return _Failed(f"DNS lookup failed ({url.host})", retry=temporary, network=True)
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in _first_line(exc).lower():
            return _Failed("connection refused", retry=True, network=True)
    if any(isinstance(c, ssl.SSLError) for c in causes):
        return _Failed(f"TLS error ({_first_line(exc)})", network=True)
    if isinstance(exc, httpx.ConnectError):
        return _Failed(f"cannot connect ({_first_line(exc)})", retry=True, network=True)
    if isinstance(exc, httpx.RemoteProtocolError):
        return _Failed(f"broken response ({_first_line(exc)})", retry=True, network=True)
    if isinstance(exc, (httpx.NetworkError, httpx.ProxyError)):
        return _Failed(f"connection lost ({_first_line(exc)})", retry=True, network=True)
    if isinstance(exc, httpx.DecodingError):
        return _Failed(f"cannot decode the page ({_first_line(exc)})")
    return _Failed(f"request failed ({type(exc).__name__}: {_first_line(exc)})", network=True)


# --- the fetcher -----------------------------------------------------------------------------

def _host(url: httpx.URL) -> str:
    """The key of the per-host delay: the host, and the port when not the scheme's default."""
    return url.host if url.port is None else f"{url.host}:{url.port}"


def _site(url: httpx.URL) -> tuple[str, str, int | None]:
    """The key of robots.txt: scheme, host and port."""
    return url.scheme, url.host, url.port


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Fetcher:
    """Fetches pages one at a time, at most one request in flight per host, ``delay`` seconds
    apart per host (Crawl-delay, when larger), obeying robots.txt (see the module docstring).

    A context manager: leaving it closes the HTTP client. ``clock`` and ``sleep`` time the
    delays; ``transport`` replaces the network (tests)."""

    def __init__(self, options: FetchOptions = FetchOptions(), *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None):
        self.options = options
        self._clock, self._sleep = clock, sleep
        self._client = httpx.Client(
            follow_redirects=False, timeout=options.timeout, transport=transport,
            headers={"User-Agent": options.user_agent, "Accept": ACCEPT})
        self._ready_at: dict[str, float] = {}  # host -> when its next request may start
        self._crawl_delay: dict[str, float] = {}  # host -> its robots.txt Crawl-delay
        self._robots: dict[tuple[str, str, int | None], _Robots] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch_all(self, urls: Iterable[str]) -> Iterator[Fetched | FetchFailure]:
        """``fetch`` of each URL, in input order."""
        for url in urls:
            yield self.fetch(url)

    def fetch(self, url: str) -> Fetched | FetchFailure:
        """The page at ``url``, or why there is none. Never raises for a bad URL or the network."""
        start = _web_url(url.strip()) if isinstance(url, str) else None
        if start is None:
            return FetchFailure(url, "not a valid URL (an http:// or https:// URL is needed)")
        try:
            final, outcome = self._follow(start, self._read_page, self.options.max_redirects, robots=True)
        except Exception as exc:  # a bug or an unforeseen error stops this URL, not the batch
            return FetchFailure(url, f"unexpected error ({type(exc).__name__}: {_first_line(exc)})")
        if isinstance(outcome, _Failed):
            return FetchFailure(url, outcome.described())
        return Fetched(url=url, final_url=str(final), status=200, content_type=outcome.content_type,
                       body=outcome.body, fetched_at=_now(), charset=outcome.charset)

    # --- redirects, retries, delays --------------------------------------------------------

    def _follow(self, url: httpx.URL, read: Callable, max_redirects: int, *, robots: bool):
        """(last URL, outcome of ``read`` or _Failed), following up to ``max_redirects`` redirects;
        every hop checked against robots.txt when ``robots``."""
        seen: set[str] = set()
        for hop in range(max_redirects + 1):
            key = str(url.copy_with(fragment=None))
            if key in seen:
                return url, _Failed(f"redirect loop (back to {key[:200]})")
            seen.add(key)
            refused = self._refused(url) if robots else None
            if refused:
                return url, _Failed(f"{refused} (redirected to {key[:200]})" if hop else refused)
            outcome = self._request(url, read)
            if not isinstance(outcome, _Redirect):
                return url, outcome
            url = outcome.location
        return url, _Failed(f"too many redirects (over {max_redirects})")

    def _request(self, url: httpx.URL, read: Callable) -> _Failed | _Redirect | object:
        """One request, tried again after a timeout, a connection error, 429 or 5xx."""
        host = _host(url)
        tries = 0
        while True:
            tries += 1
            self._wait_turn(host)
            try:
                outcome = self._attempt(url, read)
            finally:
                self._ready_at[host] = self._clock() + self._delay(host)
            if not isinstance(outcome, _Failed):
                return outcome
            if not outcome.retry or tries > self.options.retries:
                return replace(outcome, tries=tries)
            wait = outcome.retry_after if outcome.retry_after is not None \
                else self.options.backoff * 2 ** (tries - 1)
            self._ready_at[host] = max(self._ready_at[host], self._clock() + wait)

    def _attempt(self, url: httpx.URL, read: Callable) -> _Failed | _Redirect | object:
        """One GET: a redirect, a failure, or what ``read`` makes of a 200 response."""
        try:
            with self._client.stream("GET", url) as response:
                return _answer(response) or read(response)
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as exc:
            return failure_of(exc, url, self.options.timeout)

    def _delay(self, host: str) -> float:
        return max(self.options.delay, self._crawl_delay.get(host, 0.0))

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``host`` may be asked again."""
        pause = self._ready_at.get(host, 0.0) - self._clock()
        if pause > 0:
            self._sleep(pause)

    # --- bodies ------------------------------------------------------------------------------

    def _read_page(self, response: httpx.Response) -> _Body | _Failed:
        """An HTML page's body, checked before reading: its type, then its length."""
        media, charset = parse_content_type(response.headers.get("content-type"))
        if media and media not in HTML_TYPES:
            return _Failed(f"not HTML ({media[:100]})")
        limit = self.options.max_bytes
        length = _content_length(response)
        if length is not None and length > limit:
            return _Failed(f"over the {limit:,}-byte limit (Content-Length {length:,})")
        body = self._read_body(response, limit, sniff=not media)
        if isinstance(body, _Failed):
            return body
        if body is None:
            return _Failed(f"over the {limit:,}-byte limit")
        return _Body(media or "text/html", charset, body)

    def _read_body(self, response: httpx.Response, limit: int, *, sniff: bool = False,
                   truncate: bool = False) -> bytes | _Failed | None:
        """The body, streamed: None once over ``limit`` bytes (or its first ``limit`` bytes when
        ``truncate``); a failure when ``sniff`` finds it is not HTML, or when it takes longer than
        ``total_timeout``. Holds at most ``limit`` bytes and one chunk."""
        deadline = self._clock() + self.options.total_timeout
        buffer = io.BytesIO()
        for chunk in response.iter_bytes():
            if buffer.tell() + len(chunk) > limit:
                if not truncate:
                    return None
                buffer.write(chunk[:limit - buffer.tell()])
                break
            buffer.write(chunk)
            if sniff and buffer.tell() >= SNIFF_BYTES:
                if not looks_like_html(buffer.getvalue()[:SNIFF_BYTES]):
                    return _Failed("not HTML (no Content-Type, and it does not start like HTML)")
                sniff = False
            if self._clock() > deadline:
                return _Failed(f"timed out after {self.options.total_timeout:g} s (page not complete)",
                               retry=True, network=True)
        body = buffer.getvalue()
        if sniff and not looks_like_html(body):
            return _Failed("not HTML (no Content-Type, and it does not start like HTML)")
        return body

    # --- robots.txt --------------------------------------------------------------------------

    def _refused(self, url: httpx.URL) -> str | None:
        """Why robots.txt refuses ``url``, or None when it may be fetched."""
        if not self.options.robots:
            return None
        robots = self._robots_of(url)
        if robots.unreachable:
            return robots.unreachable
        if robots.parser is not None and not robots.parser.can_fetch(ROBOTS_TOKEN, str(url)):
            return "forbidden by robots.txt"
        return None

    def _robots_of(self, url: httpx.URL) -> _Robots:
        """The site's robots.txt, fetched when not known (or known too long)."""
        site = _site(url)
        known = self._robots.get(site)
        if known is None or known.expires <= self._clock():
            known = self._robots[site] = self._fetch_robots(url)
            delay = known.parser.crawl_delay(ROBOTS_TOKEN) if known.parser is not None else None
            if delay:  # from now on, and from the end of the robots.txt request
                host = _host(url)
                self._crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY)
                self._ready_at[host] = max(self._ready_at.get(host, 0.0), self._clock() + self._delay(host))
        return known

    def _fetch_robots(self, url: httpx.URL) -> _Robots:
        robots_url = url.copy_with(path="/robots.txt", query=None, fragment=None)
        _, outcome = self._follow(robots_url, self._read_robots, ROBOTS_MAX_REDIRECTS, robots=False)
        if isinstance(outcome, urllib.robotparser.RobotFileParser):
            return _Robots(outcome, None, self._clock() + ROBOTS_KEEP)
        if not (outcome.network or outcome.status == 429 or (outcome.status or 0) >= 500):
            return _Robots(None, None, self._clock() + ROBOTS_KEEP)  # unavailable (4xx, redirects): no rules
        return _Robots(None, f"robots.txt unreachable: {outcome.described()}", self._clock() + ROBOTS_RECHECK)

    def _read_robots(self, response: httpx.Response) -> urllib.robotparser.RobotFileParser | _Failed:
        body = self._read_body(response, ROBOTS_MAX_BYTES, truncate=True)
        if isinstance(body, _Failed):
            return body
        lines = body.decode("utf-8", errors="replace").splitlines()
        if len(body) >= ROBOTS_MAX_BYTES and lines:
            lines.pop()  # cut in the middle
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(lines)
        return parser
