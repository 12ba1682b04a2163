"""The URL fetcher (readers/fetch.py) against a real HTTP server on 127.0.0.1 (tests/webserver.py),
and against httpx.MockTransport with a fake clock where exact timings are checked."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import tracemalloc

import httpx
import pytest

from quotegraph import __version__
from quotegraph.errors import InputError
from quotegraph.readers.fetch import (
    USER_AGENT, Fetched, Fetcher, FetchFailure, FetchOptions, failure_of, parse_content_type, read_url_list,
    retry_after,
)
from webserver import HTML, PDF, Huge, Page, Redirect, Slow, Status, free_port, robots, serve

FAST = FetchOptions(delay=0.05, timeout=0.5, retries=2, backoff=0.05)
NOT_LIKE_HTML = "not HTML (no Content-Type, and it does not start like HTML)"
POLITE = FetchOptions(delay=0.2, timeout=0.5)  # where the delay is measured
DISALLOW_PRIVATE = robots("User-agent: *\nDisallow: /private/\n")


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    """No proxy from the environment, and no name looked up but 127.0.0.1: these tests never leave
    the machine (a slip fails the test instead of asking a DNS server)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        assert host in ("127.0.0.1", b"127.0.0.1"), f"a test tried to look up {host!r}"
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def fetch_one(routes, path="/page", options=FAST):
    """(result of fetching ``path``, paths the server saw)."""
    with serve(routes) as server, Fetcher(options) as fetcher:
        result = fetcher.fetch(server.url(path))
    return result, server.paths(), server


def reason(result) -> str:
    assert isinstance(result, FetchFailure), result
    return result.reason


# --- a page --------------------------------------------------------------------------------

