"""Exports of a corpus store: JSONL, Parquet, GraphML and GDELT GKG, each read back."""
from __future__ import annotations

import csv
import json
from collections import defaultdict
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLE, LAVROV
from quotegraph.cli import main
from quotegraph.exports import FORMATS, export, replacing
from quotegraph.exports.gkg import (COLUMNS, EXTRA_COLUMNS, clean, date_block, location_block, name_block,
                                    quotation_block, speaker_block, stamp, tone_block)
from quotegraph.exports.graphml import EDGE_KEYS, xml_text
from quotegraph.exports.parquet import TABLES
from quotegraph.pipeline import analyze
from quotegraph.record import to_json
from quotegraph.store.db import open_store
from quotegraph.store.identities import link_identities
from quotegraph.store.rows import article_rows
from quotegraph.store.write import write_article

SECOND = ("date 2025-11-13\nЗаголовок\n\n«Мы не уйдём из Донбасса», — заявил Дмитрий Песков. По словам "
          "Пескова, Владимир Путин встретится с Ильхамом Алиевым в Баку 8 ноября.")
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
TONE = ("tone", "positive", "negative", "polarity", "words", "positive_words", "negative_words")
ROLES = {"positive": "praised", "negative": "criticised", "neutral": "mentioned"}


def make_store(path, records):
    conn = open_store(path)
    for record in records:
        write_article(conn, article_rows(record))
    link_identities(conn, force=True)
    conn.close()
    return path


@pytest.fixture(scope="module")
def records():
    return [analyze(EXAMPLE.read_text(encoding="utf-8"), id="seed"), analyze(SECOND, id="second")]


@pytest.fixture(scope="module")
def conn(records, tmp_path_factory):
    path = make_store(tmp_path_factory.mktemp("store") / "corpus.db", records)
    conn = open_store(path, readonly=True)
    yield conn
    conn.close()


@pytest.fixture
def empty(tmp_path):
    conn = open_store(make_store(tmp_path / "empty.db", []), readonly=True)
    yield conn
    conn.close()


@pytest.fixture(params=["analyzed", "ingested"])
def stored(request):
    """A store of this module's records (analyze, then write), or the seed and Lavrov articles as
    ``quotegraph ingest`` stores them (conftest's ``two_article_store``)."""
    if request.param == "analyzed":
        yield request.getfixturevalue("conn")
        return
    conn = open_store(request.getfixturevalue("two_article_store"), readonly=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def v1(records, tmp_path_factory):
    """A store of the same articles as format v1 records: no targets, no tone."""
    old = [{**{k: v for k, v in r.items() if k != "tone"}, "schema_version": 1,
            "quotes": [{k: v for k, v in q.items() if k != "targets"} for q in r["quotes"]]} for r in records]
    conn = open_store(make_store(tmp_path_factory.mktemp("v1") / "v1.db", old), readonly=True)
    yield conn
    conn.close()


def stored_targets(conn) -> dict[tuple[int, int], dict[str, tuple]]:
    """(article id, quote idx) → local id → (n, tone, score, role): the quote_entities rows."""
    out = defaultdict(dict)
    for aid, idx, local, *values in conn.execute(
            "SELECT q.article_id, q.idx, qe.local_id, qe.n, qe.tone, qe.score, qe.role"
            " FROM quote_entities qe JOIN quotes q ON q.id = qe.quote_id"):
        out[aid, idx][local] = tuple(values)
    return out


def stored_tone(conn) -> dict[int, dict]:
    """article id → its article_tone row as a dict."""
    return {aid: dict(zip(TONE, values)) for aid, *values in conn.execute(f"SELECT article_id, {', '.join(TONE)}"
                                                                          " FROM article_tone")}


def stored_records(conn) -> dict[int, dict]:
    return {aid: json.loads(body) for aid, body in conn.execute("SELECT id, record FROM articles")}


def expected_edges(conn) -> dict[tuple[str, str], tuple]:
    """(speaker, target) node ids → (quotes, positive, negative, neutral, mean score), counted
    from the stored records' targets: per quote and target identity, its target with the most
    mentions."""
    identity = dict(((aid, local), iid) for aid, local, iid in
                    conn.execute("SELECT article_id, local_id, identity_id FROM entities"))
    found = defaultdict(list)
    for aid, record in stored_records(conn).items():
        for q in record["quotes"]:
            source, best = identity.get((aid, q["speaker"]["entity"])), {}
            for t in q["targets"]:
                target = identity.get((aid, t["entity"]))
                if None not in (source, target) and target != source and \
                        len(t["mentions"]) > len(best.get(target, {}).get("mentions", ())):
                    best[target] = t
            for target, t in best.items():
                found[str(source), str(target)].append(t)
    return {pair: (len(ts), *(sum(t["tone"] == tone for t in ts) for tone in ("positive", "negative", "neutral")),
                   sum(t["score"] for t in ts) / len(ts)) for pair, ts in found.items()}


def gkg_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def graph(path):
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(GRAPHML + "key")}

    def attrs(element):
        return {keys[d.get("key")]: d.text for d in element.iter(GRAPHML + "data")}
    nodes = {n.get("id"): attrs(n) for n in root.iter(GRAPHML + "node")}
    edges = {(e.get("source"), e.get("target")): attrs(e) for e in root.iter(GRAPHML + "edge")}
    return root, nodes, edges


