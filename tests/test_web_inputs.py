"""Web inputs end to end: HTML pages, WARC archives and feeds through analysis and the store, and
syndicated copies counted once. The pages are the hand-made ones of ``webpages.py``."""
from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
import sys

import pytest

import webpages
from conftest import EXAMPLE, SHARED, need_shared
from quotegraph.ingest import ingest
from quotegraph.pipeline import Pipeline
from quotegraph.readers import read_inputs

SEED_ID = "seed/000_4fdcbfbf17fe8b61"


def articles_of(*paths) -> list:
    return list(read_inputs([str(p) for p in paths]))


def analysed(html: str, tmp_path, name: str = "page.html") -> dict:
    (tmp_path / name).write_text(html, encoding="utf-8")
    [article] = articles_of(tmp_path / name)
    return Pipeline()(article)


def leaked(record: dict, markers: tuple[str, ...]) -> list[str]:
    """The markers found in the record's text, quotes, speakers or entities."""
    said = [record["text"]] + [q["text"] for q in record["quotes"]]
    said += [(q.get("speaker") or {}).get("name") or "" for q in record["quotes"]]
    said += [e["name"] for e in record["entities"]] + [m["text"] for e in record["entities"] for m in e["mentions"]]
    return [m for m in markers if any(m in s or (_is_name(m) and _surname_stem(m) in s) for s in said)]


def _is_name(marker: str) -> bool:
    return all(word[:1].isupper() for word in marker.split())


def _surname_stem(name: str) -> str:
    """The surname without its last letter, so inflected forms match: «Свиридов» in «Свиридова»."""
    surname = name.split()[-1]
    return surname[:-1] if len(surname) > 4 else surname


PAGES = [(layout, key) for layout in webpages.LAYOUTS for key in webpages.ARTICLES]


@pytest.mark.parametrize("layout, key", PAGES, ids=[f"{l}-{k}" for l, k in PAGES])
def test_web_page_boilerplate_gives_no_text_quote_or_entity(layout, key, tmp_path):
    record = analysed(webpages.article_page(webpages.ARTICLES[key], layout), tmp_path)
    assert record["quotes"] and leaked(record, webpages.layout_markers(layout)) == []


@pytest.mark.parametrize("layout, key", PAGES, ids=[f"{l}-{k}" for l, k in PAGES])
def test_web_page_keeps_every_paragraph_apart(layout, key, tmp_path):
    [article] = articles_of(_write(tmp_path, "p.html", webpages.article_page(webpages.ARTICLES[key], layout)))
    assert article.text.split("\n\n") == webpages.ARTICLES[key]["paragraphs"]


def _write(folder, name: str, text: str | bytes):
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


WIRE = webpages.ARTICLES["en_coal"]
META_CASES = [
    ("title", WIRE["title"]),
    ("date", __import__("datetime").date.fromisoformat(WIRE["published"])),
    ("author", WIRE["author"]),
    ("source", WIRE["site"]),
    ("url", WIRE["url"]),
    ("site", "northern-ledger.example"),
    ("lang", "en"),
    ("content", "full"),
]


@pytest.mark.parametrize("field, expected", META_CASES, ids=[f for f, _ in META_CASES])
def test_web_page_metadata(field, expected, tmp_path):
    [article] = articles_of(_write(tmp_path, "story.html", webpages.article_page(WIRE, "wire")))
    assert getattr(article, field) == expected


def test_web_page_gzipped_reads_as_the_page(tmp_path):
    html = webpages.article_page(WIRE, "wire")
    plain, zipped = (articles_of(_write(tmp_path, n, t))[0] for n, t in
                     (("a.html", html), ("b.html.gz", gzip.compress(html.encode("utf-8")))))
    assert (zipped.id, zipped.text, zipped.title) == ("b", plain.text, plain.title)


LANG_CASES = [
    ("en", "ru", "en"),  # an English article on a site that declares Russian on every page
    ("ru", "ru", "ru"),
    ("ru", None, "ru"),  # no declaration: detected
]


@pytest.mark.parametrize("article_lang, declared, expected", LANG_CASES)
def test_web_page_language_is_declared_unless_the_text_is_surely_another(article_lang, declared, expected, tmp_path):
    article = next(a for a in webpages.ARTICLES.values() if a["lang"] == article_lang)
    html = webpages.article_page(article, "agency", lang=declared or "")
    html = html if declared else html.replace(' lang=""', "")
    [read] = articles_of(_write(tmp_path, "p.html", html))
    assert (read.lang or Pipeline()(read)["lang"]) == expected