def test_a_page_is_fetched_whole_with_its_metadata():
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result, paths, server = fetch_one({"/page": Page()})
    assert isinstance(result, Fetched)
    assert result.url == result.final_url == server.url("/page")
    assert (result.status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert result.body == HTML.encode("utf-8")
    at = dt.datetime.fromisoformat(result.fetched_at)
    assert at.utcoffset() == dt.timedelta(0) and at.microsecond == 0
    assert before <= at <= dt.datetime.now(dt.timezone.utc)
    assert paths == ["/robots.txt", "/page"]


def test_the_user_agent_is_quotegraphs():
    assert USER_AGENT.startswith(f"quotegraph/{__version__} (+https://")
    _, _, server = fetch_one({"/page": Page()})
    assert [hit.user_agent for hit in server.log] == [USER_AGENT, USER_AGENT]


@pytest.mark.parametrize("page, content_type, charset", [
    (Page(content_type="application/xhtml+xml"), "application/xhtml+xml", None),
    (Page(content_type='Text/HTML; Charset="Windows-1251"'), "text/html", "windows-1251"),
    (Page(content_type=None), "text/html", None),  # sniffed: it starts with <!doctype html
    (Page("\ufeff  <HTML><body>hi</body></HTML>", content_type=None), "text/html", None),
])
def test_html_types(page, content_type, charset):
    result, _, _ = fetch_one({"/page": page})
    assert isinstance(result, Fetched)
    assert (result.content_type, result.charset) == (content_type, charset)


@pytest.mark.parametrize("page, expected", [
    (PDF, "not HTML (application/pdf)"),
    (Page("{}", "application/json"), "not HTML (application/json)"),
    (Page(b"%PDF-1.4 " + b"x" * 2000, content_type=None), NOT_LIKE_HTML),
    (Page(b"short", content_type=None), NOT_LIKE_HTML),
    (Page(status=204, body=b""), "204 No Content"),
])
def test_not_html(page, expected):
    assert reason(fetch_one({"/page": page})[0]) == expected


# --- robots.txt ----------------------------------------------------------------------------

def test_robots_txt_is_obeyed_and_read_once_per_host():
    routes = {"/robots.txt": DISALLOW_PRIVATE, "/private/page": Page(), "/a": Page(), "/b": Page()}
    with serve(routes) as server, Fetcher(FAST) as fetcher:
        results = list(fetcher.fetch_all(server.url(path) for path in ["/a", "/private/page", "/b"]))
    assert [type(r) for r in results] == [Fetched, FetchFailure, Fetched]
    assert results[1] == FetchFailure(server.url("/private/page"), "forbidden by robots.txt")
    assert server.paths() == ["/robots.txt", "/a", "/b"]


@pytest.mark.parametrize("route, expected", [
    (robots("User-agent: quotegraph\nDisallow: /\n"), "forbidden by robots.txt"),
    (robots("User-agent: *\nDisallow: /\n\nUser-agent: quotegraph\nAllow: /\n"), Fetched),
    (robots("User-agent: otherbot\nDisallow: /\n"), Fetched),
    (robots("User-agent: *\nDisallow: /page\n"), "forbidden by robots.txt"),
    (Status(404), Fetched),  # unavailable: no rules
    (Status(403), Fetched),  # (RFC 9309: any 4xx; urllib.robotparser.read would refuse all)
    (Status(500), "robots.txt unreachable: 500 Internal Server Error after 3 tries"),
    (Status(503, times=1, then=robots("User-agent: *\nDisallow: /page\n")), "forbidden by robots.txt"),
    (Status(429), "robots.txt unreachable: 429 Too Many Requests after 3 tries"),
    (Slow(2.0, robots("")), "robots.txt unreachable: timed out after 0.5 s, 3 tries"),
    (Redirect("/elsewhere.txt"), "forbidden by robots.txt"),
    (Redirect("/robots.txt"), Fetched),  # a redirect loop: unavailable
])
def test_robots_txt_policy(route, expected):
    routes = {"/robots.txt": route, "/elsewhere.txt": robots("User-agent: *\nDisallow: /\n"), "/page": Page()}
    result, paths, _ = fetch_one(routes)
    if expected is Fetched:
        assert isinstance(result, Fetched) and paths[-1] == "/page"
    else:
        assert reason(result) == expected
        assert "/page" not in paths


def test_robots_txt_can_be_ignored():
    result, paths, _ = fetch_one({"/robots.txt": robots("User-agent: *\nDisallow: /\n"), "/page": Page()},
                                 options=FetchOptions(delay=0.2, timeout=0.5, robots=False))
    assert isinstance(result, Fetched) and paths == ["/page"]


def test_crawl_delay_when_larger_than_the_delay():
    routes = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 1\n"), "/a": Page(), "/b": Page()}
    with serve(routes) as server, Fetcher(POLITE) as fetcher:
        assert all(isinstance(r, Fetched) for r in fetcher.fetch_all([server.url("/a"), server.url("/b")]))
    times = [hit.time for hit in server.log]
    assert [hit.path for hit in server.log] == ["/robots.txt", "/a", "/b"]
    assert min(b - a for a, b in zip(times, times[1:])) >= 1.0


# --- politeness ----------------------------------------------------------------------------

def test_requests_to_one_host_are_delay_apart():
    with serve({f"/{n}": Page() for n in range(4)}) as server, Fetcher(POLITE) as fetcher:
        list(fetcher.fetch_all(server.url(f"/{n}") for n in range(4)))
    times = [hit.time for hit in server.log]
    assert len(times) == 5  # robots.txt and 4 pages
    assert min(b - a for a, b in zip(times, times[1:])) >= POLITE.delay


def test_hosts_do_not_wait_for_each_other():
    """Two ports of 127.0.0.1 are two hosts (host:port is the host when the port is given)."""
    options = FetchOptions(delay=0.4, timeout=0.5)
    with serve({"/1": Page(), "/2": Page()}) as one, serve({"/1": Page(), "/2": Page()}) as two, \
            Fetcher(options) as fetcher:
        urls = [one.url("/1"), two.url("/1"), one.url("/2"), two.url("/2")]
        assert all(isinstance(r, Fetched) for r in fetcher.fetch_all(urls))
    for server in (one, two):
        times = [hit.time for hit in server.log]
        assert min(b - a for a, b in zip(times, times[1:])) >= options.delay
    assert two.log[0].time - one.hits("/1")[0].time < options.delay  # two's robots.txt did not wait


class FakeTime:
    """A clock that moves only when slept on, or when a request takes ``took`` seconds."""

    def __init__(self, took: float):
        self.now, self.took, self.sleeps = 100.0, took, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def mock_fetcher(answers, took=0.5, **options) -> tuple[Fetcher, FakeTime, list]:
    """A fetcher whose requests get ``answers`` (httpx.Response or exception, in turn) and take
    ``took`` fake seconds."""
    fake, seen, answers = FakeTime(took), [], list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((fake.now, str(request.url)))
        fake.now += fake.took
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    fetcher = Fetcher(FetchOptions(**{"robots": False, **options}), clock=fake.clock, sleep=fake.sleep,
                      transport=httpx.MockTransport(handler))
    return fetcher, fake, seen


def ok() -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "text/html"}, content=HTML.encode())


