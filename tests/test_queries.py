"""`quotegraph query`: who said what, about whom, and when, asked of a store of the seed."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quotegraph.store import queries as q
from quotegraph.store.db import open_store


@pytest.fixture(scope="module")
def db(two_article_store):
    return two_article_store


@pytest.fixture
def conn(db):
    conn = open_store(db, readonly=True)
    yield conn
    conn.close()


def names(rows, key="name"):
    return [r[key] for r in rows]


@pytest.mark.parametrize("asked, found", [
    ("Айгерим Жампетова", "Айгерим Жампетова"),  # the canonical name
    ("айгерим жампетова", "Айгерим Жампетова"),  # any case
    ("Жампетовой", "Айгерим Жампетова"),  # an inflected surname no dictionary knows
    ("Ильхама Алиева", "Ильхам Алиев"),  # an alias as written
    ("Ильхаму Алиеву", "Ильхам Алиев"),  # a form never written in the corpus
    ("Алиеву", "Ильхам Алиев"),  # the surname alone
    ("Токаевым", "Касым-Жомарт Токаев"),  # hyphenated first name, surname asked
    ("Азербайджаном", "Азербайджан"),  # a place
])
def test_names_are_found_in_any_word_form(conn, asked, found):
    assert q.identity(conn, asked)["name"] == found


def test_an_unknown_name_finds_no_one(conn):
    assert q.find_identities(conn, "Наполеон Бонапарт") == []


def test_quotes_by_a_speaker(conn):
    rows = q.quotes_by(conn, q.identity(conn, "Жампетова")["id"])
    assert len(rows) == 6 and set(names(rows, "speaker")) == {"Айгерим Жампетова"}
    assert {r["date"] for r in rows} == {"2025-11-12"}


def test_quotes_by_a_speaker_across_articles(conn):
    rows = q.quotes_by(conn, q.identity(conn, "Лавров")["id"])
    assert [r["article"] for r in rows] == ["lavrov", "lavrov"]


@pytest.mark.parametrize("date_from, date_to, n", [
    ("2025-11", None, 2),  # a month takes its whole month
    (None, "2025-11-19", 0),  # both of Lavrov's quotes are of the 20th
    ("2025-11-20", "2025-11-20", 2),  # one day, inclusive
])
def test_quotes_by_date_range(conn, date_from, date_to, n):
    assert len(q.quotes_by(conn, q.identity(conn, "Лавров")["id"], date_from=date_from, date_to=date_to)) == n


def test_quotes_about_an_entity_span_both_articles(conn):
    rows = q.quotes_about(conn, q.identity(conn, "Ильхам Алиев")["id"])
    assert {r["article"] for r in rows} == {"seed", "lavrov"}
    assert all("Алиев" in r["text"] or "его" in r["text"] or "Президент" in r["text"] for r in rows)


@pytest.mark.parametrize("words, speaker", [
    ("победы", "Сергей Лавров"),  # «победу» in Lavrov's quote: another form
    ("суверенитет", "Айгерим Жампетова"),  # «суверенитета»
    ("обсудить победа", "Сергей Лавров"),  # every word, any form
])
def test_full_text_search_matches_word_forms(conn, words, speaker):
    assert speaker in names(q.search_quotes(conn, words), "speaker")


@pytest.mark.parametrize("words", ["ассистента профессора", "", "!!!"])
def test_full_text_search_without_a_match(conn, words):
    assert q.search_quotes(conn, words) == []


def test_top_speakers(conn):
    top = [(r["name"], r["quotes"]) for r in q.top_speakers(conn, limit=3)]
    assert top[0] == ("Айгерим Жампетова", 6)
    assert set(top[1:]) == {("Касым-Жомарт Токаев", 2), ("Сергей Лавров", 2)}


def test_who_quotes_whom_comes_from_nested_quotes(conn):
    assert [(r["quoting"], r["quoted"], r["quotes"]) for r in q.who_quotes_whom(conn)] == [
        ("Айгерим Жампетова", "Касым-Жомарт Токаев", 2)]


def test_network_links_speakers_to_what_they_mention(conn):
    edges = {(r["speaker"], r["target"]) for r in q.network(conn)}
    assert {("Айгерим Жампетова", "Ильхам Алиев"), ("Сергей Лавров", "Ильхам Алиев")} <= edges
    assert not any(s == t for s, t in edges)


def test_timeline_counts_per_month(conn):
    assert q.timeline(conn, q.identity(conn, "Жампетова")["id"]) == [{"period": "2025-11", "quotes": 6, "articles": 1}]


def test_identity_keeps_first_and_last_seen(conn):
    aliyev = q.identity(conn, "Алиев")
    assert (aliyev["first_seen"], aliyev["last_seen"], aliyev["n_articles"]) == ("2025-11-12", "2025-11-20", 2)


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotegraph.cli", "query", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_prints_a_table(db):
    done = cli("said", "Жампетова", "--db", str(db))
    assert done.returncode == 0 and "Айгерим Жампетова" in done.stdout and "6 rows" in done.stdout


def test_cli_prints_json(db):
    done = cli("top-speakers", "--db", str(db), "--json")
    assert json.loads(done.stdout)[0]["name"] == "Айгерим Жампетова"


@pytest.mark.parametrize("args, message", [
    (("said", "Наполеон"), "no one called 'Наполеон'"),  # unknown speaker
    (("top-speakers", "--db", "/nonexistent/corpus.db"), "no such store"),  # missing store
])
def test_cli_errors_are_one_line(db, args, message):
    done = cli(*args, *(() if "--db" in args else ("--db", str(db))))
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr


# --- what linking counts for reading at scale (docs/scale.md) ------------------------------------

LIVE = {  # the same counts, aggregated from the entities at the time of asking
    "network_edges": "SELECT s.identity_id, t.identity_id, count(DISTINCT q.id) FROM quotes q"
                     " JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local"
                     " JOIN quote_entities qe ON qe.quote_id = q.id"
                     " JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id"
                     " WHERE t.identity_id != s.identity_id GROUP BY 1, 2",
    "quoting_edges": "SELECT po.identity_id, co.identity_id, count(*) FROM quotes c"
                     " JOIN quotes p ON p.article_id = c.article_id AND p.idx = c.parent_idx"
                     " JOIN entities co ON co.article_id = c.article_id AND co.local_id = c.speaker_local"
                     " JOIN entities po ON po.article_id = p.article_id AND po.local_id = p.speaker_local"
                     " WHERE co.identity_id != po.identity_id GROUP BY 1, 2",
    "quotes speaker_id": "SELECT q.id, s.identity_id FROM quotes q JOIN entities s ON s.article_id = q.article_id"
                         " AND s.local_id = q.speaker_local",
    "quote_targets": "SELECT DISTINCT t.identity_id, qe.quote_id, q.date, s.identity_id FROM quote_entities qe"
                     " JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id"
                     " JOIN quotes q ON q.id = qe.quote_id LEFT JOIN entities s ON s.article_id = q.article_id"
                     " AND s.local_id = q.speaker_local",
}
STORED = {"network_edges": "SELECT speaker_id, target_id, quotes FROM network_edges",
          "quoting_edges": "SELECT quoting_id, quoted_id, quotes FROM quoting_edges",
          "quotes speaker_id": "SELECT id, speaker_id FROM quotes WHERE speaker_id IS NOT NULL",
          "quote_targets": "SELECT identity_id, quote_id, date, speaker_id FROM quote_targets"}


@pytest.fixture(scope="module")
def grown_store(tmp_path_factory):
    """A store of the seed, then grown by a second ingest of other articles (linking ran twice)."""
    from conftest import LAVROV, store_of
    from quotegraph.ingest import ingest

    folder = tmp_path_factory.mktemp("grown")
    db = store_of(folder, {})
    more = folder / "more"
    more.mkdir()
    (more / "lavrov.txt").write_text(LAVROV, encoding="utf-8")
    (more / "nested.txt").write_text("date 2025-12-01 Глава МИД Турции Хакан Фидан сообщил: «Президент Эрдоган "
                                     "сказал мне: \"Мы поддержим Баку\"». Об этом пишет Анадолу.", encoding="utf-8")
    ingest([str(more)], db, workers=1, progress=False)
    return db


@pytest.mark.parametrize("table", list(LIVE))
def test_linking_keeps_its_counts_equal_to_the_entities(grown_store, table):
    conn = open_store(grown_store, readonly=True)
    try:
        live, stored = (sorted(map(tuple, conn.execute(sql))) for sql in (LIVE[table], STORED[table]))
    finally:
        conn.close()
    assert stored == live and stored


# what each migration added, taken back: a store as that version of quotegraph left it
UNDONE = {6: "DROP INDEX entities_block; ALTER TABLE entities DROP COLUMN block;"
             " ALTER TABLE aliases DROP COLUMN name_mentions; DROP TABLE link_features;",
          5: "DROP INDEX quotes_by_speaker; ALTER TABLE quotes DROP COLUMN speaker_id;"
             " DROP TABLE network_edges; DROP TABLE quoting_edges; DROP TABLE quote_targets;",
          4: "DROP TABLE statement_terms; DROP TABLE quote_statements; DROP TABLE statements;"}


@pytest.mark.parametrize("older", [5, 4, 3])
def test_reading_a_store_of_an_older_quotegraph_upgrades_it_first(tmp_path, db, older):
    import shutil
    import sqlite3

    from quotegraph.store.schema import VERSION
    from quotegraph.store.write import FULL, identities_stale

    old = tmp_path / "corpus.db"
    shutil.copy(db, old)
    with sqlite3.connect(old) as raw:
        raw.executescript("".join(UNDONE[v] for v in range(VERSION, older, -1)) + f" PRAGMA user_version = {older};")
    conn = open_store(old, readonly=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION and q.network(conn)
        assert identities_stale(conn) == FULL  # the next ingest links every entity again
    finally:
        conn.close()


# a search ranks only its newest matches, unless something else narrows it (docs/scale.md)
def _searched(conn, how, words, **narrow):
    from quotegraph.store import browse
    if how == "query":
        return [r["quote_id"] for r in q.search_quotes(conn, words, **narrow)]
    return [r["quote_id"] for r in browse.filter_quotes(conn, text=words, **narrow)]


@pytest.mark.parametrize("how, narrow, ranked", [
    ("query", {}, 2),
    ("api", {}, 2),
    ("query", {"date_from": "1900-01-01"}, None),  # a date range might hold only older matches
    ("api", {"date_to": "2999-12-31"}, None),
], ids=["query", "api", "query-dates", "api-dates"])
def test_search_ranks_its_newest_matches_unless_narrowed(conn, monkeypatch, how, narrow, ranked):
    from quotegraph.store import queries

    word = "Азербайджан"
    everything = sorted(_searched(conn, how, word))
    assert len(everything) > 2
    monkeypatch.setattr(queries, "RANKED_MATCHES", 2)
    found = sorted(_searched(conn, how, word, **narrow))
    assert found == (everything[-ranked:] if ranked else everything)
