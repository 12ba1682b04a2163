"""Server-rendered pages: search, a person's or entity's page, an article with its quotes and
entities marked up, and the speaker → target network. GET only; every page is one
template over the ``store.browse`` and ``store.queries`` functions the API uses too. Every
quote shown carries its targets, each with the quote's tone towards it."""
from __future__ import annotations

import datetime
import re
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import HTMLResponse

from ..store import browse, queries
from . import page_queries
from .app import connection
from .errors import NotFound
from .highlight import highlight_article
from .network_svg import network_figure
from .render import query_string, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25  # quotes per page
MAX_PAGE = 400
MAX_TEXT = 200  # characters of a search field
SIDE_ROWS = 12  # rows of each "talks about", "quoted by"... table (one more is fetched to tell there are more)
MAX_EDGES = 100
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

Conn = Annotated[sqlite3.Connection, Depends(connection)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]
Id = Annotated[int, Path(ge=1, le=2 ** 62, description="an identity's or article's id")]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


def _date(name: str, value: str | None) -> str | None:
    """A date filter as typed (YYYY, YYYY-MM or YYYY-MM-DD), or a 422 saying what is wrong."""
    value = (value or "").strip()
    if not value:
        return None
    problem = f"{name}: «{value}» is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11 or 2025-11-12)"
    if not DATE.fullmatch(value):
        raise HTTPException(422, problem)
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        raise HTTPException(422, problem) from None
    return value


def _kind(value: str | None) -> str | None:
    value = (value or "").strip()
    if value and value not in browse.KINDS:
        raise HTTPException(422, f"kind: «{value}» is not a kind of quote; use one of {', '.join(browse.KINDS)}")
    return value or None


def _lang(value: str | None) -> str | None:
    from ..lang import SUPPORTED

    value = (value or "").strip()
    if value and value not in SUPPORTED:
        raise HTTPException(422, f"lang: «{value}» is not a language quotegraph analyses; use one of {', '.join(SUPPORTED)}")
    return value or None


def _languages() -> list[tuple[str, str]]:
    from ..lang import SUPPORTED
    from ..language import name

    return [(code, name(code)) for code in SUPPORTED]


def _html(template: str, **context) -> HTMLResponse:
    return HTMLResponse(render(template, **context))


def _pager(path: str, params: dict, page: int, rows: list) -> tuple[list, dict]:
    """One page of ``rows`` (fetched with one row more than a page) and the links around it."""
    more = len(rows) > PAGE_SIZE
    return rows[:PAGE_SIZE], {
        "page": page, "first": (page - 1) * PAGE_SIZE + 1, "last": (page - 1) * PAGE_SIZE + min(len(rows), PAGE_SIZE),
        "prev": path + query_string(params, page=page - 1) if page > 1 else None,
        "next": path + query_string(params, page=page + 1) if more and page < MAX_PAGE else None}


def _offset(page: int) -> int:
    return (page - 1) * PAGE_SIZE


# --- search ---------------------------------------------------------------------------------

def _resolve(conn: sqlite3.Connection, name: str | None) -> tuple[dict | None, list[dict]]:
    """The identity a typed name means (the most quoted one) and the others it may mean."""
    if not name or (name.startswith("#") and name[1:].isdigit() and int(name[1:]) > 2 ** 62):
        return None, []  # an id past SQLite's integers names no one
    found = queries.find_identities(conn, name)
    return (found[0], found[1:8]) if found else (None, [])


@router.get("/", response_class=HTMLResponse)
def search(conn: Conn, text: Text = None, speaker: Text = None, entity: Text = None,
           date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
           date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
           kind: Annotated[str | None, Query(max_length=10)] = None,
           lang: Annotated[str | None, Query(max_length=10)] = None, page: PageNo = 1,
           group: Annotated[str | None, Query(pattern="^(statement)?$")] = None):
    """Quotes by words (any word form), speaker and mentioned names (any alias, any form),
    dates and kind; the latest quotes and the most quoted speakers when nothing is asked.
    ``group=statement``: one quote per statement (its first match), linked to the statement."""
    text, speaker, entity = ((v or "").strip() or None for v in (text, speaker, entity))
    date_from, date_to, kind, lang = _date("from", date_from), _date("to", date_to), _kind(kind), _lang(lang)
    params = {"text": text, "speaker": speaker, "entity": entity, "from": date_from, "to": date_to, "kind": kind,
              "lang": lang, "group": group or None}
    who, who_else = _resolve(conn, speaker)
    about, about_else = _resolve(conn, entity)
    unknown = [f"no one named «{speaker}» speaks in this corpus"] if speaker and who is None else []
    unknown += [f"nothing named «{entity}» is in this corpus"] if entity and about is None else []
    rows: list[dict] = []
    if not unknown:
        rows = browse.filter_quotes(conn, speaker=who["id"] if who else None, entity=about["id"] if about else None,
                                    text=text, date_from=date_from, date_to=date_to, kind=kind, lang=lang,
                                    limit=PAGE_SIZE + 1, offset=_offset(page), by_statement=bool(group))
    rows, pages = _pager("/", params, page, rows)
    page_queries.with_targets(conn, rows)
    searching = any(params.values())
    top = queries.top_speakers(conn, limit=15) if not searching and page == 1 else []
    counts = None
    if not searching:
        counts = {"articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                  "quotes": conn.execute("SELECT count(*) FROM quotes").fetchone()[0],
                  "speakers": conn.execute("SELECT count(*) FROM identities WHERE n_quotes > 0").fetchone()[0]}
    return _html("search.html", nav="search", params=params, kinds=browse.KINDS, rows=rows, pages=pages,
                 who=who, who_else=who_else, about=about, about_else=about_else, unknown=unknown,
                 searching=searching, top=top, counts=counts,
                 languages=_languages())