def test_the_delay_runs_from_the_end_of_the_previous_request():
    fetcher, fake, seen = mock_fetcher([ok(), ok(), ok()], took=0.5, delay=1.0)
    with fetcher:
        list(fetcher.fetch_all(["http://a.test/1", "http://a.test/2", "http://b.test/1"]))
    assert fake.sleeps == [1.0]  # b.test did not wait
    assert [at for at, _ in seen] == [100.0, 101.5, 102.0]


@pytest.mark.parametrize("delay, backoff, header, sleeps", [
    (0.0, 1.0, None, [1.0, 2.0]),  # backoff doubles
    (1.0, 0.1, None, [1.0, 1.0]),  # the delay is the least wait
    (0.0, 1.0, "7", [7.0, 7.0]),  # Retry-After wins
    (0.0, 1.0, "120", [60.0, 60.0]),  # at most 60 s
])
def test_retries_back_off(delay, backoff, header, sleeps):
    busy = httpx.Response(503, headers={"Retry-After": header} if header else {})
    fetcher, fake, _ = mock_fetcher([busy, busy, ok()], took=0.0, delay=delay, backoff=backoff)
    with fetcher:
        assert isinstance(fetcher.fetch("http://a.test/"), Fetched)
    assert fake.sleeps == sleeps


# --- statuses, retries, timeouts -----------------------------------------------------------

@pytest.mark.parametrize("route, expected, tries", [
    (Status(404), "404 Not Found", 1),
    (Status(410), "410 Gone", 1),
    (Status(403), "403 Forbidden", 1),
    (Status(500), "500 Internal Server Error after 3 tries", 3),
    (Status(503, times=1), Fetched, 2),
    (Status(429, times=2, retry_after="0"), Fetched, 3),
    (Status(502, times=3), "502 Bad Gateway after 3 tries", 3),
    (Slow(2.0), "timed out after 0.5 s, 3 tries", 3),
    (Slow(0.0, trickle=0.2), "timed out after 0.6 s (page not complete)", 1),
])
def test_statuses_and_retries(route, expected, tries):
    trickles = isinstance(route, Slow) and route.trickle
    options = FetchOptions(delay=0.05, timeout=0.5, retries=0 if trickles else 2, backoff=0.05, total_timeout=0.6)
    result, paths, _ = fetch_one({"/page": route}, options=options)
    if expected is Fetched:
        assert isinstance(result, Fetched)
    else:
        assert reason(result) == expected
    assert paths.count("/page") == tries


def test_a_refused_connection_fails():
    url = f"http://127.0.0.1:{free_port()}/page"
    with Fetcher(FetchOptions(delay=0.05, timeout=0.5, backoff=0.05)) as fetcher:
        assert fetcher.fetch(url) == FetchFailure(url, "robots.txt unreachable: connection refused after 3 tries")
    with Fetcher(FetchOptions(delay=0.05, timeout=0.5, retries=0, robots=False)) as fetcher:
        assert fetcher.fetch(url) == FetchFailure(url, "connection refused")


def connect_error(message: str, cause: BaseException) -> httpx.ConnectError:
    try:
        raise cause
    except BaseException as inner:
        error = httpx.ConnectError(message)
        error.__cause__ = inner
        return error


@pytest.mark.parametrize("exc, expected, retry", [
    (httpx.ReadTimeout("read"), "timed out after 0.5 s", True),
    (httpx.ConnectTimeout("connect"), "timed out after 0.5 s", True),
    (connect_error("[Errno -2] Name or service not known", socket.gaierror(socket.EAI_NONAME, "Name or service")),
     "DNS lookup failed (news.test)", False),
    (connect_error("[Errno -3] Temporary failure in name resolution", socket.gaierror(socket.EAI_AGAIN, "Temp")),
     "DNS lookup failed (news.test)", True),
    (connect_error("[Errno 111] Connection refused", ConnectionRefusedError(111, "Connection refused")),
     "connection refused", True),
    (httpx.ConnectError("[Errno 113] No route to host"), "cannot connect ([Errno 113] No route to host)", True),
    (httpx.RemoteProtocolError("Server disconnected without sending a response."),
     "broken response (Server disconnected without sending a response.)", True),
    (httpx.ReadError("reset\nmore"), "connection lost (reset)", True),
    (httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."),
     "not a valid URL (Request URL has an unsupported protocol 'ftp://'.)", False),
    (httpx.DecodingError("bad gzip"), "cannot decode the page (bad gzip)", False),
])
def test_network_errors_are_one_line_reasons(exc, expected, retry):
    failure = failure_of(exc, httpx.URL("http://news.test/a"), 0.5)
    assert (failure.reason, failure.retry) == (expected, retry)