def test_web_page_in_a_language_not_analysed_is_a_failure_naming_it(tmp_path):
    german = ["Der Bürgermeister sagte am Dienstag, die neue Brücke werde im Frühjahr eröffnet.",
              "„Wir haben lange darauf gewartet“, sagte die Sprecherin der Stadtverwaltung den Journalisten."]
    _write(tmp_path, "de.html", webpages.page(german, title="Brücke", lang="de", site="Stadtblatt",
                                              layout="wire"))
    summary = ingest([str(tmp_path / "de.html")], tmp_path / "c.db", workers=1, progress=False)
    assert summary.failed == 1 and "German (de" in summary.failures[0]


def test_web_page_without_article_text_is_an_error_naming_the_file(tmp_path):
    [error] = articles_of(_write(tmp_path, "index.html", "<html><body><nav><a href='/'>Главная</a></nav></body></html>"))
    assert "index.html" in error.where and "no article text" in error.problem


# --- the seed, wrapped in a news site's page, in a WARC ---------------------------------------

@pytest.fixture(scope="module")
def seed_from_warc(tmp_path_factory):
    text = EXAMPLE.read_text(encoding="utf-8")
    body = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", text)
    folder = tmp_path_factory.mktemp("seed-warc")
    html = webpages.wrap_text(body, title="Политолог: Алиев объединил ресурсы Азербайджана", site="Day.Az",
                              author=None, published="2025-11-12", url="https://news.day.az/politics/seed.html",
                              layout="portal")
    webpages.write_warc(folder / "seed.warc.gz", [("https://news.day.az/politics/seed.html", html)])
    [article] = [a for a in articles_of(folder / "seed.warc.gz") if hasattr(a, "text")]
    return article, Pipeline()(article), text


def said(record: dict) -> list[tuple[str, str | None]]:
    return [(q["text"], (q.get("speaker") or {}).get("name")) for q in record["quotes"]]


def test_web_seed_page_in_a_warc_gives_the_quotes_and_speakers_of_the_text(seed_from_warc, seed_record):
    assert said(seed_from_warc[1]) == said(seed_record) and len(said(seed_record)) == 8


SEED_META = [("title", "Политолог: Алиев объединил ресурсы Азербайджана"), ("source", "Day.Az"),
             ("site", "news.day.az"), ("url", "https://news.day.az/politics/seed.html"), ("date", "2025-11-12")]


@pytest.mark.parametrize("field, expected", SEED_META, ids=[f for f, _ in SEED_META])
def test_web_seed_page_in_a_warc_has_the_page_metadata(seed_from_warc, field, expected):
    assert seed_from_warc[1][field] == expected


