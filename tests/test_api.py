"""The JSON API: read-only, paginated, one error shape, names in any word form."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conftest import LAVROV
from quotegraph.ingest import ingest
from quotegraph.store import queries
from quotegraph.store.db import open_store
from quotegraph.web.app import create_app


@pytest.fixture(scope="module")
def client(two_article_store):
    with TestClient(create_app(two_article_store)) as client:
        yield client


@pytest.fixture(scope="module")
def conn(two_article_store):
    conn = open_store(two_article_store, readonly=True)
    yield conn
    conn.close()


def get(client, path, **params):
    response = client.get(path, params=params)
    return response.status_code, response.json()


def person_id(client, name):
    return get(client, "/api/persons", name=name)[1]["items"][0]["id"]


def test_articles_newest_first(client):
    status, body = get(client, "/api/articles")
    assert status == 200 and [a["key"] for a in body["items"]] == ["lavrov", "seed"]
    assert [a["quotes"] for a in body["items"]] == [2, 8]


def test_article_has_text_quotes_and_entities_with_offsets(client):
    article_id = get(client, "/api/articles", title="seed")[1]["items"][0]["id"]
    status, body = get(client, f"/api/articles/{article_id}")
    assert status == 200 and len(body["quotes"]) == 8
    assert all(body["text"][q["start"]:q["end"]] == q["text"] for q in body["quotes"])
    aliyev = next(e for e in body["entities"] if e["name"] == "Ильхам Алиев")
    assert all(body["text"][m["start"]:m["end"]] == m["text"] for m in aliyev["mentions"])


@pytest.mark.parametrize("params, n", [
    ({"speaker": "Айгерим Жампетова"}, 6),  # by speaker name
    ({"speaker": "Жампетовой"}, 6),  # an inflected name
    ({"entity": "Алиев"}, 5),  # quotes mentioning Aliyev, in both articles
    ({"q": "победы"}, 6),  # full text, any word form (nested quotes count too)
    ({"q": "победы", "speaker": "Лавров"}, 1),  # filters combine
    ({"kind": "mixed"}, 2),  # by kind
    ({"from": "2025-11-13"}, 2),  # from a date: Lavrov's article only
    ({"to": "2025-11-12"}, 8),  # up to a date, inclusive
    ({"from": "2025-11", "to": "2025-11"}, 10),  # a month
])
def test_quotes_filters(client, params, n):
    status, body = get(client, "/api/quotes", per_page=100, **params)
    assert status == 200 and len(body["items"]) == n


def test_quotes_by_speaker_id(client):
    status, body = get(client, "/api/quotes", speaker_id=person_id(client, "Лавров"))
    assert status == 200 and {q["speaker"] for q in body["items"]} == {"Сергей Лавров"}


@pytest.mark.parametrize("page, per_page, n, has_more", [
    (1, 3, 3, True),  # a first page
    (4, 3, 1, False),  # the last, partial page (10 quotes)
    (5, 3, 0, False),  # past the end: empty, not an error
])
def test_pagination(client, page, per_page, n, has_more):
    status, body = get(client, "/api/quotes", page=page, per_page=per_page)
    assert (status, len(body["items"]), body["has_more"], body["page"]) == (200, n, has_more, page)


def test_pages_do_not_overlap(client):
    seen = [q["quote_id"] for page in (1, 2, 3, 4) for q in get(client, "/api/quotes", page=page, per_page=3)[1]["items"]]
    assert len(seen) == len(set(seen)) == 10


def test_persons_carry_aliases_roles_and_counts(client):
    status, body = get(client, "/api/persons", name="Алиеву")
    aliyev = body["items"][0]
    assert status == 200 and aliyev["name"] == "Ильхам Алиев" and aliyev["n_articles"] == 2
    assert "Ильхама Алиева" in [a["alias"] for a in aliyev["aliases"]]
    assert "президент" in [r["role"] for r in aliyev["roles"]]


def test_person_detail(client):
    status, body = get(client, f"/api/persons/{person_id(client, 'Токаев')}")
    assert status == 200 and body["name"] == "Касым-Жомарт Токаев"
    assert [p["name"] for p in body["quoted_by"]] == ["Айгерим Жампетова"]
    assert body["timeline"] == [{"period": "2025-11", "quotes": 2, "articles": 1}]


def test_network_edges(client):
    status, body = get(client, "/api/network", speaker="Жампетова")
    assert status == 200 and ("Айгерим Жампетова", "Ильхам Алиев") in {(e["speaker"], e["target"]) for e in body["items"]}


def recorded_targets(conn, article_id: int) -> list[list[dict]]:
    """Each quote's targets as the pipeline's record has them, in the API's shape."""
    record = json.loads(conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()[0])
    identity = {r[0]: r[1] for r in conn.execute("SELECT local_id, identity_id FROM entities WHERE article_id = ?",
                                                 (article_id,))}
    return [sorted(({"entity": t["entity"], "identity_id": identity[t["entity"]], "tone": t["tone"],
                     "score": t["score"], "role": t["role"]} for t in q["targets"]), key=lambda t: t["entity"])
            for q in record["quotes"]]