# --- GKG fields, one case a line ------------------------------------------------------------

@pytest.mark.parametrize("block, expected", [
    (quotation_block(10, 25, "заявил", "Мы не уйдём, точка"), "10|15|заявил|Мы не уйдём, точка"),
    (quotation_block(0, 9, "сказал", "a\tb#c|d\ne"), "0|9|сказал|a b c d e"),
    (quotation_block(5, 8, None, "да!"), "5|3||да!"),
    (quotation_block(5, 8, "По ее словам", "a\r\nb"), "5|3|По ее словам|a  b"),
    (quotation_block(0, 3, ":", "x\u2028y"), "0|3|:|x y"),
    (name_block("Ильхам Алиев", 86), "Ильхам Алиев,86"),
    (name_block("ООО «Рога, копыта; и ко»", 7), "ООО «Рога  копыта  и ко»,7"),
    (location_block("Баку", 145), "#Баку#######145"),
    (location_block("Баку"), "#Баку#####"),
    (location_block("A#B;C", 1), "#A B C#######1"),
    (date_block("2025-11-08", 1156), "3#11#8#2025#1156"),
    (date_block("2025-11", 40), "2#11#0#2025#40"),
    (date_block("2020", 1287), "1#0#0#2020#1287"),
    (speaker_block("Айгерим Жампетова", 6, 1124, 1127), "Айгерим Жампетова|6|1124|3"),
    (speaker_block("пресс-служба полиции", None, 40, 60), "пресс-служба полиции||40|20"),
    (speaker_block(None, None, None, None), "|||"),
    (speaker_block("A|B#C", 1, 0, 1), "A B C|1|0|1"),
    (stamp("2025-11-12", "2026-01-02T03:04:05+00:00"), "20251112000000"),
    (stamp(None, "2026-01-02T03:04:05+00:00"), "20260102030405"),
    (clean(None), ""),
    (clean("a;b,c\td"), "a;b,c d"),
    (xml_text("A & <B>\x01"), "A &amp; &lt;B&gt;\ufffd"),
    (tone_block(10.061, 10.061, 0.0, 10.061, 328), "10.061,10.061,0,10.061,0,0,328"),
    (tone_block(-1.379, 2.069, 3.448, 5.517, 283), "-1.379,2.069,3.448,5.517,0,0,283"),
    (tone_block(0.0, 0.0, 0.0, 0.0, 0), "0,0,0,0,0,0,0"),
    (tone_block(-100.0, 0.0, 100.0, 100.0, 1), "-100,0,100,100,0,0,1"),
])
def test_exports_field(block, expected):
    assert block == expected


