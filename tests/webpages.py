"""Hand-made web fixtures: news pages, WARC files and feeds for testing HTML, WARC and feed inputs.

Every text here is invented (no page from the web is copied). The pages imitate the markup of
real news sites: a Russian agency (``agency``), a Russian regional portal (``portal``) and an
English wire service or newspaper (``wire``). Their boilerplate (menus, related links, comments,
cookie banners, sidebars, footers) deliberately holds quotations and people's names, listed in
``BOILERPLATE_MARKERS``, so a test can tell whether any boilerplate leaked into extracted text.

Usable from tests (``from webpages import page``) and from bench scripts after
``sys.path.insert(0, "tests")``. Needs only the standard library and warcio.
"""
from __future__ import annotations

import email.utils
import html
import io
import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

LAYOUTS: tuple[str, ...] = ("agency", "portal", "wire")

# --- boilerplate markers ------------------------------------------------------------------------
# Names and quoted phrases that occur only in the boilerplate of the layouts below.

_AGENCY_MARKERS = (
    "Вадим Колесников", "Переговоры сорваны",  # header ticker
    "Игорь Бурмистров", "Мы не отступим",  # «Читайте также»
    "Геннадий Лопатин", "Бюджет будет исполнен",  # «Читайте также»
    "Лидия Завьялова", "Мы говорим правду",  # footer
)
_PORTAL_MARKERS = (
    "Степан Гаврилюк", "Ваши данные в безопасности",  # cookie banner
    "Тамара Кузьмина", "Автобусы больше не придут",  # sidebar «Популярное»
    "Олег Свиридов", "Это всё неправда",  # comments
    "Зинаида Кравец", "Цены растут каждый день",  # comments
    "Аркадий Зуев", "Лучший портал региона",  # footer
)
_WIRE_MARKERS = (
    "Gordon Pembrook", "We value your privacy",  # cookie consent
    "Marcus Whitfield", "We will never surrender",  # Related
    "Ruth Okafor-Lane", "The deal is dead",  # Related
    "Janet Holloway", "Nobody asked the residents",  # reader comments
    "Damian Crowthorne", "The best briefing in town",  # newsletter signup
)
BOILERPLATE_MARKERS: tuple[str, ...] = _AGENCY_MARKERS + _PORTAL_MARKERS + _WIRE_MARKERS

# --- articles -----------------------------------------------------------------------------------

