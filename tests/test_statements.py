"""Statements across outlets: one utterance of one speaker, every article that quoted it, in a
real store made by ``ingest`` (docs/statements.md)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from quotegraph.ingest import ingest
from quotegraph.store.statements import alike, cluster_statements, terms_of

AGENCY = ("«Мы не допустим эскалации на границе и продолжим переговоры с соседями», — заявил министр обороны "
          "Армении Сурен Папикян журналистам в Ереване.\n\n«Армия получит новые системы связи до конца года», "
          "— добавил Папикян.")
CUT = ("Глава военного ведомства Армении высказался о ситуации.\n\n«Мы не допустим эскалации на границе», "
       "— заявил министр обороны Армении Сурен Папикян.")
REPORTED = ("Министр обороны Армении Сурен Папикян заявил, что они не допустят эскалации на границе и продолжат "
            "переговоры с соседями.")
OTHER = "«Весной мы проведём большие учения у озера Севан», — сообщил министр обороны Армении Сурен Папикян."
ARTICLES = [("agency", "tass.example", "2025-11-10", AGENCY), ("cut", "news.example", "2025-11-11", CUT),
            ("reported", "press.example", "2025-11-12", REPORTED), ("other", "radio.example", "2025-11-13", OTHER)]


def write_jsonl(path, articles) -> None:
    path.write_text("".join(json.dumps({"id": key, "source": site, "date": date, "text": text, "lang": "ru"},
                                       ensure_ascii=False) + "\n" for key, site, date, text in articles),
                    encoding="utf-8")


def store(tmp_path, articles, name="corpus.db"):
    write_jsonl(tmp_path / f"{name}.jsonl", articles)
    ingest([str(tmp_path / f"{name}.jsonl")], tmp_path / name, workers=1, progress=False)
    return tmp_path / name


def groups(db) -> set[frozenset[tuple[str, str]]]:
    """The statements as sets of (article key, quote text): comparable across stores."""
    with sqlite3.connect(db) as conn:
        out: dict[int, set] = {}
        for sid, key, text in conn.execute("SELECT qs.statement_id, a.key, q.text FROM quote_statements qs"
                                           " JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id"):
            out.setdefault(sid, set()).add((key, text))
    return {frozenset(g) for g in out.values()}


def statement_of(db, words: str) -> dict:
    from quotegraph.store import queries
    from quotegraph.store.db import open_store

    conn = open_store(db, readonly=True)
    try:
        [(qid,)] = conn.execute("SELECT id FROM quotes WHERE text LIKE ? ORDER BY id LIMIT 1", (f"%{words}%",))
        return queries.statement(conn, queries.statement_of_quote(conn, qid))
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return store(tmp_path_factory.mktemp("statements"), ARTICLES)


@pytest.mark.parametrize("a, b, same", [
    ("мы не допустим эскалации на границе", "они не допустят эскалации на границе и продолжат переговоры", True),
    ("армия получит новые системы связи", "армия получит новые системы связи до конца года", True),
    ("армия получит новые системы связи", "мы не допустим эскалации на границе", False),
    ("весной пройдут учения", "весной пройдут выборы", False),  # two content words shared: too few
    ("the vile bigotry of Republican front-runner Donald Trump", "Republican front-runner Donald Trump by name", False),
    ("экономика растёт, сказал Путин Медведеву", "цены растут, сказал Путин Медведеву", False),  # names do not count
])
def test_statements_alike(a, b, same):
    assert alike(terms_of(a), terms_of(b)) is same


@pytest.mark.parametrize("words, n_articles, first_outlet", [
    ("эскалации", 3, "tass.example"),     # the full quote, its cut and its reported rendering
    ("системы связи", 1, "tass.example"),  # another statement of the same speaker, same article
    ("учения", 1, "radio.example"),
])
def test_statements_group_the_renderings_of_one_utterance(corpus, words, n_articles, first_outlet):
    found = statement_of(corpus, words)
    assert (found["n_articles"], found["first_seen"]["outlet"]) == (n_articles, first_outlet)
    assert found["speaker"] == "Сурен Папикян"


def test_statements_text_is_the_longest_direct_rendering(corpus):
    found = statement_of(corpus, "эскалации")
    assert found["text"].startswith("Мы не допустим эскалации") and "переговоры" in found["text"]
    assert [o["outlet"] for o in found["occurrences"]] == ["tass.example", "news.example", "press.example"]


def test_statements_do_not_depend_on_the_order_articles_came_in(tmp_path, corpus):
    assert groups(store(tmp_path, list(reversed(ARTICLES)))) == groups(corpus)


def test_statements_one_ingest_at_a_time_gives_the_same_statements(tmp_path, corpus):
    for k in range(len(ARTICLES)):  # each run adds one article to what is stored
        write_jsonl(tmp_path / "one.jsonl", [ARTICLES[k]])
        ingest([str(tmp_path / "one.jsonl")], tmp_path / "grown.db", workers=1, progress=False)
    assert groups(tmp_path / "grown.db") == groups(corpus)


def figures(db) -> set[tuple]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT speaker_key, text, n_quotes, n_articles, n_outlets, first_seen FROM statements"))


@pytest.mark.parametrize("first", [1, 2, 3])
def test_statements_placed_after_linking_only_new_articles_are_those_of_one_run(tmp_path, corpus, first):
    """The later articles linked as a batch (identities and statements count only what they add)."""
    from quotegraph.ingest import analyse
    from quotegraph.readers import read_inputs
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.rows import content_hash
    from quotegraph.store.write import write_article

    db = store(tmp_path, ARTICLES[:first], name="grown.db")
    write_jsonl(tmp_path / "later.jsonl", ARTICLES[first:])
    conn = open_store(db)
    for article in read_inputs([str(tmp_path / "later.jsonl")]):
        write_article(conn, analyse(article, content_hash(article.text)))
    assert not link_identities(conn, full=False).full
    cluster_statements(conn)
    conn.close()
    assert (groups(db), figures(db)) == (groups(corpus), figures(corpus))


def test_statements_an_article_replaced_leaves_its_statements(tmp_path):
    db = store(tmp_path, ARTICLES)
    changed = [(k, s, d, "Папикян провёл совещание." if k == "cut" else t) for k, s, d, t in ARTICLES]
    write_jsonl(tmp_path / "changed.jsonl", changed)
    ingest([str(tmp_path / "changed.jsonl")], db, workers=1, progress=False)
    assert statement_of(db, "эскалации")["n_articles"] == 2


def test_statements_an_exact_copy_elsewhere_is_an_occurrence(tmp_path):
    db = store(tmp_path, ARTICLES + [("copy", "mirror.example", "2025-11-14", AGENCY)])
    found = statement_of(db, "эскалации")
    assert (found["n_articles"], found["n_outlets"]) == (4, 4)
    assert found["occurrences"][-1]["outlet"] == "mirror.example"


@pytest.mark.parametrize("argv, fields", [
    (["statements", "--speaker", "Папикяну"], {"id", "speaker", "text", "first_seen", "n_articles", "n_outlets", "occurrences"}),
    (["spread", "{sid}"], {"id", "speaker", "text", "first_seen", "n_articles", "n_outlets", "occurrences"}),
])
def test_statements_query_json(corpus, argv, fields):
    sid = statement_of(corpus, "эскалации")["id"]
    out = subprocess.run([sys.executable, "-m", "quotegraph.cli", "query", *[a.format(sid=sid) for a in argv],
                          "--db", str(corpus), "--json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)["rows"]
    assert rows and fields <= set(rows[0])
    assert rows[0]["id"] == sid  # the most widely carried first


@pytest.mark.parametrize("path, status", [("/api/statements?speaker=Папикян", 200), ("/api/statements/{sid}", 200),
                                          ("/api/statements", 404), ("/api/statements/999999", 404),
                                          ("/statement/{sid}", 200), ("/statement/999999", 404)])
def test_statements_api_and_page(corpus, path, status):
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    sid = statement_of(corpus, "эскалации")["id"]
    response = TestClient(create_app(corpus)).get(path.format(sid=sid))
    assert response.status_code == status
    if status == 200 and path.startswith("/api/statements?"):
        assert response.json()["items"][0]["id"] == sid


def _exported(corpus, tmp_path, fmt: str):
    from quotegraph.cli import main

    out = tmp_path / ("out" if fmt == "parquet" else f"out.{fmt}")
    assert main(["export", "--db", str(corpus), "--format", fmt, "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "gkg", "parquet"])
def test_statements_exports_name_each_quotes_statement(corpus, tmp_path, fmt):
    sid = statement_of(corpus, "эскалации")["id"]
    out = _exported(corpus, tmp_path, fmt)
    if fmt == "jsonl":
        quotes = [q for line in out.read_text(encoding="utf-8").splitlines() for q in json.loads(line)["quotes"]]
        found = [q["statement"] for q in quotes if "эскалации" in q["text"]]
    elif fmt == "gkg":
        found = [int(s) for line in out.read_text(encoding="utf-8").splitlines()
                 for s in line.split("\t")[-1].split("#") if s == str(sid)]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out / "statements.parquet").to_pylist()
        [row] = [r for r in rows if r["statement_id"] == sid]
        assert [o["outlet"] for o in row["occurrences"]] == ["tass.example", "news.example", "press.example"]
        found = [r["statement_id"] for r in pq.read_table(out / "quotes.parquet").to_pylist() if "эскалации" in r["text"]]
    assert found == [sid] * 3


@pytest.mark.parametrize("path, shows", [("/person/{pid}?view=statements", "/statement/{sid}"),
                                         ("/person/{pid}", "Their statements (3)")])
def test_statements_person_page_toggles_quotes_and_statements(corpus, path, shows):
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    found = statement_of(corpus, "эскалации")
    page = TestClient(create_app(corpus)).get(path.format(pid=found["speaker_id"]))
    assert page.status_code == 200 and shows.format(sid=found["id"]) in page.text


@pytest.mark.parametrize("group, n", [("", 3), ("statement", 1)])
def test_statements_search_groups_by_statement(corpus, group, n):
    from fastapi.testclient import TestClient

    from quotegraph.web.app import create_app

    page = TestClient(create_app(corpus)).get("/", params={"text": "эскалация", "group": group})
    assert page.status_code == 200 and page.text.count('class="quote-item') == n
    assert "quoted in 3 articles" in page.text


@pytest.mark.parametrize("missing", [
    # made before statements existed: no statement, nothing in meta
    "DELETE FROM quote_statements; DELETE FROM statement_terms; DELETE FROM statements;"
    " DELETE FROM meta WHERE key LIKE 'statements_%';",
    # its last ingest killed after linking, before placing the new quotes: the last half unplaced
    "DELETE FROM quote_statements WHERE quote_id > (SELECT max(id) / 2 FROM quotes);"
    " UPDATE meta SET value = (SELECT max(id) / 2 FROM quotes) WHERE key = 'statements_through';",
])
def test_statements_a_store_without_them_gets_them_on_the_next_ingest(tmp_path, corpus, missing):
    db = store(tmp_path, ARTICLES)
    with sqlite3.connect(db) as conn:
        conn.executescript(missing)
    ingest([str(tmp_path / "corpus.db.jsonl")], db, workers=1, progress=False)  # nothing new to analyse
    assert groups(db) == groups(corpus)
