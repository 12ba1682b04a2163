"""The hand-made web fixtures (tests/webpages.py) are what they claim: realistic pages whose
boilerplate trafilatura drops, readable WARC files and feeds."""
from __future__ import annotations

import html
import json
import re

import pytest

from webpages import (ARTICLES, BOILERPLATE_MARKERS, LAYOUTS, article_page, atom_feed, first_sentence, layout_markers, page,
                      rss_feed, syndicated_copies, wrap_text, write_warc)

CASES = [(layout, key) for layout in LAYOUTS for key in ARTICLES]
OUTLETS_RU = ["Вести Прикаспия", "Городской портал Атырау", "Деловая лента", "Степной вестник", "Новости Каспия"]
OUTLETS_EN = ["Harbour Times", "Daily Courier", "Evening Standard-Bearer", "Metro Post", "County Herald"]


def tree(html_text: str):
    import lxml.html

    return lxml.html.fromstring(html_text)


def extract(html_text: str):
    """trafilatura as the project calls it: text and metadata, without comments, favouring precision."""
    import trafilatura

    return trafilatura.bare_extraction(html_text, with_metadata=True, include_comments=False, favor_precision=True)


def leaked(text: str) -> list[str]:
    return [marker for marker in BOILERPLATE_MARKERS if marker in text]