def test_a_dns_failure_through_the_fetcher():
    error = connect_error("[Errno -2] Name or service not known", socket.gaierror(socket.EAI_NONAME, "x"))
    fetcher, _, seen = mock_fetcher([error], robots=True)
    with fetcher:
        result = fetcher.fetch("http://news.test/a")
    assert result == FetchFailure("http://news.test/a", "robots.txt unreachable: DNS lookup failed (news.test)")
    assert len(seen) == 1  # not retried


@pytest.mark.parametrize("url", ["", "127.0.0.1/a", "ftp://127.0.0.1/a", "http://", "http://127.0.0 .1/",
                                 "http://127.0.0.1:99999/", "http://127.0.0.1:0/", "javascript:alert(1)", None])
def test_a_bad_url_is_a_failure_not_an_exception(url):
    with Fetcher(FAST) as fetcher:
        assert reason(fetcher.fetch(url)).startswith("not a valid URL")


# --- redirects -----------------------------------------------------------------------------

CHAIN = {f"/r{n}": Redirect(f"/r{n + 1}", 302 if n % 2 else 301) for n in range(7)}


@pytest.mark.parametrize("routes, path, expected, requested", [
    ({"/old": Redirect("/page"), "/page": Page()}, "/old", "/page", ["/old", "/page"]),
    ({"/old": Redirect("/page?x=1#top", 308), "/page": Page()}, "/old", "/page?x=1", ["/old", "/page?x=1"]),
    ({**CHAIN, "/r5": Page()}, "/r0", "/r5", [f"/r{n}" for n in range(6)]),
    ({**CHAIN, "/r7": Page()}, "/r0", "too many redirects (over 5)", [f"/r{n}" for n in range(6)]),
    ({"/a": Redirect("/b"), "/b": Redirect("/a")}, "/a", "redirect loop (back to {}/a)", ["/a", "/b"]),
    ({"/a": Redirect("/a", 307)}, "/a", "redirect loop (back to {}/a)", ["/a"]),
    ({"/a": Redirect("/private/x"), "/private/x": Page()}, "/a",
     "forbidden by robots.txt (redirected to {}/private/x)", ["/a"]),
    ({"/a": Status(301)}, "/a", "301 Moved Permanently without a Location", ["/a"]),
    ({"/a": Redirect("ftp://example.com/x")}, "/a", "redirect to a non-http(s) URL (ftp://example.com/x)", ["/a"]),
    ({"/a": Redirect("/gone"), "/gone": Status(404)}, "/a", "404 Not Found", ["/a", "/gone"]),
])
def test_redirects(routes, path, expected, requested):
    result, paths, server = fetch_one({"/robots.txt": DISALLOW_PRIVATE, **routes}, path=path)
    base = server.url("")
    if expected.startswith("/"):
        assert isinstance(result, Fetched)
        assert (result.url, result.final_url) == (server.url(path), server.url(expected))
    else:
        assert reason(result) == expected.format(base)
    assert paths == ["/robots.txt", *requested]


def test_a_redirect_to_another_host_asks_its_robots_txt():
    with serve({"/robots.txt": robots("User-agent: *\nDisallow: /private/\n")}) as two, \
            serve({"/a": Redirect(two.url("/private/x")), "/b": Redirect(two.url("/ok")), "/c": Page()}) as one, \
            Fetcher(FAST) as fetcher:
        results = list(fetcher.fetch_all([one.url("/a"), one.url("/b")]))
    assert results[0].reason == f"forbidden by robots.txt (redirected to {two.url('/private/x')})"
    assert results[1].reason == "404 Not Found"
    assert (one.paths(), two.paths()) == (["/robots.txt", "/a", "/b"], ["/robots.txt", "/ok"])