# --- persons and entities -----------------------------------------------------------------------

def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline_chart(identity_id: int, rows: list[dict], width: int = 720, height: int = 130) -> dict | None:
    """Bars of quotes per month (per year when the months span more than ten years), with the
    empty periods between shown, each bar linking to a search of that period."""
    if not rows:
        return None
    counts = {r["period"]: r["quotes"] for r in rows}
    periods = list(counts)
    if all(re.fullmatch(r"\d{4}-\d{2}", p) for p in periods):
        periods = _months(periods[0], periods[-1])
        if len(periods) > 120:
            by_year: dict[str, int] = {}
            for p, n in counts.items():
                by_year[p[:4]] = by_year.get(p[:4], 0) + n
            counts = by_year
            periods = [str(y) for y in range(int(min(by_year)), int(max(by_year)) + 1)]
    top = max(counts.values())
    plot = height - 24
    slot = width / max(len(periods), 1)
    bar = max(1.0, min(40.0, slot * 0.8))
    bars, ticks = [], []
    every = max(1, len(periods) // 8)
    for i, p in enumerate(periods):
        n = counts.get(p, 0)
        h = round(plot * n / top, 1) if n else 0
        x = round(i * slot + (slot - bar) / 2, 1)
        bars.append({"x": x, "y": round(plot - h, 1), "w": round(bar, 1), "h": h, "n": n, "period": p,
                     "href": "/" + query_string({"speaker": f"#{identity_id}", "from": p, "to": p}) if n else None})
        if i % every == 0 or i == len(periods) - 1:
            ticks.append({"x": round(i * slot + slot / 2, 1), "label": p})
    if len(ticks) > 1 and ticks[-1]["x"] - ticks[-2]["x"] < 60:
        ticks.pop(-2)
    return {"width": width, "height": height, "plot": plot, "bars": bars, "ticks": ticks, "top": top}


def _identity_page(conn: sqlite3.Connection, identity_id: int, view: str, page: int) -> HTMLResponse:
    ident = browse.identity_detail(conn, identity_id)
    if ident is None:
        raise NotFound(f"no person or entity #{identity_id} in this corpus")
    n_about = page_queries.count_quotes_about(conn, identity_id)
    n_statements = conn.execute("SELECT count(*) FROM statements s JOIN identities i ON i.key = s.speaker_key"
                                " WHERE i.id = ?", (identity_id,)).fetchone()[0]
    if view == "statements":
        rows = queries.statements_by(conn, identity_id, limit=PAGE_SIZE + 1, offset=_offset(page))
        rows, pages = _pager(f"/person/{identity_id}", {"view": "statements"}, page, rows)
    else:
        if view == "said":
            rows = browse.filter_quotes(conn, speaker=identity_id, limit=PAGE_SIZE + 1, offset=_offset(page))
        else:
            rows = browse.filter_quotes(conn, entity=identity_id, limit=PAGE_SIZE + 1, offset=_offset(page))
        rows, pages = _pager(f"/{'person' if view == 'said' else 'entity'}/{identity_id}", {}, page, rows)
        page_queries.with_targets(conn, rows)
    return _html(
        "identity.html", nav=None, ident=ident, view=view, rows=rows, pages=pages, n_about=n_about,
        n_statements=n_statements,
        timeline=timeline_chart(identity_id, queries.timeline(conn, identity_id, by="month")),
        side_rows=SIDE_ROWS,
        talks_about=queries.network(conn, speaker_id=identity_id, limit=SIDE_ROWS + 1),
        quotes_whom=page_queries.quotes_whom(conn, identity_id, SIDE_ROWS + 1),
        quoted_by=browse.quoted_by(conn, identity_id, SIDE_ROWS + 1),
        talked_about_by=browse.speakers_about(conn, identity_id, SIDE_ROWS + 1),
        praised_by=queries.speakers_about(conn, identity_id, tone="positive", limit=SIDE_ROWS + 1),
        criticised_by=queries.speakers_about(conn, identity_id, tone="negative", limit=SIDE_ROWS + 1),
        speaks_of=queries.targets_of(conn, identity_id, limit=SIDE_ROWS + 1))


@router.get("/person/{identity_id}", response_class=HTMLResponse)
def person(identity_id: Id, conn: Conn, page: PageNo = 1,
           view: Annotated[str | None, Query(pattern="^(quotes|statements)$")] = None):
    """A person (or any identity): who they are, when they spoke, about whom, and their quotes
    (``view=statements``: their statements, each utterance once with its spread)."""
    return _identity_page(conn, identity_id, "statements" if view == "statements" else "said", page)


@router.get("/entity/{identity_id}", response_class=HTMLResponse)
def entity(identity_id: Id, conn: Conn, page: PageNo = 1):
    """An entity (or any identity): who talks about it, and the quotes that mention it."""
    return _identity_page(conn, identity_id, "about", page)


# --- articles ---------------------------------------------------------------------------------

def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"https?://[^\s\"'<>]+$", url) else None


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(article_id: Id, conn: Conn):
    """An article with its quotes, speakers, cues, entities and dates marked up in the text, its
    quotes' targets and its document tone."""
    art = browse.article(conn, article_id)
    if art is None:
        raise NotFound(f"no article #{article_id} in this corpus")
    page_queries.with_targets(conn, art["quotes"])
    by_idx = {q["idx"]: q for q in art["quotes"]}
    for q in art["quotes"]:
        depth, parent = 0, q["parent"]
        while parent is not None and parent in by_idx and depth < 10:
            depth, parent = depth + 1, by_idx[parent]["parent"]
        q["depth"] = depth
    groups: dict[str, list[dict]] = {}
    for e in sorted(art["entities"], key=lambda e: (-len(e["mentions"]), e["name"])):
        groups.setdefault(e["type"], []).append(e)
    order = [t for t in browse.TYPES if t in groups] + sorted(t for t in groups if t not in browse.TYPES)
    return _html("article.html", nav=None, art=art, body=highlight_article(art), url=_safe_url(art.get("url")),
                 groups=[(t, groups[t]) for t in order], tone=queries.article_tone(conn, article_id))