def targets_as_recorded(targets: list[dict]) -> list[dict]:
    return sorted(({k: t[k] for k in ("entity", "identity_id", "tone", "score", "role")} for t in targets),
                  key=lambda t: t["entity"])


@pytest.mark.parametrize("params", [
    {},  # every quote
    {"speaker": "Жампетова"},
    {"entity": "Алиев"},
    {"q": "победы"},
    {"entity": "Азербайджан", "tone": "negative"},
])
def test_quotes_carry_their_targets_with_tone(client, conn, params):
    status, body = get(client, "/api/quotes", per_page=100, **params)
    assert status == 200
    for quote in body["items"]:
        idx = conn.execute("SELECT idx FROM quotes WHERE id = ?", (quote["quote_id"],)).fetchone()[0]
        assert targets_as_recorded(quote["targets"]) == recorded_targets(conn, quote["article_id"])[idx]


def test_article_carries_its_tone_and_its_quotes_targets(client, conn):
    for article in get(client, "/api/articles")[1]["items"]:
        status, body = get(client, f"/api/articles/{article['id']}")
        record = json.loads(conn.execute("SELECT record FROM articles WHERE id = ?", (article["id"],)).fetchone()[0])
        assert status == 200 and body["tone"] == record["tone"]
        shown = [targets_as_recorded(quote["targets"]) for quote in body["quotes"]]
        assert shown == recorded_targets(conn, article["id"])


@pytest.mark.parametrize("tone", queries.TONES)
@pytest.mark.parametrize("entity", ["Алиев", "Азербайджан", "Казахстан"])
def test_quotes_of_a_tone_towards_an_entity(client, conn, entity, tone):
    status, body = get(client, "/api/quotes", entity=entity, tone=tone, per_page=100)
    expected = queries.quotes_about(conn, queries.identity(conn, entity)["id"], tone=tone, limit=100)
    assert status == 200 and [q["quote_id"] for q in body["items"]] == [q["quote_id"] for q in expected]
    assert {q["target_tone"] for q in body["items"]} <= {tone}


@pytest.mark.parametrize("entity", ["Алиев", "Азербайджан", "Казахстан"])
def test_the_tones_towards_an_entity_cover_its_quotes(client, entity):
    by_tone = [{q["quote_id"] for q in get(client, "/api/quotes", entity=entity, tone=tone, per_page=100)[1]["items"]}
               for tone in queries.TONES]
    every = {q["quote_id"] for q in get(client, "/api/quotes", entity=entity, per_page=100)[1]["items"]}
    assert set().union(*by_tone) == every


def test_identity_detail_says_who_speaks_of_it_and_how(client, conn):
    for (identity_id,) in conn.execute("SELECT id FROM identities").fetchall():
        status, body = get(client, f"/api/identities/{identity_id}")
        assert status == 200
        assert body["speakers_about"] == queries.speakers_about(conn, identity_id)
        assert body["targets_of"] == queries.targets_of(conn, identity_id)
        for speaker in body["speakers_about"]:  # the two are mirrors of each other
            mirror = get(client, f"/api/identities/{speaker['speaker_id']}")[1]["targets_of"]
            [row] = [r for r in mirror if r["target_id"] == identity_id]
            assert [row[k] for k in ("quotes", "positive", "negative", "neutral")] == \
                   [speaker[k] for k in ("quotes", "positive", "negative", "neutral")]


def test_the_tone_filter_is_documented(client):
    spec = client.get("/openapi.json").json()["paths"]
    [tone] = [p for p in spec["/api/quotes"]["get"]["parameters"] if p["name"] == "tone"]
    assert "entity" in tone["description"] and tone["schema"]["anyOf"][0]["pattern"]
    assert "speakers_about" in spec["/api/identities/{identity_id}"]["get"]["description"]


@pytest.mark.parametrize("path, params, status, code", [
    ("/api/articles/999999", {}, 404, "not_found"),  # unknown article
    ("/api/persons/999999", {}, 404, "not_found"),  # unknown person
    ("/api/quotes", {"speaker": "Наполеон"}, 404, "not_found"),  # unknown speaker name
    ("/api/quotes", {"page": 0}, 422, "invalid_parameter"),  # pages count from 1
    ("/api/quotes", {"per_page": 101}, 422, "invalid_parameter"),  # page size capped
    ("/api/quotes", {"from": "12.11.2025"}, 422, "invalid_parameter"),  # dates are ISO
    ("/api/quotes", {"kind": "rumour"}, 422, "invalid_parameter"),  # unknown kind
    ("/api/quotes", {"q": "а" * 201}, 422, "invalid_parameter"),  # overlong text
    ("/api/quotes", {"q": "а" * 600}, 414, "uri_too_long"),  # overlong URL
    ("/api/articles/abc", {}, 422, "invalid_parameter"),  # ids are numbers
    ("/api/articles/99999999999999999999", {}, 422, "invalid_parameter"),  # beyond SQLite's integers
    ("/api/quotes", {"speaker_id": 2**70}, 422, "invalid_parameter"),  # the same in a filter
    ("/api/quotes", {"speaker": "#99999999999999999999"}, 404, "not_found"),  # and as a #id name
    ("/api/nothing", {}, 404, "not_found"),  # unknown route
    ("/api/quotes", {"tone": "positive"}, 422, "invalid_parameter"),  # a tone towards no one
    ("/api/quotes", {"tone": "happy", "entity": "Алиев"}, 422, "invalid_parameter"),  # unknown tone
    ("/api/quotes", {"tone": "positive", "entity": "Алиев", "speaker": "Жампетова"}, 422,
     "invalid_parameter"),  # tone combines with entity and dates only
    ("/api/quotes", {"tone": "positive", "entity": "Наполеон"}, 404, "not_found"),  # towards an unknown name
])
def test_errors_have_one_shape(client, path, params, status, code):
    got, body = get(client, path, **params)
    assert got == status and body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_endpoints(client, method):
    response = getattr(client, method)("/api/quotes")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_request_bodies_are_refused(client):
    response = client.request("GET", "/api/quotes", content=b"x" * 10)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("path", ["/api/quotes", "/docs", "/openapi.json"])