ARTICLES: dict[str, dict] = {
    "ru_port": {
        "title": "В Актау открыли новый паромный терминал на Каспии",
        "lang": "ru",
        "site": "Каспий-Информ",
        "author": "Руслан Ибрагимов",
        "published": "2025-11-12",
        "url": "https://kaspiy-inform.example/economy/2025/11/12/aktau-terminal.html",
        "paragraphs": [
            "В казахстанском порту Актау в среду открыли паромный терминал, который должен вдвое "
            "ускорить перевозку грузов через Каспийское море.",
            "«Терминал позволит принимать до четырёх паромов в сутки, а очереди на границе уйдут "
            "в прошлое», — заявил министр транспорта Казахстана Ерлан Ахметов на церемонии открытия.",
            "По словам директора порта Нурлана Сейткалиева, первые суда из Баку ожидаются уже в конце "
            "месяца. «Мы готовы работать круглосуточно», — добавил он.",
            "Эксперт Центра транспортных исследований Марина Яблокова считает, что проект окупится "
            "не раньше чем через семь лет: «Грузопоток пока не дотягивает до расчётного, и без новых "
            "контрактов терминал будет простаивать».",
            "Строительство терминала обошлось в 42 миллиарда тенге и продолжалось три года.",
        ],
    },
    "ru_heating": {
        "title": "В Астрахани отложили начало отопительного сезона",
        "lang": "ru",
        "site": "Волжская правда",
        "author": "Дмитрий Соколов",
        "published": "2025-11-10",
        "url": "https://volga-pravda.example/city/2025/11/10/heating.html",
        "paragraphs": [
            "Власти Астрахани перенесли начало отопительного сезона на неделю из-за аномально тёплой погоды.",
            "«Мы не видим смысла включать отопление при плюс восемнадцати», — сказал мэр города "
            "Виктор Шалимов журналистам в понедельник.",
            "Жители нескольких районов пожаловались на сырость в квартирах. «В детской уже появилась "
            "плесень, а управляющая компания только разводит руками», — рассказала пенсионерка "
            "Галина Ершова.",
            "В региональном управлении ЖКХ пообещали дать тепло досрочно в больницы и детские сады. "
            "«Социальные объекты получат тепло в первую очередь», — уточнила заместитель начальника "
            "управления Ольга Мирошниченко.",
            "По данным синоптиков, похолодание ожидается к 20 ноября.",
        ],
    },
    "en_coal": {
        "title": "Brackwater council votes to close coal plant by 2030",
        "lang": "en",
        "site": "Northern Ledger",
        "author": "Sarah Kendrick",
        "published": "2025-11-11",
        "url": "https://northern-ledger.example/news/2025/11/11/brackwater-coal-plant",
        "paragraphs": [
            "Councillors in the harbour city of Brackwater voted on Tuesday to close the municipal "
            "coal plant by 2030, five years earlier than planned.",
            "\u201cThis is the most important decision this council has taken in a generation,\u201d "
            "said council leader Thomas Arkwright after the vote.",
            "The plant's operator warned that the timetable was unrealistic. \u201cWe cannot replace "
            "four hundred megawatts in five years without government money,\u201d chief executive "
            "Helen Marsh told reporters.",
            "Union representative Kevin Doyle said workers had not been consulted: \u201cNot one of "
            "them has ever worked a night shift at the plant.\u201d",
            "The plant employs about 600 people and heats a third of the city's homes.",
        ],
    },
    "en_rail": {
        "title": "Rail strike called off after late-night talks",
        "lang": "en",
        "site": "Capital Wire",
        "author": "James Whitaker",
        "published": "2025-11-12",
        "url": "https://capital-wire.example/business/2025/11/12/rail-strike-called-off",
        "paragraphs": [
            "A national rail strike planned for Friday was called off after unions and the transport "
            "ministry reached a pay deal in the early hours of Wednesday.",
            "\"Our members have won a fair settlement, and trains will run as normal this week,\" said "
            "Priya Natarajan, general secretary of the drivers' union.",
            "Transport Minister Alan Fairbrother called the agreement \"a good deal for passengers "
            "and for taxpayers\" and thanked both sides for their patience.",
            "Commuter groups were more cautious. \"We have heard promises like this before,\" said "
            "Derek Lowe of the Rail & Road Users' Forum.",
            "The deal includes a 4.5 per cent pay rise over two years.",
        ],
    },
}

# --- helpers ------------------------------------------------------------------------------------

_TIME_OF_DAY = "T09:30:00+03:00"


def _esc(text: str) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text, quote=True)


def _timestamp(published: str) -> datetime:
    """The moment of publication: 09:30 Moscow time on the day ``published`` (YYYY-MM-DD)."""
    return datetime.fromisoformat(published + _TIME_OF_DAY)


def _rfc3339(published: str) -> str:
    return _timestamp(published).isoformat()


def _rfc822(published: str) -> str:
    return email.utils.format_datetime(_timestamp(published))


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (up to the first ., ! or ? followed by a space), or all of it."""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip())
    return match.group(1) if match else text.strip()


def _paragraphs_html(paragraphs: list[str], lead_class: str | None = None) -> str:
    """``<p>`` elements for the paragraphs; the first gets ``lead_class`` when given."""
    out = []
    for i, text in enumerate(paragraphs):
        cls = f' class="{lead_class}"' if lead_class and i == 0 else ""
        out.append(f"<p{cls}>{_esc(text)}</p>")
    return "\n".join(out)


def _json_ld(*, title, author, published, site, url, lang, description) -> str:
    """A schema.org NewsArticle as a JSON-LD script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": description,
        "inLanguage": lang,
        "datePublished": _rfc3339(published),
        "dateModified": _rfc3339(published),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "publisher": {"@type": "Organization", "name": site,
                      "logo": {"@type": "ImageObject", "url": urljoin(url, "/static/logo.png")}},
    }
    if author:
        data["author"] = {"@type": "Person", "name": author}
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _head(*, title, lang, site, author, published, url, description) -> str:
    """The ``<head>`` with title, OpenGraph, author, canonical link and JSON-LD."""
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)} — {_esc(site)}</title>",
        f'<meta name="description" content="{_esc(description)}">',
        f'<meta property="og:title" content="{_esc(title)}">',
        f'<meta property="og:site_name" content="{_esc(site)}">',
        f'<meta property="og:url" content="{_esc(url)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:description" content="{_esc(description)}">',
        f'<meta property="og:locale" content="{"ru_RU" if lang == "ru" else "en_GB"}">',
        f'<meta property="article:published_time" content="{_rfc3339(published)}">',
    ]
    if author:
        meta.append(f'<meta name="author" content="{_esc(author)}">')
    meta += [
        f'<link rel="canonical" href="{_esc(url)}">',
        '<link rel="stylesheet" href="/static/site.css">',
        _json_ld(title=title, author=author, published=published, site=site, url=url,
                 lang=lang, description=description),
    ]
    return "<head>\n" + "\n".join(meta) + "\n</head>"