# --- statements -------------------------------------------------------------------------------

@router.get("/statement/{statement_id}", response_class=HTMLResponse)
def statement(statement_id: Id, conn: Conn):
    """A statement: its speaker, its text, the timeline of the articles that quoted it (the first
    marked), each rendering beside the statement's text with the differences marked, and the
    outlets that carried it."""
    from .variants import word_diff

    found = queries.statement(conn, statement_id)
    if found is None:
        raise NotFound(f"no statement #{statement_id} in this corpus")
    for occurrence in found["occurrences"]:
        occurrence["diff"] = word_diff(found["text"], occurrence["text"])
    outlets: dict[str, int] = {}
    for occurrence in found["occurrences"]:
        name = occurrence["outlet"] or "(outlet unknown)"
        outlets[name] = outlets.get(name, 0) + 1
    return _html("statement.html", nav=None, st=found, outlets=sorted(outlets.items(), key=lambda x: (-x[1], x[0])))


# --- the network ------------------------------------------------------------------------------

@router.get("/network", response_class=HTMLResponse)
def network(conn: Conn, edges: Annotated[int, Query(ge=1, le=MAX_EDGES)] = 60,
            min_quotes: Annotated[int, Query(alias="min", ge=1, le=100_000)] = 1, speaker: Text = None):
    """Speakers → the entities their quotes mention, the heaviest edges, as an SVG graph."""
    speaker = (speaker or "").strip() or None
    who, who_else = _resolve(conn, speaker)
    rows: list[dict] = []
    if who or not speaker:
        rows = queries.network(conn, speaker_id=who["id"] if who else None, min_quotes=min_quotes, limit=edges)
    ids = page_queries.identities_by_id(conn, [r["speaker_id"] for r in rows] + [r["target_id"] for r in rows])
    return _html("network.html", nav="network", rows=rows, figure=network_figure(rows, ids), who=who,
                 who_else=who_else, params={"edges": edges, "min": min_quotes, "speaker": speaker},
                 max_edges=MAX_EDGES)
