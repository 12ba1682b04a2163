"""The JSON API (read-only): articles, quotes, persons and other identities, network edges.

Lists are paginated: ``page`` (from 1) and ``per_page`` (at most 100) in, and
``{"items": [...], "page": 1, "per_page": 20, "has_more": false}`` out. Names in filters match
any alias in any word form, like the CLI; ``speaker_id`` / ``entity_id`` name an identity by id.
Every quote carries its ``targets``: whom it is about, and its tone towards each. Errors all
have one shape (web/errors.py).
"""
from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from ..store import browse, keyset, queries
from . import page_queries
from .app import connection
from .errors import NotFound

router = APIRouter(tags=["corpus"])

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"

Conn = Annotated[sqlite3.Connection, Depends(connection)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"items per page, at most {MAX_PER_PAGE}")]
DateFrom = Annotated[str | None, Query(alias="from", pattern=DATE, description="from this date: YYYY, YYYY-MM or YYYY-MM-DD")]
DateTo = Annotated[str | None, Query(alias="to", pattern=DATE, description="up to this date, inclusive")]
Text = Annotated[str | None, Query(max_length=200)]
MAX_ID = 2**63 - 1  # SQLite's largest integer
Id = Annotated[int | None, Query(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Tone = Annotated[str | None, Query(pattern="^(positive|negative|neutral)$",
                                   description="with `entity` or `entity_id`: only quotes of this tone towards it")]


After = Annotated[str | None, Query(pattern=keyset.PATTERN, description=(
    "the `next` of the page before: the items after it, found by index however deep (instead of `page`)"))]


def paged(fetch, page: int, per_page: int, cursor=None) -> dict:
    """One page of ``fetch(limit, offset)``, asking one row more to learn whether more follow.
    ``cursor(row)``: the ``keyset.Cursor`` after a row, for a list that pages by keyset too."""
    rows = fetch(per_page + 1, (page - 1) * per_page)
    out = {"items": rows[:per_page], "page": page, "per_page": per_page, "has_more": len(rows) > per_page}
    if cursor is not None:
        out["next"] = cursor(rows[per_page - 1]).text if len(rows) > per_page else None
    return out


def after_cursor(after: str | None, page: int) -> keyset.Cursor | None:
    if after is None:
        return None
    if page != 1:
        raise HTTPException(422, "after: give either after (the `next` of the page before) or page, not both")
    return keyset.Cursor.parse(after)


def resolve(conn: sqlite3.Connection, name: str | None, identity_id: int | None, what: str) -> int | None:
    """An identity id from a name or an id; 404 when a name or id fits no one."""
    if identity_id is not None:
        if conn.execute("SELECT 1 FROM identities WHERE id = ?", (identity_id,)).fetchone() is None:
            raise NotFound(f"no {what} with id {identity_id}")
        return identity_id
    if name:
        found = queries.identity(conn, name)
        if found is None:
            raise NotFound(f"no {what} called {name!r}")
        return found["id"]
    return None


@router.get("/articles", summary="Articles, newest first")
def articles(conn: Conn, title: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
             page: Page = 1, per_page: PerPage = 20, after: After = None) -> dict:
    """Articles with their quote counts; ``title`` filters on title or key (substring). ``next``
    is the ``after`` of the following page."""
    cursor = after_cursor(after, page)
    return paged(lambda limit, offset: browse.list_articles(conn, title=title, date_from=date_from,
                                                            date_to=date_to, limit=limit, offset=offset, after=cursor),
                 page, per_page, lambda row: keyset.Cursor.of(row, "id", None))


@router.get("/articles/{article_id}", summary="One article with its quotes, entities, dates and tone")
def article(conn: Conn, article_id: PathId) -> dict:
    """The article's text; its quotes, each with its targets; its entities and dates; and its
    document ``tone`` (percent of words; null for an article stored before tone)."""
    found = browse.article(conn, article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id}")
    page_queries.with_targets(conn, found["quotes"])
    found["tone"] = queries.article_tone(conn, article_id)
    return found


@router.get("/quotes", summary="Quotes, filtered")
def quotes(conn: Conn, speaker: Text = None, speaker_id: Id = None, entity: Text = None,
           entity_id: Id = None, q: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
           kind: Annotated[str | None, Query(pattern="^(direct|indirect|mixed)$")] = None,
           lang: Annotated[str | None, Query(pattern="^[a-z]{2,3}$")] = None,
           tone: Tone = None, page: Page = 1, per_page: PerPage = 20, after: After = None) -> dict:
    """Quotes by a speaker, mentioning an entity, containing every word of ``q`` (any word
    form), within dates, of a kind, in articles of a language (``lang``: ru, en). Newest first; best text match first when ``q`` is given.
    Each quote carries its ``targets``. With ``tone``, only the quotes of that tone towards
    the entity, each with ``target_tone``, ``target_score`` and ``target_role``; ``tone``
    combines with dates only. In date order, ``next`` is the ``after`` of the following page
    (not with ``q`` or ``tone``: those page by number)."""
    if tone is not None and (speaker or speaker_id is not None or q or kind):
        raise HTTPException(422, "tone: combines with entity and dates only, not with speaker, q or kind")
    if after is not None and (q or tone is not None):
        raise HTTPException(422, "after: a search or a tone filter pages by number (page), not by after")
    cursor = after_cursor(after, page)
    who = resolve(conn, speaker, speaker_id, "speaker")
    about = resolve(conn, entity, entity_id, "entity")
    if tone is not None:
        if about is None:
            raise HTTPException(422, "tone: needs entity or entity_id (the quotes' tone towards whom)")
        out = _quotes_towards(conn, about, tone, date_from, date_to, page, per_page)
    else:
        out = paged(lambda limit, offset: browse.filter_quotes(
            conn, speaker=who, entity=about, text=q, date_from=date_from, date_to=date_to, kind=kind,
            lang=lang, limit=limit, offset=offset, after=cursor), page, per_page, None if q else keyset.Cursor.of)
    page_queries.with_targets(conn, out["items"])
    return out


def _quotes_towards(conn: sqlite3.Connection, about: int, tone: str, date_from: str | None,
                    date_to: str | None, page: int, per_page: int) -> dict:
    """One page of the quotes of ``tone`` towards an identity, shaped like the other quotes."""
    out = paged(lambda limit, offset: queries.quotes_about(
        conn, about, tone=tone, date_from=date_from, date_to=date_to, limit=limit, offset=offset), page, per_page)
    articles = page_queries.article_ids(conn, [row["quote_id"] for row in out["items"]])
    for row in out["items"]:
        row["article_id"] = articles[row["quote_id"]]
    return out


def _identities(conn: sqlite3.Connection, name: str | None, type: str | None, page: int, per_page: int) -> dict:
    out = paged(lambda limit, offset: browse.list_identities(conn, name=name, type=type, limit=limit,
                                                             offset=offset), page, per_page)
    for item in out["items"]:
        item.pop("key", None)
        item["aliases"] = queries.aliases_of(conn, item["id"])[:10]
        item["roles"] = queries.roles_of(conn, item["id"])[:5]
    return out


@router.get("/persons", summary="Persons, most quoted first")
def persons(conn: Conn, name: Text = None, page: Page = 1, per_page: PerPage = 20) -> dict:
    """People with their aliases, roles and counts; ``name`` matches any alias in any word form."""
    return _identities(conn, name, "PER", page, per_page)


@router.get("/identities", summary="Persons, organisations and places, most quoted first")
def identities(conn: Conn, name: Text = None,
               type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$")] = None,
               page: Page = 1, per_page: PerPage = 20) -> dict:
    return _identities(conn, name, type, page, per_page)


@router.get("/persons/{identity_id}", summary="One person (or any identity)")
@router.get("/identities/{identity_id}", summary="One identity")
def identity(conn: Conn, identity_id: PathId) -> dict:
    """The identity with aliases, roles, quotes per month, who it talks about, who quotes it
    and who talks about it; and with tone: ``speakers_about`` (who speaks about it, with how
    many of their quotes are positive, negative and neutral towards it, and the mean score)
    and ``targets_of`` (whom its quotes are about, counted the same way)."""
    found = browse.identity_detail(conn, identity_id)
    if found is None:
        raise NotFound(f"no person or other identity with id {identity_id}")
    found["timeline"] = queries.timeline(conn, identity_id)
    found["talks_about"] = queries.network(conn, speaker_id=identity_id, limit=50)
    found["quoted_by"] = browse.quoted_by(conn, identity_id)
    found["talked_about_by"] = browse.speakers_about(conn, identity_id)
    found["speakers_about"] = queries.speakers_about(conn, identity_id)
    found["targets_of"] = queries.targets_of(conn, identity_id)
    return found


@router.get("/statements", summary="A speaker's statements, the most widely carried first")
def statements(conn: Conn, speaker: Text = None, speaker_id: Id = None,
               min_articles: Annotated[int, Query(ge=1, le=100_000)] = 1,
               page: Page = 1, per_page: PerPage = 20) -> dict:
    """Statements (one utterance, every article that quoted it: docs/statements.md), each with
    ``id``, ``speaker``, ``text`` (the longest direct rendering), ``first_seen`` (date, outlet,
    article), ``n_articles``, ``n_outlets`` and its ``occurrences``, oldest first."""
    who = resolve(conn, speaker, speaker_id, "speaker")
    if who is None:
        raise NotFound("name a speaker: `speaker` (any name form) or `speaker_id`")
    return paged(lambda limit, offset: queries.statements_by(conn, who, min_articles=min_articles,
                                                             limit=limit, offset=offset), page, per_page)


@router.get("/statements/{statement_id}", summary="One statement and its spread")
def statement(conn: Conn, statement_id: PathId) -> dict:
    """The statement with every occurrence, oldest first: when and where it was quoted, and how."""
    found = queries.statement(conn, statement_id)
    if found is None:
        raise NotFound(f"no statement with id {statement_id}")
    return found


@router.get("/network", summary="Edges speaker → entity mentioned in the speaker's quotes")
def network(conn: Conn, speaker: Text = None, speaker_id: Id = None,
            min_quotes: Annotated[int, Query(ge=1, le=10_000)] = 1,
            limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    """The heaviest edges first, each weighted by the number of quotes."""
    who = resolve(conn, speaker, speaker_id, "speaker")
    return {"items": queries.network(conn, speaker_id=who, min_quotes=min_quotes, limit=limit)}