def _links(items: list[tuple[str, str]], *, ul_class: str, li_class: str) -> str:
    """A ``<ul>`` of links: ``items`` are (href, text) pairs; text is escaped here."""
    lis = "\n".join(f'<li class="{li_class}"><a href="{_esc(href)}">{_esc(text)}</a></li>'
                    for href, text in items)
    return f'<ul class="{ul_class}">\n{lis}\n</ul>'


# --- layouts ------------------------------------------------------------------------------------

def _agency(ctx: dict) -> str:
    """A Russian news agency (TASS/RIA-like): menu, ticker, breadcrumb, lead, «Читайте также», footer."""
    nav = _links([("/politika/", "Политика"), ("/ekonomika/", "Экономика"), ("/obshchestvo/", "Общество"),
                  ("/mir/", "В мире"), ("/sport/", "Спорт"), ("/kultura/", "Культура")],
                 ul_class="menu__list", li_class="menu__item")
    related = _links([
        ("/politika/2025/11/11/burmistrov.html", "«Мы не отступим», — заявил Игорь Бурмистров"),
        ("/ekonomika/2025/11/11/lopatin.html", "Министр Геннадий Лопатин: «Бюджет будет исполнен»"),
        ("/mir/2025/11/10/talks.html", "Переговоры в Женеве продолжатся в декабре"),
    ], ul_class="related-news__list", li_class="related-news__item")
    return f"""<body class="page page--article">
<header class="header" role="banner">
<a class="header__logo" href="/">{_esc(ctx["site"])}</a>
<nav class="menu" aria-label="Разделы">
{nav}
</nav>
<div class="header__ticker ticker" role="marquee"><span class="ticker__label">Молния</span>
<a href="/lenta/">«Переговоры сорваны», — Вадим Колесников</a></div>
</header>
<main class="layout">
<nav class="breadcrumbs" aria-label="breadcrumb"><ol class="breadcrumbs__list">
<li><a href="/">Главная</a></li><li><a href="/ekonomika/">Экономика</a></li><li>Новости</li></ol></nav>
<article class="article" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="article__title" itemprop="headline">{_esc(ctx["title"])}</h1>
<div class="article__meta"><time class="article__date" datetime="{_rfc3339(ctx["published"])}">{_esc(ctx["published"])}</time>
{ctx["byline"]}</div>
<div class="article__text" itemprop="articleBody">
{_paragraphs_html(ctx["paragraphs"], "article__lead")}
</div>
</article>
<aside class="related-news" aria-label="Читайте также">
<h2 class="related-news__title">Читайте также</h2>
{related}
</aside>
</main>
<footer class="footer" role="contentinfo">
<p class="footer__copy">© 2025 {_esc(ctx["site"])}. Главный редактор Лидия Завьялова.</p>
<p class="footer__motto">«Мы говорим правду», — девиз агентства с 1991 года.</p>
<ul class="footer__links"><li><a href="/about/">О нас</a></li><li><a href="/ads/">Реклама</a></li></ul>
</footer>
</body>"""


