"""The web pages: search, person, entity, article and network pages over a store of the seed and
a hostile article; the highlighter that marks quotes and entities up in an article's text."""
from __future__ import annotations

import html
import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from conftest import store_of
from quotegraph.store import browse
from quotegraph.store import queries as q
from quotegraph.store.db import open_store
from quotegraph.web import network_svg, pages, render
from quotegraph.web.app import create_app
from quotegraph.web.highlight import Span, highlight, highlight_article

HOSTILE_TEXT = ('date 2025-11-13 Эксперт Иван Петров заявил: «<script>alert(1)</script> это опасно, '
                '"><svg onload=alert(1)> и <b>жирно</b>». <img src=x onerror=alert(1)> "><svg onload=alert(1)>\n\n'
                '«Мы не позволим <iframe src=javascript:alert(1)> такого», — сказал Петров.')
HOSTILE = {"id": "hostile", "text": HOSTILE_TEXT, "title": "<script>alert('title')</script> Заголовок",
           "source": "<img src=x onerror=alert(2)>", "url": "javascript:alert(3)"}
RAW = ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<b>жирно"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return store_of(tmp_path_factory.mktemp("news"), {"hostile.jsonl": json.dumps(HOSTILE, ensure_ascii=False) + "\n"})


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def conn(db):
    conn = open_store(db, readonly=True)
    yield conn
    conn.close()


def who(conn, name: str) -> int:
    return q.identity(conn, name)["id"]


def article_id(conn, key: str) -> int:
    return conn.execute("SELECT id FROM articles WHERE key LIKE ?", (f"%{key}%",)).fetchone()[0]


def section(page: str, title: str) -> str:
    """The HTML of the count table headed ``title`` on a person's page."""
    found = re.search(rf"<h3>{re.escape(title)}</h3>(.*?)</section>", page, re.S)
    assert found, f"no section {title!r}"
    return found.group(1)


# --- HTML checks ------------------------------------------------------------------------------