def test_web_seed_page_extracted_text_scores_seed_strict_f1_one(seed_from_warc, tmp_path):
    score = need_shared("eval", "score.py")
    article, record, text = seed_from_warc
    shift = text.index(article.text)  # the page's text is the seed's body, paragraph for paragraph

    def moved(span: dict | None) -> dict | None:
        return None if span is None else {**span, "start": span["start"] + shift, "end": span["end"] + shift}

    quotes = [{**q, "start": q["start"] + shift, "end": q["end"] + shift, "cue": moved(q.get("cue")),
               "speaker": q["speaker"] and {**q["speaker"], "mention": moved(q["speaker"].get("mention"))}}
              for q in record["quotes"]]
    (tmp_path / "pred.jsonl").write_text(json.dumps({"id": SEED_ID, "quotes": quotes}, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    run = subprocess.run([sys.executable, str(score), "quotes", str(SHARED / "eval" / "gold" / "seed.jsonl"),
                          str(tmp_path / "pred.jsonl"), "--texts", str(SHARED / "seed")],
                         capture_output=True, text=True, check=True)
    assert re.search(r"end_to_end_f1_strict\s+P 1\.000\s+R 1\.000\s+F1 1\.000", run.stdout), run.stdout


# --- WARC records that are not pages --------------------------------------------------------------

@pytest.fixture(scope="module")
def warc_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warc")
    pages = [(a["url"], webpages.article_page(a, layout)) for a, layout in
             zip(webpages.ARTICLES.values(), webpages.LAYOUTS * 2)]
    counts = webpages.write_warc(folder / "crawl.warc.gz", pages)
    summary = ingest([str(folder / "crawl.warc.gz")], folder / "c.db", workers=1, progress=False)
    return summary, counts, folder / "c.db"


def test_web_warc_stores_every_page(warc_store):
    summary, counts, db = warc_store
    assert summary.counts["added"] == counts["pages"] == 4


REASONS = [("revisit record of", "skipped"), ("HTTP 404 response", "skipped"),
           ("not HTML (application/pdf)", "skipped"), ("truncated WARC record", "failed")]


@pytest.mark.parametrize("reason, outcome", REASONS)
def test_web_warc_records_that_are_not_pages_are_one_line_each_in_the_failures(warc_store, reason, outcome):
    summary, _, db = warc_store
    listed = summary.skipped if outcome == "skipped" else summary.failures
    with sqlite3.connect(db) as conn:
        stored = [r for (r,) in conn.execute("SELECT reason FROM failures") if reason in r]
    assert len(stored) == 1 and sum(reason in line for line in listed) == 1 and "crawl.warc.gz@" in stored[0]


def test_web_warc_rerun_reads_no_page_again(warc_store):
    _, _, db = warc_store
    again = ingest([str(db.parent / "crawl.warc.gz")], db, workers=1, progress=False)
    assert (again.counts["added"], again.counts["unchanged"]) == (0, 4)


# --- feeds --------------------------------------------------------------------------------------

FEEDS = [("feed.rss", webpages.rss_feed, True, "full"), ("feed.atom", webpages.atom_feed, True, "full"),
         ("short.rss", webpages.rss_feed, False, "summary"), ("short.atom", webpages.atom_feed, False, "summary")]


@pytest.mark.parametrize("name, make, full, content", FEEDS, ids=[f[0] for f in FEEDS])
def test_web_feed_entries_are_articles_with_their_metadata(name, make, full, content, tmp_path):
    items = list(webpages.ARTICLES.values())
    read = articles_of(_write(tmp_path, name, make(items, full=full)))
    assert [(a.id, a.title, a.author, a.date.isoformat(), a.content) for a in read] == \
        [(i["url"], i["title"], i["author"], i["published"], content) for i in items]


def test_web_feed_full_content_keeps_the_paragraphs(tmp_path):
    [first, *_] = articles_of(_write(tmp_path, "f.rss", webpages.rss_feed(list(webpages.ARTICLES.values()))))
    assert first.text.split("\n\n") == webpages.ARTICLES["ru_port"]["paragraphs"]


# --- syndicated copies ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def syndicated(tmp_path_factory):
    """One agency story carried by 5 outlets, beside another story, in one store."""
    folder = tmp_path_factory.mktemp("syndicated")
    story = webpages.ARTICLES["ru_port"]
    copies = webpages.syndicated_copies(story, list(webpages.OUTLETS)[:5])
    other = webpages.ARTICLES["ru_heating"]
    webpages.write_warc(folder / "news.warc.gz", copies + [(other["url"], webpages.article_page(other))], extras=False)
    ingest([str(folder / "news.warc.gz")], folder / "c.db", workers=1, progress=False)
    return folder / "c.db", copies


def _top(db, *flags) -> dict[str, int]:
    run = subprocess.run([sys.executable, "-m", "quotegraph.cli", "query", "top-speakers", "--db", str(db), "--json",
                          *flags], capture_output=True, text=True, check=True)
    return {row["name"]: row["quotes"] for row in json.loads(run.stdout)}


def test_web_syndicated_story_quotes_count_once_in_top_speakers(syndicated):
    db, _ = syndicated
    once, every = _top(db), _top(db, "--copies")
    story_speakers = [name for name in every if every[name] > once.get(name, 0)]
    assert story_speakers and all(every[name] == 5 * once[name] for name in story_speakers)


def test_web_syndicated_copies_all_link_to_the_first(syndicated):
    db, copies = syndicated
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT id FROM articles WHERE key = ?", (copies[0][0],)).fetchone()[0]
        near = conn.execute("SELECT count(*) FROM articles WHERE duplicate_of = ?", (first,)).fetchone()[0]
        same = conn.execute("SELECT count(*) FROM article_copies WHERE article_id = ?", (first,)).fetchone()[0]
    assert near + same == len(copies) - 1


@pytest.mark.parametrize("ask", ["said", "search"])
def test_web_syndicated_story_quotes_carry_the_number_of_other_outlets(syndicated, ask):
    from quotegraph.store import queries as q
    from quotegraph.store.db import open_store

    db, copies = syndicated
    conn = open_store(db, readonly=True)
    try:
        first = conn.execute("SELECT id FROM articles WHERE key = ?", (copies[0][0],)).fetchone()[0]
        quote = conn.execute("SELECT q.text, s.identity_id FROM quotes q JOIN entities s ON s.article_id = q.article_id"
                             " AND s.local_id = q.speaker_local WHERE q.article_id = ? LIMIT 1", (first,)).fetchone()
        found = (q.quotes_by(conn, quote[1]) if ask == "said" else q.search_quotes(conn, quote[0]))
    finally:
        conn.close()
    assert {row["copies"] for row in found if row["article"] == copies[0][0]} == {len(copies) - 1}


def test_web_syndicated_article_page_lists_the_other_outlets(syndicated):
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    db, copies = syndicated
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT id FROM articles WHERE key = ?", (copies[0][0],)).fetchone()[0]
    with TestClient(create_app(db)) as client:
        page = client.get(f"/article/{first}").text
    outlets = [name for name, (host, _) in webpages.OUTLETS.items()][1:5]
    assert "Also published by" in page and all(name in page for name in outlets)


def test_web_syndicated_export_names_the_first_copy(syndicated, tmp_path):
    db, copies = syndicated
    subprocess.run([sys.executable, "-m", "quotegraph.cli", "export", "--db", str(db), "--format", "jsonl",
                    "-o", str(tmp_path / "out.jsonl")], check=True, capture_output=True)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["duplicate_of"] for r in records if r["duplicate_of"]} == {copies[0][0]}


# --- the store: a store of the previous schema is migrated forward ------------------------------------

def test_web_store_of_schema_2_is_migrated_forward(tmp_path):
    from quotegraph.store.db import open_store
    from quotegraph.store.schema import MIGRATIONS, VERSION

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        for number, script in enumerate(MIGRATIONS[:2], 1):
            conn.executescript(script + f"\nPRAGMA user_version = {number};")
    conn = open_store(db)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION and \
        {"site", "author", "fetched_at", "duplicate_of"} <= columns
    conn.close()


def test_web_syndicated_person_page_lists_the_story_once_with_its_outlets(syndicated):
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    db, copies = syndicated
    with sqlite3.connect(db) as conn:
        who = conn.execute("SELECT id FROM identities WHERE n_quotes > 0 AND type = 'PER' ORDER BY n_articles DESC,"
                           " id LIMIT 1").fetchone()[0]
    with TestClient(create_app(db)) as client:
        page = client.get(f"/person/{who}").text
    assert "also published by 4 other outlets" in page


def test_web_warc_streams_in_bounded_memory(tmp_path):
    """An archive read page by page: the memory held never grows with the archive (here 17 MB; 0.13 MB held at most)."""
    import tracemalloc

    one = tmp_path / "one.warc.gz"
    webpages.write_warc(one, [(f"https://news.example/{i}.html", webpages.article_page(WIRE, "wire"))
                              for i in range(50)], extras=False)
    block, archive = one.read_bytes(), tmp_path / "big.warc.gz"
    with archive.open("wb") as out:  # gzip members concatenate: a WARC of 160 copies of the 50 records
        for _ in range(160):
            out.write(block)
    tracemalloc.start()
    pages = sum(1 for _ in read_inputs([str(archive)], pages=True))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert pages == 8000 and archive.stat().st_size > 20 * peak


@pytest.mark.parametrize("workers", [1, 2])
def test_web_warc_page_without_article_text_fails_alone_and_the_batch_goes_on(workers, tmp_path):
    webpages.write_warc(tmp_path / "a.warc.gz", [("https://x.example/menu", "<html><body><nav>Главная</nav></body></html>"),
                                                 (WIRE["url"], webpages.article_page(WIRE, "wire"))], extras=False)
    summary = ingest([str(tmp_path / "a.warc.gz")], tmp_path / "c.db", workers=workers, progress=False)
    assert summary.counts["added"] == 1 and [f.split(": ", 1)[1][:21] for f in summary.failures] == ["no article text found"]
