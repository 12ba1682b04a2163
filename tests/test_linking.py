"""Linking new articles into the identities of a store without relinking it all
(``quotegraph.identity.incremental``, ``store.identities``)."""
from __future__ import annotations

import shutil

import pytest

from conftest import need_shared
from quotegraph.pipeline import analyze
from quotegraph.store.db import open_store
from quotegraph.store.identities import link_identities
from quotegraph.store.rows import article_rows
from quotegraph.store.write import delete_article, write_article

BEFORE = {
    "tomsk/1": "date 2024-02-01 Губернатор Томской области Владимир Мазур посетил завод. Мазур отметил рост "
               "производства.",
    "tomsk/2": "date 2024-02-03 Мэр Томска Дмитрий Махиня открыл сквер. Как сообщил Махиня, работы продолжатся.",
    "tomsk/3": "date 2024-02-04 Компания «Томскнефть» увеличила добычу, сообщил Владимир Мазур.",
}


def store_with(path, articles: dict[str, str]):
    conn = open_store(path)
    for key, text in articles.items():
        write_article(conn, article_rows(analyze(text, id=key)))
    return conn


def identity_of(conn, key: str, name: str) -> tuple[int, str]:
    return conn.execute("SELECT i.id, i.name FROM entities e JOIN identities i ON i.id = e.identity_id"
                        " JOIN articles a ON a.id = e.article_id WHERE a.key = ? AND e.name = ?", (key, name)).fetchone()


@pytest.mark.parametrize("text, name, identity, known", [
    ("date 2024-02-09 В. Мазур, губернатор Томской области, встретился с нефтяниками.", "В. Мазур",
     "Владимир Мазур", True),  # initials join the one person of their surname
    ("date 2024-02-07 Елена Мазур возглавила областную библиотеку.", "Елена Мазур", "Елена Мазур", False),
    ("date 2024-02-06 В Томске прошла ярмарка.", "Томск", "Томск", True),  # a place in another case
    ("date 2024-02-08 Добычу в «Томскнефти» сократили.", "Томскнефть", "Томскнефть", True),
    ("date 2024-02-10 Tomsk Mayor Dmitry Makhinya opened a skating rink on Sunday.", "Dmitry Makhinya",
     "Дмитрий Махиня", True),  # the Latin spelling of a person named in Cyrillic before
])
def test_a_new_article_is_linked_into_the_identities_before_it(tmp_path, text, name, identity, known):
    conn = store_with(tmp_path / "s.db", BEFORE)
    link_identities(conn)
    before = {n: i for i, n in conn.execute("SELECT id, name FROM identities")}
    write_article(conn, article_rows(analyze(text, id="new")))
    stats = link_identities(conn, full=False)
    got = identity_of(conn, "new", name)
    conn.close()
    assert not stats.full and got[1] == identity and (before.get(identity) == got[0]) == known


def snapshot(conn) -> dict[str, list]:
    """Every table linking writes, identities named by their merge keys."""
    k = "(SELECT key FROM identities WHERE id = {})".format
    queries = {
        "identities": "SELECT key, type, name, first_seen, last_seen, n_articles, n_mentions, n_quotes FROM identities",
        "aliases": f"SELECT {k('identity_id')}, alias, norm, lemmas, stems, last_stem, n, name_mentions FROM aliases",
        "roles": f"SELECT {k('identity_id')}, role, n FROM identity_roles",
        "entities": f"SELECT article_id, local_id, {k('identity_id')}, block FROM entities",
        "speakers": f"SELECT id, {k('speaker_id')} FROM quotes",
        "targets": f"SELECT {k('identity_id')}, quote_id, date, {k('speaker_id')}, tone, score, role FROM quote_targets",
        "network": f"SELECT {k('speaker_id')}, {k('target_id')}, quotes FROM network_edges",
        "quoting": f"SELECT {k('quoting_id')}, {k('quoted_id')}, quotes FROM quoting_edges",
    }
    return {name: sorted(map(tuple, conn.execute(sql)), key=repr) for name, sql in queries.items()}


NEWER = {
    "tomsk/4": "date 2024-02-09 В. Мазур, губернатор Томской области, заявил: «Мы построим дорогу до "
               "Колпашево». «Это обещал и Махиня», — сказал он.",
    "tomsk/5": "date 2024-01-20 Мэр Томска Дмитрий Махиня сообщил, что «Томскнефть» поможет городу.",
    "tomsk/6": "date 2024-02-11 Елена Мазур рассказала: «Губернатор Мазур назвал Томск "
               "студенческой столицей».",
}


def test_counts_added_by_a_new_batch_are_those_a_full_count_gives(tmp_path, monkeypatch, seed_record):
    import quotegraph.store.identities as identities
    from conftest import EXAMPLE

    conn = store_with(tmp_path / "s.db", {"seed": EXAMPLE.read_text(encoding="utf-8"), **BEFORE})
    link_identities(conn)
    for key, text in NEWER.items():
        write_article(conn, article_rows(analyze(text, id=key)))
    assert not link_identities(conn, full=False).full
    added = snapshot(conn)
    linking = {(a, e): key for a, e, key in conn.execute(
        "SELECT e.article_id, e.local_id, i.key FROM entities e JOIN identities i ON i.id = e.identity_id")}
    conn.close()
    shutil.copy(tmp_path / "s.db", tmp_path / "full.db")
    monkeypatch.setattr(identities, "cluster", lambda rows, bodies=None: [linking[r.article_id, r.local_id] for r in rows])
    conn = open_store(tmp_path / "full.db")
    link_identities(conn, force=True)  # the same linking, every count made from scratch
    counted = snapshot(conn)
    conn.close()
    assert added == counted and added["targets"] and added["speakers"]