def _portal(ctx: dict) -> str:
    """A Russian regional portal: cookie banner, share buttons, comments, sidebar «Популярное»."""
    popular = _links([
        ("/news/2025/11/11/bus.html", "Тамара Кузьмина: «Автобусы больше не придут» в посёлок"),
        ("/news/2025/11/11/fair.html", "На набережной открылась осенняя ярмарка"),
        ("/news/2025/11/10/road.html", "Ремонт моста закончат к весне"),
    ], ul_class="popular__list", li_class="popular__item")
    share = _links([("https://vk.example/share", "ВКонтакте"), ("https://t.example/share", "Telegram"),
                    ("https://ok.example/share", "Одноклассники")],
                   ul_class="share__list", li_class="share__item")
    return f"""<body>
<div class="cookie-banner" id="cookie-notice" role="dialog">
<p>Мы используем файлы cookie. «Ваши данные в безопасности», — обещает директор портала Степан Гаврилюк.</p>
<button type="button" class="cookie-banner__accept">Принять</button>
</div>
<header class="site-header">
<a class="site-header__logo" href="/">{_esc(ctx["site"])}</a>
<nav class="site-nav"><ul><li><a href="/news/">Новости</a></li><li><a href="/afisha/">Афиша</a></li>
<li><a href="/weather/">Погода</a></li><li><a href="/jobs/">Работа</a></li></ul></nav>
</header>
<div class="container">
<main class="content">
<article class="news-item">
<h1 class="news-item__title">{_esc(ctx["title"])}</h1>
<div class="news-item__info"><time datetime="{_rfc3339(ctx["published"])}">{_esc(ctx["published"])}</time>
{ctx["byline"]}</div>
<div class="news-item__body">
{_paragraphs_html(ctx["paragraphs"])}
</div>
<div class="share"><span class="share__title">Поделиться:</span>
{share}
</div>
</article>
<section class="comments" id="comments">
<h2 class="comments__title">Комментарии (2)</h2>
<div class="comment" id="comment-101"><div class="comment__author">Олег Свиридов</div>
<div class="comment__text"><p>Комментатор Олег Свиридов: «Это всё неправда», и я могу это доказать.</p></div></div>
<div class="comment" id="comment-102"><div class="comment__author">Зинаида Кравец</div>
<div class="comment__text"><p>«Цены растут каждый день», — говорит моя соседка, и она права.</p></div></div>
<form class="comments__form"><textarea name="text" placeholder="Ваш комментарий"></textarea>
<button type="submit">Отправить</button></form>
</section>
</main>
<aside class="sidebar">
<div class="popular"><h3 class="popular__title">Популярное</h3>
{popular}
</div>
</aside>
</div>
<footer class="site-footer">
<p>© 2025 {_esc(ctx["site"])}. «Лучший портал региона», — считает учредитель Аркадий Зуев.</p>
<p>18+. Перепечатка материалов только с письменного разрешения редакции.</p>
</footer>
</body>"""


def _wire(ctx: dict) -> str:
    """An English wire service or newspaper: nav, cookie consent, Related, reader comments, newsletter."""
    nav = _links([("/world/", "World"), ("/business/", "Business"), ("/markets/", "Markets"),
                  ("/politics/", "Politics"), ("/opinion/", "Opinion")],
                 ul_class="nav__list", li_class="nav__item")
    related = _links([
        ("/world/2025/11/11/whitfield", "\u201cWe will never surrender,\u201d said Marcus Whitfield"),
        ("/politics/2025/11/11/okafor-lane", "Senator Ruth Okafor-Lane: \"The deal is dead\""),
        ("/markets/2025/11/10/stocks", "Stocks close higher for a third day"),
    ], ul_class="related__list", li_class="related__item")
    return f"""<body>
<div id="onetrust-consent-sdk" class="cookie-consent" role="dialog" aria-label="Cookie consent">
<p>\u201cWe value your privacy,\u201d says Chief Privacy Officer Gordon Pembrook. We use cookies to improve your experience.</p>
<button class="cookie-consent__accept">Accept all</button><button class="cookie-consent__reject">Reject</button>
</div>
<header class="masthead">
<a class="masthead__logo" href="/">{_esc(ctx["site"])}</a>
<nav class="nav" aria-label="Sections">
{nav}
</nav>
</header>
<main id="main-content">
<article class="story">
<h1 class="story__headline">{_esc(ctx["title"])}</h1>
<div class="story__byline">{ctx["byline"]}
<time datetime="{_rfc3339(ctx["published"])}">{_esc(ctx["published"])}</time></div>
<div class="story__body">
{_paragraphs_html(ctx["paragraphs"])}
</div>
</article>
<aside class="related" aria-label="Related">
<h2 class="related__title">Related</h2>
{related}
</aside>
<section class="comments" id="reader-comments">
<h2>Reader comments</h2>
<div class="comment"><p class="comment__author">Reader Janet Holloway</p>
<p class="comment__body">\u201cNobody asked the residents,\u201d as usual. Shameful.</p></div>
</section>
<aside class="newsletter-signup">
<h2>Sign up for the Morning Briefing</h2>
<p>\u201cThe best briefing in town,\u201d says editor Damian Crowthorne.</p>
<form><input type="email" placeholder="Email address"><button>Sign up</button></form>
</aside>
</main>
<footer class="site-footer">
<ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul>
<p>© 2025 {_esc(ctx["site"])}. All rights reserved.</p>
</footer>
</body>"""