class Tree(HTMLParser):
    """Checks that tags nest (every end tag closes the innermost open one), that no link holds a
    link, and collects the text."""
    VOID = {"br", "img", "hr", "input", "meta", "link", "path", "circle", "rect", "line"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "a" in self.stack:
            self.problems.append("a link inside a link")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID and (not self.stack or self.stack[-1] != tag):
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert not tree.problems, tree.problems
    assert not tree.stack, f"left open: {tree.stack}"
    return tree


def text_of(markup: str) -> str:
    return "".join(parsed(markup).text)


# --- the highlighter ------------------------------------------------------------------------------

# Cases are one line each: ⟦ ⟧ a quote, ⟨ ⟩ and ⟪ ⟫ entities (PER, ORG), ⦃ ⦄ a cue, ⁅ ⁆ a speaker.
MARKS = {"⟦": ("quote", "⟧"), "⟨": ("ent", "⟩"), "⟪": ("ent2", "⟫"), "⦃": ("cue", "⦄"), "⁅": ("speaker", "⁆")}
CLOSE = {close: kind for kind, close in MARKS.values()}


def marked(case: str) -> tuple[str, list[Span]]:
    """The text of a marked-up case and its spans."""
    text, spans, open_ = [], [], {kind: [] for kind, _ in MARKS.values()}
    for ch in case:
        if ch in MARKS:
            open_[MARKS[ch][0]].append(len(text))
        elif ch in CLOSE:
            kind, start = CLOSE[ch], open_[CLOSE[ch]].pop()
            n = len(spans)
            if kind == "quote":
                spans.append(Span(start, len(text), "quote", {"quote_id": n, "kind": "direct", "speaker": "Петров",
                                                              "speaker_id": 7, "depth": 0}))
            elif kind in ("ent", "ent2"):
                spans.append(Span(start, len(text), "ent", {"type": "PER" if kind == "ent" else "ORG",
                                                            "name": f"n{n}", "identity_id": n, "mention": "name"}))
            else:
                spans.append(Span(start, len(text), kind, {"quotes": [0], "cue": "сказал", "speaker": "Петров"}))
        else:
            text.append(ch)
    return "".join(text), spans


@pytest.mark.parametrize("case", [
    "",  # empty text
    "просто текст без разметки",
    "⟦Мы не уйдём⟧, — ⦃сказал⦄ ⁅⟨Песков⟩⁆.",
    "⟦Он сказал: ⟦мы ⟦не⟧ уйдём⟧, и ушёл⟧",  # quotes nested three deep
    "⟦ab⟨cd⟧ef⟩",  # an entity crossing a quote's end
    "⟨ab⟦cd⟩ef⟧",  # an entity crossing a quote's start
    "⟨a⟪b⟩c⟫",  # two entities crossing
    "⟦a⦃b⟧c⦄",  # a cue crossing a quote
    "⟦⟨⦃⁅ab⁆⦄⟩⟧",  # four spans over the same characters
    "⟦⟨Путин⟩ сказал⟧",  # spans at the very start
    "сказал ⟦⟨Путин⟩⟧",  # and at the very end
    "⟦x⟧⟦y⟧⟨z⟩",  # adjacent spans
    "⟦<script>alert(1)</script> & \"x\" 'y'⟧ <img src=x onerror=alert(1)>",  # markup is text
    "строка\n\n⟦с абзацем\nвнутри⟧\n",
])
def test_highlight_keeps_the_text_and_nests(case):
    text, spans = marked(case)
    out = str(highlight(text, spans))
    assert text_of(out) == text
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    for s in spans:  # each quote has one anchor, at its start
        if s.kind == "quote":
            assert out.count(f'id="q{s.attrs["quote_id"]}"') == 1


def test_highlight_cuts_the_entity_not_the_quote():
    text, spans = marked("⟨ab⟦cd⟩ef⟧")
    out = str(highlight(text, spans))
    assert out.count('class="quote') == 1  # the quote stays whole
    assert out.count("<mark") == 2  # the entity is cut at the quote's start


def test_highlight_clips_spans_outside_the_text():
    out = str(highlight("abcdef", [Span(-5, 3, "ent", {"type": "PER"}), Span(2, 100, "quote", {"quote_id": 1}),
                                   Span(4, 4, "cue", {}), Span(9, 12, "ent", {"type": "LOC"})]))
    assert text_of(out) == "abcdef"


def test_highlight_escapes_everything(conn):
    art = browse.article(conn, article_id(conn, "hostile"))
    out = str(highlight_article(art))
    assert text_of(out) == art["text"]
    for raw in RAW:
        assert raw not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_highlight_of_the_seed(conn):
    art = browse.article(conn, article_id(conn, "seed"))
    out = str(highlight_article(art))
    assert text_of(out) == art["text"]
    for quote in art["quotes"]:
        assert f'id="q{quote["quote_id"]}"' in out


# --- security -------------------------------------------------------------------------------------

def page_urls(conn) -> list[str]:
    petrov, jampetova = who(conn, "Иван Петров"), who(conn, "Жампетова")
    return ["/", "/?text=опасно", "/?speaker=Петров", f"/person/{petrov}", f"/entity/{petrov}",
            f"/person/{jampetova}", f"/article/{article_id(conn, 'hostile')}", f"/article/{article_id(conn, 'seed')}",
            "/network", "/person/999999", "/?page=0"]


def test_pages_escape_article_markup(client, conn):
    for url in page_urls(conn):
        body = client.get(url).text
        for raw in RAW + ["<script", " style=", "<style", "javascript:alert(3)\""]:
            assert raw not in body, (url, raw)
    body = client.get(f"/article/{article_id(conn, 'hostile')}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in body or "&quot;&gt;&lt;svg onload=alert(1)&gt;" in body
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in body  # the title
    assert 'href="javascript:' not in body


def test_search_results_escape_quotes(client):
    body = client.get("/", params={"text": "опасно"}).text
    assert body.count('class="quote-item') == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_pages_carry_the_csp(client, conn):
    for url in page_urls(conn):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, url


def test_pages_load_nothing_from_outside(client):
    body = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', body)
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@import" not in css.text and "url(http" not in css.text


# --- search -------------------------------------------------------------------------------------

def test_search_by_a_word_in_any_form(client):
    body = client.get("/", params={"text": "победы"}).text
    assert body.count('class="quote-item') >= 1
    assert "Quotes found" in body


def test_search_by_an_inflected_speaker_name(client, conn):
    body = client.get("/", params={"speaker": "Жампетовой"}).text
    speakers = re.findall(r'class="speaker-link"[^>]*>([^<]+)<', body)
    assert len(speakers) == 6 and set(speakers) == {"Айгерим Жампетова"}
    assert f'href="/person/{who(conn, "Жампетова")}"' in body


def test_search_by_a_mentioned_entity_and_kind(client):
    body = client.get("/", params={"entity": "Токаева", "kind": "direct"}).text
    assert body.count('class="quote-item kind-direct"') == body.count('class="quote-item') >= 1


def test_search_by_dates(client):
    assert client.get("/", params={"from": "2025-11-13"}).text.count('class="quote-item') == 2  # the hostile article
    assert client.get("/", params={"to": "2025-11"}).text.count('class="quote-item') == 10
    assert client.get("/", params={"from": "2026"}).text.count('class="quote-item') == 0


def test_search_for_an_unknown_speaker_says_so(client):
    body = client.get("/", params={"speaker": "Наполеон Бонапарт"}).text
    assert "no one named «Наполеон Бонапарт»" in body and 'class="quote-item' not in body


def test_search_pages(client, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    first = client.get("/").text
    assert first.count('class="quote-item') == 3 and 'rel="next" href="/?page=2"' in first
    second = client.get("/", params={"page": 2}).text
    assert 'rel="prev"' in second and second.count('class="quote-item') == 3
    assert "past the last one" in client.get("/", params={"page": 40}).text


@pytest.mark.parametrize("url, message", [
    ("/?page=0", "page"),
    ("/?page=abc", "page"),
    ("/?page=100000", "page"),
    ("/?from=2025-13", "from: «2025-13» is not a date"),
    ("/?to=2025-02-30", "to: «2025-02-30» is not a date"),
    ("/?from=yesterday", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("/?kind=rumour", "kind: «rumour»"),
    ("/?text=" + "а" * 300, "text"),
    ("/person/0", "identity_id"),
    ("/person/abc", "identity_id"),
    ("/network?edges=100000", "edges"),
])
def test_bad_parameters_get_a_422_saying_why(client, url, message):
    response = client.get(url)
    assert response.status_code == 422
    assert message in html.unescape(response.text)


@pytest.mark.parametrize("url", ["/person/999999", "/entity/999999", "/article/999999"])
def test_unknown_ids_get_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "999999" in response.text and "<h1>404</h1>" in response.text


# --- persons and entities ----------------------------------------------------------------------------

def test_person_page(client, conn):
    jampetova = who(conn, "Жампетова")
    body = client.get(f"/person/{jampetova}").text
    assert "<h1" in body and "Айгерим Жампетова" in body
    assert "казахстанский политолог" in body  # a role
    assert body.count('class="quote-item') == 6  # her quotes
    assert "Ильхам Алиев" in section(body, "Talks about")
    assert "Касым-Жомарт Токаев" in section(body, "Quotes others")
    assert f'href="/?speaker=%23{jampetova}&amp;from=2025-11&amp;to=2025-11"' in body  # the timeline's bar


def test_quoted_persons_page(client, conn):
    body = client.get(f"/person/{who(conn, 'Токаев')}").text
    assert "Айгерим Жампетова" in section(body, "Quoted by")
    assert body.count('class="quote-item') == 2


def test_entity_page(client, conn):
    aliyev = who(conn, "Ильхам Алиев")
    body = client.get(f"/entity/{aliyev}").text
    talkers = section(body, "Talked about by")
    assert "Айгерим Жампетова" in talkers and "Касым-Жомарт Токаев" in talkers
    assert body.count('class="quote-item') >= 3
    assert client.get(f"/person/{aliyev}").status_code == 200  # both pages work for anyone


def test_timeline_shows_empty_months():
    chart = pages.timeline_chart(1, [{"period": "2024-11", "quotes": 2}, {"period": "2025-02", "quotes": 1}])
    assert [b["period"] for b in chart["bars"]] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert [b["n"] for b in chart["bars"]] == [2, 0, 0, 1]
    assert pages.timeline_chart(1, []) is None


# --- articles -----------------------------------------------------------------------------------------

def test_article_page_links_each_quote_to_its_speaker(client, conn):
    aid = article_id(conn, "seed")
    body = client.get(f"/article/{aid}").text
    linked = dict(re.findall(r'id="q(\d+)"[^>]*><a class="who" href="/person/(\d+)"', body))
    expected = {str(x["quote_id"]): str(x["speaker_id"]) for x in browse.article(conn, aid)["quotes"]}
    assert linked == expected
    assert 'class="quote quote-mixed nested' in body  # Tokayev inside Zhampetova's quote


def test_article_page_has_valid_nesting(client, conn):
    body = client.get(f"/article/{article_id(conn, 'seed')}").text
    parsed(body[body.index("<body>"):body.index("</body>") + len("</body>")])


# --- the network ---------------------------------------------------------------------------------------

def test_network_page(client, conn):
    body = client.get("/network").text
    assert "<svg" in body and "<circle" in body
    assert f'href="/person/{who(conn, "Жампетова")}"' in body
    assert f'href="/entity/{who(conn, "Азербайджан")}"' in body


def test_network_of_one_speaker(client, conn):
    body = client.get("/network", params={"speaker": "Токаевым"}).text
    assert "Казахстан" in body and "Южный Кавказ" not in body


def test_network_layout_is_deterministic(conn):
    edges = q.network(conn)
    ids = {r["speaker_id"] for r in edges} | {r["target_id"] for r in edges}
    from quotegraph.web.page_queries import identities_by_id
    first = network_svg.network_figure(edges, identities_by_id(conn, ids))
    network_svg.layout.cache_clear()
    assert network_svg.network_figure(edges, identities_by_id(conn, ids)) == first
    assert all(0 <= n["x"] <= first["width"] and 0 <= n["y"] <= first["height"] for n in first["nodes"])


# --- targets and tone ------------------------------------------------------------------------------

# plain praise and blame, so that the tone model's answer is not in doubt
TONE_ARTICLE = ("date 2025-12-01 Министр иностранных дел России Сергей Лавров заявил: «Ильхам Алиев — выдающийся "
                "и мудрый лидер, его успехи восхищают». Депутат Олег Кузнецов заявил: «Ильхам Алиев развязал войну "
                "и несёт ответственность за гибель людей». «Я благодарен Сергею Лаврову за прекрасную поддержку», — "
                "сказал Алиев.")
CHIP = re.compile(r'<li class="chip tone-(\w+)" title="([^"]*)">(.*?)</li>', re.S)


@pytest.fixture(scope="module")
def tone_db(tmp_path_factory):
    """The seed and the article of praise and blame."""
    return store_of(tmp_path_factory.mktemp("tone"), {"tone.txt": TONE_ARTICLE})


@pytest.fixture(scope="module")
def tone_client(tone_db):
    return TestClient(create_app(tone_db))


@pytest.fixture(scope="module")
def tone_conn(tone_db):
    conn = open_store(tone_db, readonly=True)
    yield conn
    conn.close()


def identity_ids(conn) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM identities ORDER BY id")]


def chips_by_quote(page: str) -> dict[int, list[tuple]]:
    """quote id → its chips as (tone, linked identity id, score), from the chips that follow
    each link to the quote (its article link in a list, its number in an article's index);
    each chip must say its tone in words too, not by colour alone."""
    parts = re.split(r'#q(\d+)"', page)
    out = {}
    for quote_id, segment in zip(parts[1::2], parts[2::2]):
        chips = []
        for tone, title, inner in CHIP.findall(segment):
            word = render.tone_word(None if tone == "unknown" else tone)
            assert title.startswith(word) and f"({word})" in text_of(inner), (title, inner)
            linked = re.search(r'href="/(?:person|entity)/(\d+)"', inner)
            score = re.search(r"score ([+-][\d.]+)", title)
            chips.append((tone, int(linked[1]) if linked else None, score[1] if score else None))
        out[int(quote_id)] = sorted(chips, key=str)
    return out


def recorded_targets(conn, quote_id: int) -> list[tuple]:
    """A quote's targets as (tone, identity id, score), read from the pipeline's own record."""
    article, idx = conn.execute("SELECT article_id, idx FROM quotes WHERE id = ?", (quote_id,)).fetchone()
    record = json.loads(conn.execute("SELECT record FROM articles WHERE id = ?", (article,)).fetchone()[0])
    identity = {r[0]: r[1] for r in conn.execute("SELECT local_id, identity_id FROM entities WHERE article_id = ?",
                                                 (article,))}
    return sorted(((t["tone"], identity[t["entity"]], render.signed(t["score"]))
                   for t in record["quotes"][idx]["targets"]), key=str)


@pytest.mark.parametrize("url", [
    "/",  # the latest quotes
    "/?entity=Алиеву",  # a search
    "/person/{jampetova}",  # a speaker's quotes
    "/entity/{aliyev}",  # the quotes about someone
    "/person/{lavrov}",
    "/article/{seed}",  # an article's quote index
    "/article/{tone}",
])
def test_every_quote_shows_its_targets_as_tone_chips(tone_client, tone_conn, url):
    ids = {"jampetova": who(tone_conn, "Жампетова"), "aliyev": who(tone_conn, "Ильхам Алиев"),
           "lavrov": who(tone_conn, "Лавров"), "seed": article_id(tone_conn, "seed"),
           "tone": article_id(tone_conn, "tone")}
    body = tone_client.get(url.format(**ids)).text
    parsed(body)  # the chips nest, and no link holds a link
    shown = chips_by_quote(body)
    assert shown and any(shown.values())
    assert shown == {quote_id: recorded_targets(tone_conn, quote_id) for quote_id in shown}


@pytest.mark.parametrize("title, tone, empty", [
    ("Praised by", "positive", "No one praises them."),
    ("Criticised by", "negative", "No one criticises them."),
])
def test_praised_and_criticised_by_list_the_speakers_of_that_tone(tone_client, tone_conn, title, tone, empty):
    pages_with_rows = 0
    for identity_id in identity_ids(tone_conn):
        part = section(tone_client.get(f"/person/{identity_id}").text, title)
        expected = [(r["speaker_id"], r[tone]) for r in q.speakers_about(tone_conn, identity_id, tone=tone)]
        shown = re.findall(r'href="/person/(\d+)".*?<td class="num[^"]*"[^>]*>(\d+)', part, re.S)
        assert [(int(i), int(n)) for i, n in shown] == expected[:pages.SIDE_ROWS], identity_id
        assert (empty in part) == (not expected)
        pages_with_rows += bool(expected)
    assert pages_with_rows, f"no page shows a {tone} speaker, though the tone article has one"


@pytest.mark.parametrize("title, speaker", [("Praised by", "Сергей Лавров"), ("Criticised by", "Олег Кузнецов")])
def test_plain_praise_and_blame_show_on_the_targets_page(tone_client, tone_conn, title, speaker):
    """The one test that trusts the tone model, with words no reader could take either way."""
    part = section(tone_client.get(f"/person/{who(tone_conn, 'Ильхам Алиев')}").text, title)
    assert f'href="/person/{who(tone_conn, speaker)}"' in part


def test_speaks_of_lists_whom_a_speaker_praises_and_criticises(tone_client, tone_conn):
    for identity_id in identity_ids(tone_conn):
        part = section(tone_client.get(f"/person/{identity_id}").text, "Speaks of")
        expected = [(r["target_id"], r["positive"], r["negative"], r["neutral"])
                    for r in q.targets_of(tone_conn, identity_id)]
        row = r'href="/(?:person|entity)/(\d+)".*?' + r'<td class="num[^"]*">(\d+)</td>\s*' * 3
        shown = re.findall(row, part, re.S)
        assert [tuple(map(int, row)) for row in shown] == expected[:pages.SIDE_ROWS], identity_id
        assert ("Their quotes speak of no one." in part) == (not expected)


@pytest.mark.parametrize("key", ["seed", "tone"])
def test_article_page_shows_the_document_tone(tone_client, tone_conn, key):
    aid = article_id(tone_conn, key)
    tone = json.loads(tone_conn.execute("SELECT record FROM articles WHERE id = ?", (aid,)).fetchone()[0])["tone"]
    shown = dict(re.findall(r"<dt>(\w+)</dt><dd[^>]*>([^<]*)</dd>", tone_client.get(f"/article/{aid}").text))
    assert shown == {"Tone": render.signed(tone["tone"]), "Positive": f"{tone['positive']:.2f}%",
                     "Negative": f"{tone['negative']:.2f}%", "Polarity": f"{tone['polarity']:.2f}%",
                     "Words": f"{tone['words']:,}"}


def test_a_store_from_before_tone_shows_targets_of_unknown_tone(tone_db, tmp_path):
    """A store made before quote targets, once migrated, has no tone on its quotes' entities and
    no document tone: the pages say the tone is unknown rather than guess."""
    old = tmp_path / "old.db"
    with sqlite3.connect(tone_db) as source, sqlite3.connect(old) as copy:
        source.backup(copy)
        for table in ("quote_entities", "quote_targets"):  # (linking copies them into quote_targets)
            copy.execute(f"UPDATE {table} SET tone = NULL, score = NULL, role = NULL")
        copy.execute("DELETE FROM article_tone")
    client, conn = TestClient(create_app(old)), open_store(old, readonly=True)
    aliyev = who(conn, "Ильхам Алиев")
    body = client.get(f"/entity/{aliyev}").text
    chips = [chip for chips in chips_by_quote(body).values() for chip in chips]
    assert chips and {tone for tone, _, _ in chips} == {"unknown"}
    assert "No one praises them." in section(body, "Praised by")
    assert 'class="doc-tone"' not in client.get(f"/article/{article_id(conn, 'tone')}").text
    conn.close()