@pytest.mark.parametrize("change, full", [
    ("one new article", False),
    ("the store grown by half", True),
    ("an article replaced", True),
    ("an article removed", True),
])
def test_a_full_linking_runs_when_an_article_went_or_the_store_grew_by_half(tmp_path, change, full):
    conn = store_with(tmp_path / "s.db", {**BEFORE, **NEWER})
    link_identities(conn)
    if change == "one new article":
        write_article(conn, article_rows(analyze("date 2024-03-01 Махиня открыл каток.", id="tomsk/7")))
    elif change == "the store grown by half":
        for i in range(4):
            write_article(conn, article_rows(analyze(f"date 2024-03-0{i + 1} {BEFORE['tomsk/1']} ({i})", id=f"t/{i}")))
    elif change == "an article replaced":
        write_article(conn, article_rows(analyze(BEFORE["tomsk/2"] + " Сквер назвали в честь Томска.", id="tomsk/2")))
    else:
        delete_article(conn, conn.execute("SELECT id FROM articles WHERE key = 'tomsk/3'").fetchone()[0])
    stats = link_identities(conn)
    conn.close()
    assert stats.full is full


def test_a_batch_of_news_is_linked_as_a_full_linking_links_it(tmp_path):
    """NEREL train texts: 40 linked in full, 20 more linked as a batch, against the full
    linking of all 60 (bench/linking.py measures it on the 933 texts)."""
    from quotegraph.readers import read_inputs

    texts = list(read_inputs([str(need_shared("data", "nerel-v1.1", "train"))]))[:60]
    conn = open_store(tmp_path / "s.db")
    for article in texts[:40]:
        write_article(conn, article_rows(analyze(article.text, id=article.id)))
    link_identities(conn)
    for article in texts[40:]:
        write_article(conn, article_rows(analyze(article.text, id=article.id)))
    assert not link_identities(conn, full=False).full
    query = "SELECT e.article_id, e.local_id, i.key FROM entities e JOIN identities i ON i.id = e.identity_id"
    batch = {(a, e): key for a, e, key in conn.execute(query)}
    link_identities(conn, force=True)
    full = {(a, e): key for a, e, key in conn.execute(query)}
    conn.close()
    same = sum(batch[r] == full[r] for r in full) / len(full)
    assert len(full) > 500 and same >= 0.98


@pytest.mark.parametrize("then, said", [
    (["--relink"], "identities relinked: "),  # by hand, with no new article
    (["NEW"], "new entities linked"),  # one new article to a store of three
])
def test_ingest_says_how_it_linked(tmp_path, capsys, then, said):
    from quotegraph.cli import main

    folder, db = tmp_path / "news", tmp_path / "s.db"
    folder.mkdir()
    for key, text in {**BEFORE, **NEWER}.items():
        (folder / (key.replace("/", "-") + ".txt")).write_text(text, encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    (tmp_path / "new.txt").write_text("date 2024-03-02 Мэр Томска Дмитрий Махиня открыл каток.", encoding="utf-8")
    capsys.readouterr()
    args = [str(tmp_path / "new.txt") if a == "NEW" else a for a in then]
    assert main(["ingest", *args, "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    assert said in capsys.readouterr().err


@pytest.mark.parametrize("engine, scheduler, workers, prepares", [
    ("local", None, 1, False),  # this process analyses: nothing to overlap
    ("local", None, 2, True),  # worker processes analyse while this one loads linking's tables
    ("dask", None, 2, True),
    ("local", "tcp://127.0.0.1:8786", None, True),
])
def test_ingest_loads_what_linking_reads_while_others_analyse(engine, scheduler, workers, prepares):
    from quotegraph.identity.places import places
    from quotegraph.ingest import _prepare_linking

    thread = _prepare_linking(engine, scheduler, workers)
    if thread is not None:
        thread.join(timeout=60)
    assert (thread is not None, thread is None or not thread.is_alive()) == (prepares, True)
    assert not prepares or places.cache_info().currsize == 1


@pytest.mark.parametrize("fails_in", ["_write_linked", "_context"])
def test_a_batch_whose_linking_fails_leaves_the_store_as_it_was_and_links_next_time(tmp_path, monkeypatch, fails_in):
    import quotegraph.store.identities as identities

    conn = store_with(tmp_path / "s.db", {**BEFORE, **NEWER})
    link_identities(conn)
    before = snapshot(conn)
    write_article(conn, article_rows(analyze("date 2024-03-01 Махиня открыл каток.", id="tomsk/7")))
    unlinked = snapshot(conn)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(identities, fails_in, broken)
        with pytest.raises(OSError):
            link_identities(conn, full=False)
    assert snapshot(conn) == unlinked and unlinked["identities"] == before["identities"]
    stats = link_identities(conn)  # the next run links the batch
    conn.close()
    assert stats is not None and not stats.full and stats.entities > 0