_LAYOUT_BODIES = {"agency": _agency, "portal": _portal, "wire": _wire}
_LAYOUT_MARKERS = {"agency": _AGENCY_MARKERS, "portal": _PORTAL_MARKERS, "wire": _WIRE_MARKERS}


def layout_markers(layout: str) -> tuple[str, ...]:
    """The boilerplate markers a page of ``layout`` contains."""
    return _LAYOUT_MARKERS[layout]


# --- pages --------------------------------------------------------------------------------------

def page(paragraphs: list[str], *, title: str, lang: str = "ru", site: str = "Новости Каспия",
         author: str | None = "Анна Петрова", published: str = "2025-11-12",
         url: str = "https://news.example/2025/11/12/story.html", layout: str = "agency") -> str:
    """A full HTML5 news page holding ``paragraphs`` (each one ``<p>``) inside ``layout``'s boilerplate.

    The boilerplate's language is the layout's (``agency`` and ``portal`` Russian, ``wire`` English),
    whatever ``lang`` says; ``lang`` goes to ``<html lang>`` and the metadata."""
    if layout not in _LAYOUT_BODIES:
        raise ValueError(f"unknown layout {layout!r}; choose one of {LAYOUTS}")
    description = first_sentence(paragraphs[0]) if paragraphs else title
    if author:
        label = "Автор" if lang == "ru" else "By"
        byline = f'<span class="byline">{label}: <a rel="author" href="/authors/">{_esc(author)}</a></span>'
    else:
        byline = ""
    ctx = {"title": title, "site": site, "published": published, "paragraphs": paragraphs,
           "byline": byline}
    head = _head(title=title, lang=lang, site=site, author=author, published=published, url=url,
                 description=description)
    return f'<!DOCTYPE html>\n<html lang="{_esc(lang)}">\n{head}\n{_LAYOUT_BODIES[layout](ctx)}\n</html>\n'


def article_page(article: dict, layout: str = "agency", **overrides) -> str:
    """``page`` for one of ``ARTICLES`` (or a dict shaped like them); ``overrides`` replace its fields."""
    fields = {key: article[key] for key in ("title", "lang", "site", "author", "published", "url")}
    fields.update(overrides)
    return page(list(article["paragraphs"]), layout=layout, **fields)


def wrap_text(text: str, **page_kwargs) -> str:
    """Wrap a plain-text article in ``page``: each non-empty line becomes a paragraph.

    ``title`` defaults to the first paragraph's first sentence.
    """
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    page_kwargs.setdefault("title", first_sentence(paragraphs[0]) if paragraphs else "Без заголовка")
    return page(paragraphs, **page_kwargs)


# --- WARC ---------------------------------------------------------------------------------------

_PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _http_response(writer, url: str, body: bytes, *, status: str = "200 OK",
                   content_type: str = "text/html; charset=utf-8", date: str):
    """A warcio ``response`` record for an HTTP/1.1 reply carrying ``body``."""
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                        ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                     http_headers=headers, warc_headers_dict={"WARC-Date": date})


def _http_request(writer, url: str, *, date: str):
    """A warcio ``request`` record: a GET of ``url``."""
    from warcio.statusandheaders import StatusAndHeaders

    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "") or "/"
    headers = StatusAndHeaders(f"GET {target} HTTP/1.1",
                               [("Host", parts.netloc), ("User-Agent", "quotegraph-test/1.0"),
                                ("Accept", "text/html")], is_http_request=True)
    return writer.create_warc_record(url, "request", http_headers=headers,
                                     warc_headers_dict={"WARC-Date": date})