# --- size ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content_length, expected", [
    (True, "over the 1,000,000-byte limit (Content-Length 20,000,000)"),
    (False, "over the 1,000,000-byte limit"),
])
def test_a_huge_page_is_refused_with_bounded_memory(content_length, expected):
    options = FetchOptions(delay=0.05, timeout=2, max_bytes=1_000_000, robots=False)
    with serve({"/huge": Huge(20_000_000, content_length)}) as server, Fetcher(options) as fetcher:
        tracemalloc.start()
        try:
            result = fetcher.fetch(server.url("/huge"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert reason(result) == expected
    # the body so far (a BytesIO, which grows by an eighth), one chunk and httpx's copies of it
    # (~1.4-1.6 MB measured here); reading the whole 20 MB page would take over 20 MB
    assert peak < 2 * options.max_bytes
    assert server.sent["/huge"] < 20_000_000  # the rest was never read (nor all sent)


def test_a_page_of_exactly_max_bytes_is_fetched():
    body = b"<html>" + b"x" * 994
    result, _, _ = fetch_one({"/page": Page(body)}, options=FetchOptions(delay=0, max_bytes=1000, robots=False))
    assert isinstance(result, Fetched) and result.body == body
    result, _, _ = fetch_one({"/page": Page(body + b"!")}, options=FetchOptions(delay=0, max_bytes=1000, robots=False))
    assert reason(result) == "over the 1,000-byte limit (Content-Length 1,001)"


# --- order ---------------------------------------------------------------------------------

def test_fetch_all_keeps_input_order():
    with serve({"/a": Page("<html>a"), "/b": Status(404)}) as one, serve({"/c": Page("<html>c")}) as two, \
            Fetcher(FetchOptions(delay=0.05, timeout=0.5)) as fetcher:
        urls = [one.url("/a"), two.url("/c"), "nonsense", one.url("/b"), two.url("/c")]
        results = list(fetcher.fetch_all(urls))
    assert [r.url for r in results] == urls
    assert [r.body if isinstance(r, Fetched) else r.reason.split(" (")[0] for r in results] == \
        [b"<html>a", b"<html>c", "not a valid URL", "404 Not Found", b"<html>c"]


# --- the server helper ---------------------------------------------------------------------

def test_the_server_leaves_no_thread_behind():
    before = set(threading.enumerate())
    server = serve({"/slow": Slow(30.0), "/huge": Huge(20_000_000, False)})
    with Fetcher(FetchOptions(delay=0, timeout=0.3, retries=0, robots=False)) as fetcher:
        assert reason(fetcher.fetch(server.url("/slow"))) == "timed out after 0.3 s"
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 2  # the sleeping handler woke
    assert set(threading.enumerate()) <= before


# --- helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    (None, ("", None)),
    ("text/html", ("text/html", None)),
    ("text/html; charset=UTF-8", ("text/html", "utf-8")),
    ("TEXT/HTML;charset='koi8-r'; q=1", ("text/html", "koi8-r")),
    ("application/pdf; charset=", ("application/pdf", None)),
])
def test_parse_content_type(header, expected):
    assert parse_content_type(header) == expected


@pytest.mark.parametrize("header, expected", [
    (None, None), ("3", 3.0), ("600", 60.0), ("soon", None),
    ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0), ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
])
def test_retry_after(header, expected):
    now = dt.datetime(2015, 10, 21, 7, 28, 0, tzinfo=dt.timezone.utc)
    assert retry_after(header, now=lambda: now) == expected


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_bytes("\ufeffhttps://news.test/a\n"
                     "\n"
                     "# a comment\n"
                     "   http://news.test/b   # trailing comment\n"
                     "news.test/c\n"
                     "ftp://news.test/d\n"
                     "HTTPS://news.test/e#frag\n"
                     "http://news.test/f and more\n".encode() + b"http://news.test/\xff\n" + b"x" * 70_000)
    items = list(read_url_list(path))
    fix = "write one URL a line, starting with http:// or https://"
    assert [item if isinstance(item, tuple) else (item.where, item.problem, item.fix) for item in items] == [
        (1, "https://news.test/a"),
        (4, "http://news.test/b"),
        (f"{path}:5", "not an http(s) URL: 'news.test/c'", fix),
        (f"{path}:6", "not an http(s) URL: 'ftp://news.test/d'", fix),
        (7, "HTTPS://news.test/e#frag"),
        (f"{path}:8", "not an http(s) URL: 'http://news.test/f and more'", fix),
        (f"{path}:9", "not valid UTF-8 (at byte 18)", "save the file as UTF-8"),
        (f"{path}:10", "line over 65,536 bytes, not a URL", fix),
    ]
    assert all(isinstance(item, InputError) for item in items if not isinstance(item, tuple))


def test_read_url_list_of_a_missing_file(tmp_path):
    [error] = read_url_list(tmp_path / "nope.txt")
    assert isinstance(error, InputError) and error.problem.startswith("cannot read")