def feed_text(entry) -> str:
    """The text of a feed entry's full content, without markup."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", entry.content[0].value)) if "content" in entry else ""


def article_texts(article: dict) -> list[str]:
    return [article["title"], article["site"], article["author"], *article["paragraphs"]]


def quoted(article: dict) -> list[str]:
    """The paragraphs holding a quotation."""
    return [p for p in article["paragraphs"] if any(mark in p for mark in "«“\"")]


def read_warcio(path) -> tuple[list, Exception | None]:
    """(type, status, content type, URI, body length, declared HTTP length) per record, and what was raised."""
    from warcio.archiveiterator import ArchiveIterator

    rows, error = [], None
    with open(path, "rb") as stream:
        try:
            for rec in ArchiveIterator(stream):
                http = rec.http_headers
                body = rec.content_stream().read()
                rows.append((rec.rec_type, http.get_statuscode() if http and rec.rec_type != "request" else None,
                             http.get_header("Content-Type") if http else None,
                             rec.rec_headers.get_header("WARC-Target-URI"), len(body),
                             int(http.get_header("Content-Length") or -1) if http else None, rec.rec_headers))
        except Exception as exc:  # noqa: BLE001 - what happens is what the test records
            error = exc
    return rows, error


def counts_of(rows) -> dict:
    pages = [r for r in rows if r[0] == "response" and r[1] == "200" and r[2].startswith("text/html")]
    return {"pages": sum(1 for r in pages if r[4] == r[5]), "truncated": sum(1 for r in pages if r[4] < r[5]),
            "revisit": sum(r[0] == "revisit" for r in rows), "request": sum(r[0] == "request" for r in rows),
            "warcinfo": sum(r[0] == "warcinfo" for r in rows),
            "not_found": sum(r[0] == "response" and r[1] == "404" for r in rows),
            "pdf": sum(r[0] == "response" and r[2] == "application/pdf" for r in rows)}


@pytest.fixture(scope="module")
def warc_pages():
    return [(a["url"], article_page(a, layout)) for a, layout in zip(ARTICLES.values(), LAYOUTS * 2)]


# --- pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout,key", CASES)
def test_page_parses_with_every_paragraph(layout, key):
    doc = tree(article_page(ARTICLES[key], layout))
    assert [p for p in ARTICLES[key]["paragraphs"] if p not in [el.text_content() for el in doc.iter("p")]] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_page_has_html5_structure(layout):
    doc = tree(page(["Один абзац."], title="Заголовок", layout=layout))
    assert all(doc.xpath(path) for path in ("//header//nav", "//main//article/h1", "//aside", "//footer",
                                            "//*[contains(@class, 'comments') or contains(@class, 'related')]"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_page_metadata(layout):
    doc = tree(page(["Текст & «цитата»."], title="Заголовок <b>", site="Сайт", author="Анна Петрова",
                    published="2025-11-12", url="https://x.example/a", layout=layout))
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert (doc.get("lang"), meta["og:title"], meta["og:site_name"], meta["og:type"], meta["author"],
            meta["article:published_time"][:10], doc.xpath("//link[@rel='canonical']/@href"),
            ld["@type"], ld["headline"], ld["author"]["name"], ld["publisher"]["name"], ld["mainEntityOfPage"]["@id"]) \
        == ("ru", "Заголовок <b>", "Сайт", "article", "Анна Петрова", "2025-11-12", ["https://x.example/a"],
            "NewsArticle", "Заголовок <b>", "Анна Петрова", "Сайт", "https://x.example/a")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_carries_markers(layout):
    html_text = page(["Абзац."], title="Заголовок", layout=layout)
    assert len(layout_markers(layout)) >= 3 and all(m in html_text for m in layout_markers(layout))


def test_markers_never_in_articles():
    assert len(BOILERPLATE_MARKERS) >= 8 and [leaked(t) for a in ARTICLES.values() for t in article_texts(a)
                                              if leaked(t)] == []


def test_articles_are_well_formed():
    assert sorted(a["lang"] for a in ARTICLES.values()).count("ru") >= 2 and \
        sorted(a["lang"] for a in ARTICLES.values()).count("en") >= 2 and \
        len({a["url"].split("/")[2] for a in ARTICLES.values()}) == len(ARTICLES) and \
        all(3 <= len(a["paragraphs"]) <= 6 and len(quoted(a)) >= 2 for a in ARTICLES.values())


# --- trafilatura on the pages ---------------------------------------------------------------------

@pytest.mark.parametrize("layout,key", CASES)
def test_trafilatura_keeps_every_paragraph(layout, key):
    text = extract(article_page(ARTICLES[key], layout)).text
    assert [p for p in ARTICLES[key]["paragraphs"] if p not in text] == []


@pytest.mark.parametrize("layout,key", CASES)
def test_trafilatura_drops_all_boilerplate(layout, key):
    doc = extract(article_page(ARTICLES[key], layout))
    assert leaked("\n".join(filter(None, [doc.text, doc.title, doc.author, doc.sitename, doc.comments]))) == []


@pytest.mark.parametrize("layout,key", CASES)
def test_trafilatura_reads_metadata(layout, key):
    doc, a = extract(article_page(ARTICLES[key], layout)), ARTICLES[key]
    assert (doc.title, doc.date, doc.author, doc.sitename, doc.url) == (a["title"], a["published"], a["author"],
                                                                         a["site"], a["url"])


def test_wrap_text_splits_lines_into_paragraphs():
    html_text = wrap_text("Первый абзац.\n\n«Второй», — сказал Иван Иванов.\nТретий.\n", title="T", layout="portal")
    assert [el.text_content() for el in tree(html_text).xpath("//article//p")] == \
        ["Первый абзац.", "«Второй», — сказал Иван Иванов.", "Третий."]


# --- syndication ---------------------------------------------------------------------------------

@pytest.mark.parametrize("key,outlets", [("ru_port", OUTLETS_RU), ("en_rail", OUTLETS_EN)])
def test_syndicated_copies_keep_every_quote(key, outlets):
    copies = syndicated_copies(ARTICLES[key], outlets)
    texts = [extract(html_text).text for _, html_text in copies]
    assert len({url for url, _ in copies}) == 5 and \
        all(q in t for t in texts for q in quoted(ARTICLES[key])) and not any(leaked(t) for t in texts)


@pytest.mark.parametrize("key", ["ru_heating", "en_coal"])
def test_syndicated_copies_differ(key):
    docs = [extract(html_text) for _, html_text in syndicated_copies(ARTICLES[key], OUTLETS_RU[:3] + OUTLETS_EN[:2])]
    assert len({d.title for d in docs}) == len({d.sitename for d in docs}) == 5 and \
        [ARTICLES[key]["paragraphs"][-1] in d.text for d in docs] == [True, True, False, True, True]


# --- WARC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("gzip", [True, False])
def test_write_warc_counts_what_warcio_reads(tmp_path, warc_pages, gzip):
    written = write_warc(tmp_path / "a.warc", warc_pages, gzip=gzip)
    rows, error = read_warcio(tmp_path / "a.warc")
    assert error is None and counts_of(rows) == {k: v for k, v in written.items()} == \
        {"pages": 4, "revisit": 1, "not_found": 1, "pdf": 1, "truncated": 1, "request": 1, "warcinfo": 1}


def test_write_warc_record_order_and_headers(tmp_path, warc_pages):
    write_warc(tmp_path / "a.warc.gz", warc_pages, date="2025-11-13T08:00:00Z")
    rows, _ = read_warcio(tmp_path / "a.warc.gz")
    revisit = next(r[6] for r in rows if r[0] == "revisit")
    assert [r[0] for r in rows][:3] == ["warcinfo", "request", "response"] and rows[-1][3].endswith("truncated.html") \
        and {r[6].get_header("WARC-Date") for r in rows} == {"2025-11-13T08:00:00Z"} \
        and revisit.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest") \
        and revisit.get_header("WARC-Refers-To-Target-URI") == warc_pages[0][0] \
        and revisit.get_header("WARC-Payload-Digest") == rows[2][6].get_header("WARC-Payload-Digest")


def test_truncated_record_reads_short_without_error(tmp_path, warc_pages):
    """warcio 1.8.1 does not notice the cut: it yields the last record with half its body, then stops."""
    write_warc(tmp_path / "a.warc.gz", warc_pages)
    rows, error = read_warcio(tmp_path / "a.warc.gz")
    assert error is None and 0 < rows[-1][4] < rows[-1][5]


def test_write_warc_without_extras(tmp_path, warc_pages):
    written = write_warc(tmp_path / "b.warc", warc_pages[:2], extras=False, gzip=False)
    rows, error = read_warcio(tmp_path / "b.warc")
    assert error is None and [r[3] for r in rows] == [u for u, _ in warc_pages[:2]] and \
        written == {"pages": 2, "revisit": 0, "not_found": 0, "pdf": 0, "truncated": 0, "request": 0, "warcinfo": 0}


@pytest.mark.parametrize("gzip", [True, False])
def test_fastwarc_reads_the_same_records(tmp_path, warc_pages, gzip):
    fastwarc = pytest.importorskip("fastwarc.warc")
    write_warc(tmp_path / "c.warc", warc_pages, gzip=gzip)
    with open(tmp_path / "c.warc", "rb") as stream:
        rows = [(str(r.record_type), r.http_headers.status_code if r.http_headers else None, r.content_length,
                 len(r.reader.read())) for r in fastwarc.ArchiveIterator(stream, parse_http=True)]
    with open(tmp_path / "c.warc", "rb") as stream:  # checking digests, it skips the cut record silently
        checked = [str(r.record_type) for r in fastwarc.ArchiveIterator(stream, verify_digests=True)]
    assert [r[0] for r in rows].count("response") == 7 and rows[-1][3] < rows[-1][2] and len(checked) == len(rows) - 1


# --- feeds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [rss_feed, atom_feed])
@pytest.mark.parametrize("full", [True, False])
def test_feedparser_reads_feed(make, full):
    import feedparser

    items = list(ARTICLES.values())
    feed = feedparser.parse(make(items, full=full).encode("utf-8"))
    assert not feed.bozo and [(e.title, e.link, e.author, e.summary) for e in feed.entries] == \
        [(a["title"], a["url"], a["author"], first_sentence(a["paragraphs"][0])) for a in items] \
        and [all(p in feed_text(e) for p in a["paragraphs"]) for e, a in zip(feed.entries, items)] == [full] * len(items) \
        and [e.published_parsed[:3] for e in feed.entries] == [tuple(map(int, a["published"].split("-"))) for a in items]