def test_every_response_carries_a_content_security_policy(client, path):
    policy = client.get(path).headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_openapi_docs_load_nothing_from_outside(client):
    page = client.get("/docs").text
    assert "http" not in page and "/vendor/swagger/swagger-ui-bundle.js" in page
    assert client.get("/vendor/swagger/swagger-ui-bundle.js").status_code == 200
    assert "/api/quotes" in client.get("/openapi.json").json()["paths"]


def test_a_store_gone_while_serving_gets_a_clear_error_with_the_headers(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "lavrov.txt").write_text(LAVROV, encoding="utf-8")
    ingest([str(folder)], tmp_path / "c.db", workers=1, progress=False)
    with TestClient(create_app(tmp_path / "c.db")) as client:
        (tmp_path / "c.db").unlink()
        for page in ("/api/quotes", "/"):
            response = client.get(page)
            assert response.status_code == 503 and "no such store" in response.text
            assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("lang, n", [("ru", 10), ("en", 0), (None, 10)])
def test_quotes_filtered_by_the_language_of_their_article(client, lang, n):
    status, body = get(client, "/api/quotes", **({"lang": lang} if lang else {}), per_page=50)
    assert status == 200 and len(body["items"]) == n
    assert all(q["lang"] == "ru" for q in body["items"])


@pytest.mark.parametrize("path, params", [("/api/quotes", {"lang": "Russian"}), ("/", {"lang": "de"})])
def test_unknown_language_filter_is_a_422(client, path, params):
    assert client.get(path, params=params).status_code == 422


# --- pages by keyset: `next` and `after` ---------------------------------------------------

UNDATED = ("«Переговоры с Ильхамом Алиевым продолжатся в Баку», — сказал Сергей Лавров. «Мы готовы к диалогу», — добавил он. "
           "Ильхам Алиев ответил: «Азербайджан открыт».")


@pytest.fixture(scope="module")
def mixed_client(tmp_path_factory):
    """The seed, Lavrov's article and two articles without a date (they come last)."""
    from conftest import store_of

    db = store_of(tmp_path_factory.mktemp("keyset"), {"lavrov.txt": LAVROV, "undated-1.txt": UNDATED,
                                                       "undated-2.txt": UNDATED.replace("Баку", "Москве")})
    with TestClient(create_app(db)) as client:
        yield client


def walked(client, path, per_page, **params) -> list[dict]:
    """Every item of a list, page after page by ``next`` (at most 100 pages)."""
    items, after = [], None
    for _ in range(100):
        status, body = get(client, path, per_page=per_page, **params, **({"after": after} if after else {}))
        assert status == 200
        items += body["items"]
        after = body["next"]
        if after is None:
            return items
    raise AssertionError(f"{path} {params}: still a next page after 100 pages")


@pytest.mark.parametrize("path, params, key", [
    ("/api/quotes", {}, "quote_id"),
    ("/api/quotes", {"speaker": "Лавров"}, "quote_id"),
    ("/api/quotes", {"entity": "Алиев"}, "quote_id"),
    ("/api/quotes", {"kind": "direct"}, "quote_id"),
    ("/api/articles", {}, "id"),
])
@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_walking_a_list_by_next_gives_what_one_page_gives(mixed_client, path, params, key, per_page):
    whole = get(mixed_client, path, per_page=100, **params)[1]["items"]
    assert [x[key] for x in walked(mixed_client, path, per_page, **params)] == [x[key] for x in whole]
    assert any(x["date"] is None for x in whole) and len(whole) > per_page


@pytest.mark.parametrize("params, status", [
    ({"after": "2025-11-12~1~0", "page": 2}, 422),  # after or page, not both
    ({"after": "2025-11-12~1~0", "q": "победы"}, 422),  # a search pages by number
    ({"after": "2025-11-12;1"}, 422),  # not a cursor
    ({"after": "2025-11-12~1~0"}, 200),
])
def test_after_is_refused_where_it_cannot_page(mixed_client, params, status):
    assert get(mixed_client, "/api/quotes", **params)[0] == status