def _truncated_bytes(url: str, *, gzip: bool, date: str) -> bytes:
    """The first half of the bytes of a complete response record (gzipped as a member when ``gzip``)."""
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    body = page(["Эта страница обрывается на середине: архив записан не до конца.",
                 "Хвост записи потерян при переносе файла."] * 4,
                title="Обрывок", url=url, layout="agency").encode("utf-8")
    writer.write_record(_http_response(writer, url, body, date=date))
    data = buffer.getvalue()
    return data[: len(data) // 2]


def write_warc(path, pages: list[tuple[str, str]], *, extras: bool = True, gzip: bool = True,
               date: str = "2025-11-13T08:00:00Z") -> dict:
    """Write a WARC of ``pages`` ((url, html) pairs), one 200 ``response`` record each.

    With ``extras``: a ``warcinfo`` record first, a ``request`` before the first page, a 404
    response after the first page, a ``revisit`` of the first page after the second, a PDF
    response after the third (extras whose page is missing come after the last page), and last a
    response record cut in half. Returns counts of what was written.
    """
    from warcio.warcwriter import WARCWriter

    counts = {"pages": 0, "revisit": 0, "not_found": 0, "pdf": 0, "truncated": 0, "request": 0,
              "warcinfo": 0}
    base = pages[0][0] if pages else "https://news.example/"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        first_digest = None

        def not_found():
            body = b"<!DOCTYPE html><html><body><h1>Not found</h1></body></html>"
            writer.write_record(_http_response(writer, urljoin(base, "/no-such-page.html"), body,
                                               status="404 Not Found", date=date))
            counts["not_found"] += 1

        def revisit():
            if first_digest is None:
                return
            from warcio.statusandheaders import StatusAndHeaders

            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            record = writer.create_revisit_record(base, first_digest, base, date, http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
            counts["revisit"] += 1

        def pdf():
            writer.write_record(_http_response(writer, urljoin(base, "/files/report.pdf"), _PDF_BYTES,
                                               content_type="application/pdf", date=date))
            counts["pdf"] += 1

        after_page = {0: [not_found], 1: [revisit], 2: [pdf]} if extras else {}
        if extras:
            info = writer.create_warcinfo_record("fixture.warc", {
                "software": "quotegraph tests/webpages.py", "format": "WARC File Format 1.0",
                "description": "hand-made fixture"})
            info.rec_headers.replace_header("WARC-Date", date)
            writer.write_record(info)
            counts["warcinfo"] += 1
        for i, (url, text) in enumerate(pages):
            if extras and i == 0:
                writer.write_record(_http_request(writer, url, date=date))
                counts["request"] += 1
            record = _http_response(writer, url, text.encode("utf-8"), date=date)
            if i == 0:
                first_digest = record.rec_headers.get_header("WARC-Payload-Digest")
            writer.write_record(record)
            counts["pages"] += 1
            for extra in after_page.pop(i, []):
                extra()
        for slot in sorted(after_page):
            for extra in after_page[slot]:
                extra()
        if extras:
            out.write(_truncated_bytes(urljoin(base, "/truncated.html"), gzip=gzip, date=date))
            counts["truncated"] += 1
    return counts


# --- feeds --------------------------------------------------------------------------------------

def _summary(item: dict) -> str:
    if item.get("summary"):
        return item["summary"]
    paragraphs = item.get("paragraphs") or [item["title"]]
    return first_sentence(paragraphs[0])


def _cdata(text: str) -> str:
    """``text`` as CDATA section(s), splitting any ``]]>`` inside it."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss_feed(items: list[dict], *, full: bool = True, title: str = "Новости Каспия",
             link: str = "https://news.example/") -> str:
    """An RSS 2.0 feed of ``items`` (dicts shaped like ``ARTICLES`` values).

    Each item has title, link, guid, pubDate (RFC 822), dc:creator, description and, when
    ``full``, the article's ``<p>`` paragraphs in ``content:encoded``.
    """
    entries = []
    for item in items:
        parts = [f"<title>{_esc(item['title'])}</title>",
                 f"<link>{_esc(item['url'])}</link>",
                 f'<guid isPermaLink="true">{_esc(item["url"])}</guid>',
                 f"<pubDate>{_rfc822(item['published'])}</pubDate>"]
        if item.get("author"):
            parts.append(f"<dc:creator>{_esc(item['author'])}</dc:creator>")
        parts.append(f"<description>{_esc(_summary(item))}</description>")
        if full:
            parts.append(f"<content:encoded>{_cdata(_paragraphs_html(item['paragraphs']))}</content:encoded>")
        entries.append("<item>\n" + "\n".join(parts) + "\n</item>")
    newest = max((item["published"] for item in items), default="2025-11-12")
    language = items[0].get("lang", "ru") if items else "ru"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{_esc(title)}</title>
<link>{_esc(link)}</link>
<description>{_esc(title)}: лента новостей</description>
<language>{_esc(language)}</language>
<lastBuildDate>{_rfc822(newest)}</lastBuildDate>
{chr(10).join(entries)}
</channel>
</rss>
"""


def atom_feed(items: list[dict], *, full: bool = True, title: str = "Новости Каспия",
              link: str = "https://news.example/") -> str:
    """An Atom 1.0 feed of ``items``: title, alternate link, id, updated/published (RFC 3339),
    author name, summary and, when ``full``, ``<content type="html">`` with the escaped paragraphs."""
    entries = []
    for item in items:
        stamp = _rfc3339(item["published"])
        parts = [f"<title>{_esc(item['title'])}</title>",
                 f'<link rel="alternate" type="text/html" href="{_esc(item["url"])}"/>',
                 f"<id>{_esc(item['url'])}</id>",
                 f"<published>{stamp}</published>",
                 f"<updated>{stamp}</updated>"]
        if item.get("author"):
            parts.append(f"<author><name>{_esc(item['author'])}</name></author>")
        parts.append(f"<summary>{_esc(_summary(item))}</summary>")
        if full:
            parts.append(f'<content type="html">{_esc(_paragraphs_html(item["paragraphs"]))}</content>')
        entries.append("<entry>\n" + "\n".join(parts) + "\n</entry>")
    newest = max((item["published"] for item in items), default="2025-11-12")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{_esc(title)}</title>
<link rel="alternate" href="{_esc(link)}"/>
<link rel="self" href="{_esc(urljoin(link, '/feed.atom'))}"/>
<id>{_esc(link)}</id>
<updated>{_rfc3339(newest)}</updated>
{chr(10).join(entries)}
</feed>
"""


# --- syndication --------------------------------------------------------------------------------

# Invented outlets: name -> (host, layout)
OUTLETS: dict[str, tuple[str, str]] = {
    "Вести Прикаспия": ("vesti-prikaspiya.example", "portal"),
    "Городской портал Атырау": ("atyrau-gorod.example", "portal"),
    "Деловая лента": ("delovaya-lenta.example", "agency"),
    "Степной вестник": ("stepnoy-vestnik.example", "agency"),
    "Новости Каспия": ("news.example", "agency"),
    "Harbour Times": ("harbour-times.example", "wire"),
    "Daily Courier": ("daily-courier.example", "wire"),
    "Evening Standard-Bearer": ("standard-bearer.example", "wire"),
}

_PREFIXES = {"ru": ("", "Срочно: ", "Новости дня: ", "Главное: ", "Эксклюзив: "),
             "en": ("", "Breaking: ", "UPDATE: ", "Analysis: ", "Latest: ")}


def _has_quote(text: str) -> bool:
    return any(mark in text for mark in "«»\u201c\u201d\u201e\"")


def syndicated_copies(article: dict, outlets: list[str]) -> list[tuple[str, str]]:
    """The same agency story as republished by ``outlets``: a list of (url, html), one per outlet.

    Each copy has the outlet's own layout, site name and URL, a title prefix, and a closing
    source line ("Источник: <agency>" or "— <agency>"). The third copy drops the last paragraph
    when it holds no quotation, so the quotations are the same in every copy.
    """
    lang = article.get("lang", "ru")
    slug = urlsplit(article["url"]).path.rstrip("/").rsplit("/", 1)[-1] or "story"
    copies = []
    for i, outlet in enumerate(outlets):
        host, layout = OUTLETS.get(outlet, (f"outlet-{i + 1}.example", LAYOUTS[i % len(LAYOUTS)]))
        paragraphs = list(article["paragraphs"])
        if i == 2 and len(paragraphs) > 3 and not _has_quote(paragraphs[-1]):
            paragraphs.pop()
        source = f"Источник: {article['site']}" if lang == "ru" else f"\u2014 {article['site']}"
        paragraphs.append(source)
        prefixes = _PREFIXES.get(lang, _PREFIXES["en"])
        url = f"https://{host}/{article['published'].replace('-', '/')}/{i + 1}-{slug}"
        html_text = page(paragraphs, title=prefixes[i % len(prefixes)] + article["title"], lang=lang,
                         site=outlet, author=article.get("author") if i % 2 == 0 else None,
                         published=article["published"], url=url, layout=layout)
        copies.append((url, html_text))
    return copies
