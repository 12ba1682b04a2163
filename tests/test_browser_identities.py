"""The network page of a store of NEREL train articles, in a real browser: Russia, whether
an article writes «Россия», «РФ», «Российская Федерация» or «российский», is one node, and so
is the Russian foreign ministry («МИД», «МИД России», «МИД РФ»)."""
from __future__ import annotations

import sqlite3

import pytest

from browser import available, launch, served
from conftest import need_shared
from quotegraph.ingest import ingest

pytestmark = pytest.mark.skipif(not available(), reason="needs Debian's chromium (`make browser` installs it)")

# NEREL train articles whose quotes name Russia and its foreign ministry in several forms
ARTICLES = ["014", "055", "104106_text", "109033_text", "163703_text", "12176_text", "22371_text"]
RUSSIA = {"Россия", "РФ", "Российская Федерация", "российский", "российским", "российские"}
MINISTRY = {"МИД", "МИД России", "МИД РФ", "Министерство иностранных дел России"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    train = need_shared("data", "nerel-v1.1", "train")
    folder = tmp_path_factory.mktemp("nerel")
    for key in ARTICLES:
        (folder / f"{key}.txt").write_bytes((train / f"{key}.txt").read_bytes())
    db = folder / "corpus.db"
    ingest([str(folder)], db, workers=1, progress=False)
    return db


def identity_ids(db, names: set[str], type_: str) -> set[int]:
    with sqlite3.connect(db) as conn:
        marks = ", ".join("?" * len(names))
        return {i for (i,) in conn.execute(f"SELECT DISTINCT identity_id FROM entities WHERE type = ? "
                                            f"AND name IN ({marks})", (type_, *names))}


@pytest.mark.parametrize("names, type_", [(RUSSIA, "LOC"), (MINISTRY, "ORG")])
def test_browser_network_shows_one_node_for_a_place_or_body_named_many_ways(store, names, type_):
    [identity] = identity_ids(store, names, type_)  # every form of the name: one identity
    with served(store) as base, launch() as browser:
        page = browser.new_page()
        page.goto(base + "/network?edges=100")
        nodes = page.locator(f"a.node.node-{type_}")
        hrefs = [nodes.nth(i).get_attribute("href") for i in range(nodes.count())]
        labels = [nodes.nth(i).locator("title").text_content() for i in range(nodes.count())]
    mine = [h for h in hrefs if h.rstrip("/").endswith(f"/{identity}")]
    assert len(mine) == 1, (hrefs, labels)
    others = [label for h, label in zip(hrefs, labels) if h not in mine and label.split(" (")[0] in names]
    assert others == []
