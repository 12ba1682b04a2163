"""The web UI in a real browser: Debian's chromium, driven by Playwright, against a real
`quotegraph serve` over the seed, a hostile article, an article of praise and blame, and the
English example article (the same people, in English).
`make test` installs chromium where it is missing."""
from __future__ import annotations

import pytest

from browser import available, launch, served
from conftest import EXAMPLE, ROOT
from quotegraph.ingest import ingest
from test_pages import TONE_ARTICLE

pytestmark = pytest.mark.skipif(not available(), reason="needs Debian's chromium (`make browser` installs it)")

HOSTILE = ('date 2025-11-13 <img src=x onerror="window.__pwned=1"> Эксперт Иван Петров заявил: '
           '«<script>window.__pwned=2</script> это опасно». "><svg onload="window.__pwned=3"> '
           'Петров добавил, что <b onmouseover="window.__pwned=4">угроза</b> растёт.')


ENGLISH = ROOT / "examples" / "en-2025-11-13.txt"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    (folder / "seed.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "tone.txt").write_text(TONE_ARTICLE, encoding="utf-8")
    (folder / "english.txt").write_text(ENGLISH.read_text(encoding="utf-8"), encoding="utf-8")
    db = folder / "corpus.db"
    ingest([str(folder)], db, workers=1, progress=False)
    with served(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launch() as browser:
        yield browser


@pytest.fixture
def page(browser, base):
    """A fresh page that records alerts and every request it makes."""
    context = browser.new_context()
    page = context.new_page()
    page.dialogs, page.requests = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def test_search_then_person_then_article(page, base):
    page.goto(base + "/")
    page.fill("input[name=speaker]", "Жампетовой")  # an inflected name
    page.click("button[type=submit]")
    assert "speaker=" in page.url
    page.locator("a.speaker-link", has_text="Айгерим Жампетова").first.click()
    assert "/person/" in page.url and "Айгерим Жампетова" in page.inner_text("h1")
    link = page.locator("a.article-link").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    assert "/article/" in page.url
    quote = page.locator(f"#{anchor}")
    assert quote.is_visible() and "quote" in quote.get_attribute("class")


def test_nested_quotes_are_visible_and_each_quote_links_to_its_speaker(page, base):
    page.goto(base + "/?" + "text=%D0%BF%D0%BE%D0%B1%D0%B5%D0%B4%D1%8B")  # «победы»
    page.locator("a.article-link").first.click()
    nested = page.locator("article span.quote span.quote")
    assert nested.count() == 2 and nested.first.is_visible()  # Tokayev inside Zhampetova
    nested.first.locator("> a.who").click()
    assert "/person/" in page.url and "Касым-Жомарт Токаев" in page.inner_text("h1")


def test_language_filter_then_english_article_page(page, base):
    page.goto(base + "/")
    page.select_option("select[name=lang]", "en")
    page.click("button[type=submit]")
    assert "lang=en" in page.url
    quotes = page.locator("li.quote-item blockquote")
    assert quotes.count() >= 3
    assert {quotes.nth(i).get_attribute("lang") for i in range(quotes.count())} == {"en"}
    link = page.locator("a.article-link").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    assert "/article/" in page.url and page.locator("article.article-text").get_attribute("lang") == "en"
    assert page.locator(f"#{anchor}").is_visible()


def test_person_quoted_in_both_languages_has_one_page(page, base):
    page.goto(base + "/?speaker=Zhampetova")  # the Latin spelling finds the one person
    page.locator("a.speaker-link").first.click()
    assert "/person/" in page.url and "Айгерим Жампетова" in page.inner_text("h1")
    quotes = page.locator("li.quote-item blockquote")
    langs = [quotes.nth(i).get_attribute("lang") for i in range(quotes.count())]
    assert "ru" in langs and "en" in langs


CHIP_BACKGROUNDS = {"tone-positive": "rgb(218, 251, 225)", "tone-negative": "rgb(255, 235, 233)",
                   "tone-neutral": "rgb(246, 248, 250)"}


def test_person_page_shows_praise_criticism_and_tone_chips(page, base):
    page.goto(base + "/?entity=%D0%90%D0%BB%D0%B8%D0%B5%D0%B2%D1%83")  # «Алиеву»
    page.locator("p.resolved a").first.click()
    assert "/person/" in page.url and "Ильхам Алиев" in page.inner_text("h1")
    for title in ("Praised by", "Criticised by", "Speaks of"):
        part = page.locator("section.counts", has=page.locator("h3", has_text=title))
        assert part.is_visible(), title
        rows, empty = part.locator("td a"), part.locator("p.empty")
        assert (rows.count() > 0) != empty.is_visible(), title  # people, or a sentence saying there are none
        assert all(rows.nth(i).get_attribute("href").startswith(("/person/", "/entity/")) for i in range(rows.count()))
    chips = page.locator("ul.targets li.chip")
    assert chips.count() >= 1
    for i in range(chips.count()):
        chip = chips.nth(i)
        [tone] = [c for c in chip.get_attribute("class").split() if c.startswith("tone-")]
        word = {"tone-positive": "praised", "tone-negative": "criticised", "tone-neutral": "mentioned"}[tone]
        assert f"({word})" in chip.text_content() and chip.get_attribute("title").startswith(word)  # not colour alone
        assert chip.evaluate("e => getComputedStyle(e).backgroundColor") == CHIP_BACKGROUNDS[tone]
    target = chips.locator("a").first  # a chip links to its target's page
    name = target.inner_text()
    target.click()
    assert name in page.inner_text("h1")


@pytest.mark.parametrize("path", [
    "/article/{hostile}",  # the article itself
    "/?text=%D0%BE%D0%BF%D0%B0%D1%81%D0%BD%D0%BE",  # search results quoting it («опасно»)
    "/person/{petrov}",  # the speaker's page, which lists the quote
])
def test_markup_in_an_article_stays_inert_text(page, base, path):
    page.goto(base + "/?speaker=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2")  # «Петров»
    petrov = page.locator("a.speaker-link").first.get_attribute("href").rsplit("/", 1)[1]
    hostile = page.locator("a.article-link").first.get_attribute("href").split("#")[0].rsplit("/", 1)[1]
    page.goto(base + path.format(hostile=hostile, petrov=petrov))
    page.mouse.move(300, 300)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    assert "<script>window.__pwned=2</script>" in page.inner_text("main")  # shown as text
    assert page.locator("main script, main img[src=x], main svg[onload], main [onmouseover]").count() == 0


@pytest.mark.parametrize("path", ["/", "/article/1", "/network", "/docs"])
def test_pages_load_nothing_from_outside(page, base, path):
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    outside = [url for url in page.requests if not url.startswith((base, "data:"))]
    assert outside == [] and page.title()


def test_swagger_ui_renders_the_api(page, base):
    page.goto(base + "/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 7  # every endpoint listed