# --- JSONL ---------------------------------------------------------------------------------

def test_exports_jsonl_is_the_analyze_record_byte_for_byte(conn, records, tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert all("tone" in r and all("targets" in q for q in r["quotes"]) for r in records)
    assert export(conn, "jsonl", out) == {"articles": 2}
    assert out.read_bytes() == "".join(to_json(r) + "\n" for r in records).encode("utf-8")
    assert not (tmp_path / "corpus.jsonl.part").exists()


def test_exports_jsonl_equals_the_cli_analyze_output(tmp_path):
    (tmp_path / "second.txt").write_text(SECOND, encoding="utf-8")
    analyzed = tmp_path / "analyzed.jsonl"
    assert main(["analyze", str(tmp_path / "second.txt"), "-o", str(analyzed), "-q"]) == 0
    conn = open_store(make_store(tmp_path / "c.db", [json.loads(analyzed.read_text(encoding="utf-8"))]),
                      readonly=True)
    try:
        export(conn, "jsonl", tmp_path / "exported.jsonl")
    finally:
        conn.close()
    assert (tmp_path / "exported.jsonl").read_bytes() == analyzed.read_bytes()


# --- Parquet -------------------------------------------------------------------------------

def test_exports_parquet_tables_match_the_store(conn, records, tmp_path):
    counts = export(conn, "parquet", tmp_path / "pq")
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == sorted(TABLES)
    for table, sql in [("articles", "articles"), ("quotes", "quotes"), ("targets", "quote_entities"),
                       ("entities", "entities"),
                       ("mentions", "mentions"), ("dates", "dates"), ("identities", "identities")]:
        n = conn.execute(f"SELECT count(*) FROM {sql}").fetchone()[0]
        assert counts[table] == n == pq.read_table(tmp_path / "pq" / f"{table}.parquet").num_rows > 0
    assert counts["quotes"] == sum(len(r["quotes"]) for r in records)


def test_exports_parquet_quotes_carry_speaker_identity_key_and_date(conn, tmp_path):
    export(conn, "parquet", tmp_path / "pq")
    quotes = pq.read_table(tmp_path / "pq" / "quotes.parquet").to_pylist()
    by = [q for q in quotes if q["speaker_identity_name"] == "Айгерим Жампетова"]
    assert len(by) >= 6
    assert {q["article_key"] for q in by} == {"seed"} and {q["date"] for q in by} == {"2025-11-12"}
    assert len({q["speaker_identity_id"] for q in by}) == 1 and by[0]["speaker_identity_id"] is not None
    texts = {a["article_id"]: a["text"] for a in pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()}
    for q in quotes:
        assert texts[q["article_id"]][q["start"]:q["end"]] == q["text"]
    nested = [q for q in quotes if q["parent_idx"] is not None]
    assert nested and all(q["speaker_identity_name"] == "Касым-Жомарт Токаев" for q in nested)
    aliev = conn.execute("SELECT id FROM identities WHERE name = 'Ильхам Алиев'").fetchone()[0]
    assert any(aliev in q["mentioned_identity_ids"] for q in by)


def test_exports_parquet_entities_mentions_identities(conn, tmp_path):
    export(conn, "parquet", tmp_path / "pq")
    read = lambda name: pq.read_table(tmp_path / "pq" / f"{name}.parquet").to_pylist()  # noqa: E731
    texts = {a["article_id"]: a["text"] for a in read("articles")}
    entities = read("entities")
    assert all(e["identity_id"] is not None for e in entities)
    assert [e["local_id"] for e in entities if e["article_key"] == "seed"][:3] == ["e1", "e2", "e3"]
    zh = next(e for e in entities if e["name"] == "Айгерим Жампетова")
    assert "казахстанский политолог" in zh["roles"]
    for m in read("mentions"):
        assert texts[m["article_id"]][m["start"]:m["end"]] == m["text"]
    aliev = next(i for i in read("identities") if i["name"] == "Ильхам Алиев")
    assert aliev["type"] == "PER" and aliev["n_articles"] == 2
    assert aliev["first_seen"] == "2025-11-12" and aliev["last_seen"] == "2025-11-13"
    assert "Ильхама Алиева" in aliev["aliases"] and "президент" in aliev["roles"]


# --- GraphML -------------------------------------------------------------------------------

def test_exports_graphml_speaker_to_target_edges(conn, tmp_path):
    counts = export(conn, "graphml", tmp_path / "g.graphml")
    root, nodes, edges = graph(tmp_path / "g.graphml")
    assert root.find(GRAPHML + "graph").get("edgedefault") == "directed"
    assert counts == {"nodes": len(nodes), "edges": len(edges)}
    assert len(nodes) == conn.execute("SELECT count(*) FROM identities").fetchone()[0]
    node = {a["name"]: nid for nid, a in nodes.items()}
    zh, aliev = node["Айгерим Жампетова"], node["Ильхам Алиев"]
    stored = dict(conn.execute("SELECT id, n_quotes FROM identities").fetchall())
    assert all(int(a["n_quotes"]) == stored[int(nid)] for nid, a in nodes.items())
    assert int(nodes[zh]["n_quotes"]) >= 6 and nodes[zh]["type"] == "PER"
    assert int(edges[zh, aliev]["weight"]) >= 2
    assert (node["Дмитрий Песков"], node["Владимир Путин"]) in edges
    assert (node["Дмитрий Песков"], aliev) in edges  # the same identity across both articles
    assert all(source != target for source, target in edges)


# --- GKG -----------------------------------------------------------------------------------

def test_exports_gkg_rows_follow_the_codebook(conn, records, tmp_path):
    assert export(conn, "gkg", tmp_path / "c.gkg.csv") == {"articles": 2, "quotes": 10}
    rows = gkg_rows(tmp_path / "c.gkg.csv")
    assert len(rows) == 2 and all(len(r) == len(COLUMNS) + len(EXTRA_COLUMNS) == 29 for r in rows)
    seed = dict(zip(COLUMNS + EXTRA_COLUMNS, rows[0]))
    assert seed["GKGRECORDID"] == "20251112000000-1" and seed["V2.1DATE"] == "20251112000000"
    assert seed["V2DOCUMENTIDENTIFIER"] == "seed" and seed["V2SOURCECOLLECTIONIDENTIFIER"] == ""
    assert "3#11#8#2025#1156" in seed["V2.1ENHANCEDDATES"].split(";")
    assert "Ильхам Алиев" in seed["V1PERSONS"].split(";")
    assert "#Азербайджан#####" in seed["V1LOCATIONS"].split(";")
    assert dict(zip(COLUMNS, rows[1]))["V2EXTRASXML"] == "<PAGE_TITLE>Заголовок</PAGE_TITLE>"
    for name in ("V1COUNTS", "V2ENHANCEDTHEMES", "V2GCAM", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO"):
        assert seed[name] == ""


def test_exports_gkg_offsets_slice_the_article_text(conn, records, tmp_path):
    export(conn, "gkg", tmp_path / "c.gkg.csv")
    for row, record in zip(gkg_rows(tmp_path / "c.gkg.csv"), records):
        fields, text = dict(zip(COLUMNS + EXTRA_COLUMNS, row)), record["text"]
        quotations = fields["V2.1QUOTATIONS"].split("#")
        speakers = fields["QGSPEAKERS"].split("#")
        assert len(quotations) == len(speakers) == len(record["quotes"])
        for block, speaker, q in zip(quotations, speakers, record["quotes"]):
            offset, length, verb, quote = block.split("|", 3)
            assert clean(text[int(offset):int(offset) + int(length)], "#|") == quote
            assert verb == (q["cue"] or {}).get("text", "")
            name, iid, at, n = speaker.split("|")
            assert text[int(at):int(at) + int(n)] == q["speaker"]["mention"]["text"]
            assert name == q["speaker"]["name"] and iid.isdigit()
        for column in ("V2ENHANCEDPERSONS", "V2ENHANCEDORGANIZATIONS", "V2.1ALLNAMES"):
            starts = {m["start"] for e in record["entities"] for m in e["mentions"] if m["kind"] == "name"}
            for block in filter(None, fields[column].split(";")):
                assert int(block.rsplit(",", 1)[1]) in starts
        for block in filter(None, fields["V2ENHANCEDLOCATIONS"].split(";")):
            offset = int(block.split("#")[8])
            assert any(m["start"] == offset for e in record["entities"] if e["type"] == "LOC"
                       for m in e["mentions"])
    seed = dict(zip(COLUMNS + EXTRA_COLUMNS, gkg_rows(tmp_path / "c.gkg.csv")[0]))
    assert sum(s.split("|")[0] == "Айгерим Жампетова" for s in seed["QGSPEAKERS"].split("#")) >= 6


# --- targets and tone: exactly what the store holds -----------------------------------------

def test_exports_jsonl_carries_the_stored_targets_and_tone(stored, tmp_path):
    export(stored, "jsonl", tmp_path / "c.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = [aid for aid, in stored.execute("SELECT id FROM articles ORDER BY id")]
    targets, tones = stored_targets(stored), stored_tone(stored)
    assert len(lines) == len(ids) == len(tones) == 2
    for aid, record in zip(ids, lines):
        assert record["tone"] == tones[aid]
        for idx, q in enumerate(record["quotes"]):
            assert {t["entity"]: (len(t["mentions"]), t["tone"], t["score"], t["role"])
                    for t in q["targets"]} == targets.get((aid, idx), {})
            for t in q["targets"]:
                assert t["role"] == ROLES[t["tone"]] and -1 <= t["score"] <= 1
                assert all(record["text"][m["start"]:m["end"]] == m["text"] for m in t["mentions"])
    assert any(q["targets"] for r in lines for q in r["quotes"])


def test_exports_parquet_targets_are_the_stored_targets(stored, tmp_path):
    export(stored, "parquet", tmp_path / "pq")
    read = lambda name: pq.read_table(tmp_path / "pq" / f"{name}.parquet").to_pylist()  # noqa: E731
    rows, quotes = read("targets"), {q["quote_id"]: q for q in read("quotes")}
    assert {(r["article_id"], r["quote_idx"], r["local_id"]): (r["n_mentions"], r["tone"], r["score"], r["role"])
            for r in rows} == {(aid, idx, local): values for (aid, idx), by in stored_targets(stored).items()
                               for local, values in by.items()}
    assert len(rows) == stored.execute("SELECT count(*) FROM quote_entities").fetchone()[0] > 0
    records = stored_records(stored)
    entities = {(aid, local): (type_, iid) for aid, local, type_, iid in
                stored.execute("SELECT article_id, local_id, type, identity_id FROM entities")}
    for r in rows:
        quote = quotes[r["quote_id"]]
        assert (quote["article_id"], quote["idx"], quote["date"]) == (r["article_id"], r["quote_idx"], r["date"])
        assert r["speaker_identity_id"] == quote["speaker_identity_id"]
        assert (r["type"], r["identity_id"]) == entities[r["article_id"], r["local_id"]]
        [target] = [t for t in records[r["article_id"]]["quotes"][r["quote_idx"]]["targets"]
                    if t["entity"] == r["local_id"]]
        assert r["name"] == target["name"]


def test_exports_parquet_articles_carry_the_stored_document_tone(stored, tmp_path):
    export(stored, "parquet", tmp_path / "pq")
    articles = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    tones, records = stored_tone(stored), stored_records(stored)
    assert len(articles) == len(tones) == 2
    for a in articles:
        got = {k: a["tone" if k == "tone" else f"tone_{k}"] for k in TONE}
        assert got == tones[a["article_id"]] == records[a["article_id"]]["tone"]


def test_exports_graphml_edges_count_the_tone_of_their_quotes(stored, tmp_path):
    export(stored, "graphml", tmp_path / "g.graphml")
    root, _, edges = graph(tmp_path / "g.graphml")
    declared = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.iter(GRAPHML + "key")}
    assert {k: declared[k] for k, _ in EDGE_KEYS} == {
        "weight": ("edge", "int"), "n_positive": ("edge", "int"), "n_negative": ("edge", "int"),
        "n_neutral": ("edge", "int"), "mean_score": ("edge", "double")}
    expected = expected_edges(stored)
    assert set(edges) == set(expected) and edges
    for pair, (weight, positive, negative, neutral, mean) in expected.items():
        got = edges[pair]
        assert [int(got[k]) for k in ("weight", "n_positive", "n_negative", "n_neutral")] == \
            [weight, positive, negative, neutral]
        assert float(got["mean_score"]) == pytest.approx(mean, abs=5.1e-4)  # rounded to 3 decimals


def test_exports_gkg_tone_is_the_stored_document_tone(stored, tmp_path):
    export(stored, "gkg", tmp_path / "c.gkg.csv")
    ids = [aid for aid, in stored.execute("SELECT id FROM articles ORDER BY id")]
    tones = stored_tone(stored)
    for aid, row in zip(ids, gkg_rows(tmp_path / "c.gkg.csv"), strict=True):
        tone, positive, negative, polarity, activity, self_group, words = dict(zip(COLUMNS, row))["V1.5TONE"].split(",")
        assert [float(tone), float(positive), float(negative), float(polarity), int(words)] == \
            [tones[aid][k] for k in ("tone", "positive", "negative", "polarity", "words")]
        assert activity == self_group == "0"  # not computed


# --- a store of format v1 records: targets without tone, no document tone --------------------

def _pq(name):
    return lambda out: pq.read_table(out / f"{name}.parquet").to_pylist()


@pytest.mark.parametrize("fmt, probe, expected", [
    ("jsonl", lambda out: {"tone" in json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()},
     {False}),
    ("parquet", lambda out: {r["tone"] for r in _pq("articles")(out)}, {None}),
    ("parquet", lambda out: {r["tone_words"] for r in _pq("articles")(out)}, {None}),
    ("parquet", lambda out: {(r["tone"], r["score"], r["role"]) for r in _pq("targets")(out)}, {(None, None, None)}),
    ("graphml", lambda out: {(a["n_positive"], a["n_negative"], a["n_neutral"], "mean_score" in a)
                             for a in graph(out)[2].values()}, {("0", "0", "0", False)}),
    ("gkg", lambda out: {dict(zip(COLUMNS, row))["V1.5TONE"] for row in gkg_rows(out)}, {""}),
])
def test_exports_v1_store_has_no_tone(v1, fmt, probe, expected, tmp_path):
    out = tmp_path / f"out.{fmt}"
    assert set(export(v1, fmt, out).values()) != {0}
    assert probe(out) == expected


# --- every format, and an empty store ------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_empty_store_writes_valid_empty_files(empty, fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    counts = export(empty, fmt, out)
    assert set(counts.values()) == {0}
    if fmt == "parquet":
        for name, (schema, _, _) in TABLES.items():
            table = pq.read_table(out / name)
            assert table.num_rows == 0 and table.schema.names == schema.names
    elif fmt == "graphml":
        _, nodes, edges = graph(out)
        assert nodes == {} and edges == {}
    else:
        assert out.read_bytes() == b""


def test_exports_unknown_format_says_which_exist(empty, tmp_path):
    with pytest.raises(ValueError, match="jsonl, parquet, graphml, gkg"):
        export(empty, "csv", tmp_path / "x")


def test_exports_a_failed_write_leaves_no_file(tmp_path):
    out = tmp_path / "x.jsonl"
    with pytest.raises(RuntimeError):
        with replacing(out) as part:
            part.write_text("half")
            raise RuntimeError
    assert list(tmp_path.iterdir()) == []
