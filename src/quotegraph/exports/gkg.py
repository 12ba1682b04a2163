"""GDELT GKG 2.1-style TSV: one line per article, the 27 columns of the GKG 2.1 codebook in
order (empty where quotegraph has nothing to say), plus two trailing columns: ``QGSPEAKERS``,
with the speaker of each quotation, and ``QGSTATEMENTS``, with the statement each quotation
is in (docs/statements.md). No header line, as in GDELT's own files.

Offsets are exact half-open code-point offsets into the record's ``text``. A delimiter, tab
or line break inside a value is replaced by a space, one for one, so lengths and offsets
still hold. docs/exports.md has the mapping, field by field.
"""
from __future__ import annotations

import functools
import json
import pathlib
import sqlite3
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from . import replacing
from .jsonl import statements_of

COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO",
    "V2EXTRASXML")
EXTRA_COLUMNS = ("QGSPEAKERS", "QGSTATEMENTS")

WEB = "1"  # V2SOURCECOLLECTIONIDENTIFIER: the document identifier is a URL of the open web
# V2.1ENHANCEDDATES resolution by the length of our value: YYYY, YYYY-MM, YYYY-MM-DD
RESOLUTION = {4: 1, 7: 2, 10: 3}

# characters no field may hold: the column and line separators of the file itself
_BREAKS = "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@functools.cache
def _table(delimiters: str) -> dict[int, str]:
    return {ord(c): " " for c in _BREAKS + delimiters}


def clean(value: object, delimiters: str = "") -> str:
    """``value`` as text safe inside a field: tabs, line breaks and ``delimiters`` become spaces,
    one for one, so the length is unchanged."""
    return "" if value is None else str(value).translate(_table(delimiters))


def name_block(name: str, offset: int) -> str:
    """V2ENHANCEDPERSONS, V2ENHANCEDORGANIZATIONS and V2.1ALLNAMES: ``Name,Offset``."""
    return f"{clean(name, ';,')},{offset}"


def location_block(name: str, offset: int | None = None) -> str:
    """V2ENHANCEDLOCATIONS ``Type#FullName#CountryCode#ADM1Code#ADM2Code#Lat#Long#FeatureID#Offset``,
    or V1LOCATIONS ``Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID`` when ``offset`` is
    None. We know the name only: the other fields stay empty."""
    name = clean(name, ";#")
    return f"#{name}#####" if offset is None else f"#{name}#######{offset}"


def date_block(value: str, offset: int) -> str:
    """V2.1ENHANCEDDATES ``Resolution#Month#Day#Year#Offset`` (0 for a part the date lacks)."""
    parts = [int(p) for p in value.split("-")] + [0, 0]
    return f"{RESOLUTION[len(value)]}#{parts[1]}#{parts[2]}#{parts[0]}#{offset}"


def quotation_block(start: int, end: int, verb: str | None, text: str) -> str:
    """V2.1QUOTATIONS ``Offset|Length|Verb|Quote``."""
    return f"{start}|{end - start}|{clean(verb, '#|')}|{clean(text, '#|')}"


def speaker_block(name: str | None, identity_id: int | None, start: int | None, end: int | None) -> str:
    """QGSPEAKERS ``Name|IdentityID|Offset|Length``: who said the quotation in the same place of
    V2.1QUOTATIONS, and the words that name them; empty parts for what is unknown."""
    where = f"{start}|{end - start}" if start is not None and end is not None else "|"
    return f"{clean(name, '#|')}|{'' if identity_id is None else identity_id}|{where}"


def tone_block(tone: float, positive: float, negative: float, polarity: float, words: int) -> str:
    """V1.5TONE ``Tone,Positive,Negative,Polarity,ActivityDensity,SelfGroupDensity,WordCount``
    from the article's tone; the two densities we do not compute are 0, as GDELT writes a number
    it has nothing for. Numbers as GDELT prints them: up to 15 significant digits, no ``.0``."""
    return ",".join(f"{x:.15g}" for x in (tone, positive, negative, polarity, 0, 0, words))


def stamp(date: str | None, ingested_at: str) -> str:
    """``YYYYMMDDHHMMSS``: the article's date at midnight, or when it was ingested (UTC)."""
    if date:
        return date[:10].replace("-", "") + "000000"
    return "".join(c for c in ingested_at[:19] if c.isdigit())


def source_name(source: str | None, url: str | None) -> str:
    if source:
        return source
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else ""


def gkg_row(article_id: int, date: str | None, title: str | None, source: str | None, url: str | None,
            key: str, ingested_at: str, record: dict, names: dict[str, tuple[int | None, str]],
            tone: tuple | None = None, statements: dict[int, int] | None = None) -> list[str]:
    """The 29 fields of one article. ``names``: entity local id → (identity id, identity name);
    ``tone``: its ``article_tone`` row (tone, positive, negative, polarity, words), None if none;
    ``statements``: quote index → statement id, for the quotes in a statement."""
    def canonical(local: str, fallback: str) -> tuple[int | None, str]:
        iid, name = names.get(local, (None, None))
        return iid, name or fallback

    persons, orgs, places, all_names = [], [], [], []
    for e in record["entities"]:
        name = canonical(e["id"], e["name"])[1]
        found = sorted({m["start"]: m for m in e["mentions"] if m["kind"] == "name"}.values(),
                       key=lambda m: m["start"])
        into = {"PER": persons, "ORG": orgs, "LOC": places}.get(e["type"])
        for m in found:
            all_names.append((m["start"], m["text"]))
            if into is not None:
                into.append((m["start"], name))
    for found in (persons, orgs, places, all_names):
        found.sort()
    quotations, speakers = [], []
    for q in record["quotes"]:  # in the record's order, by offset: block n is quote idx n
        cue, speaker = q.get("cue") or {}, q.get("speaker") or {}
        mention = speaker.get("mention") or {}
        iid, name = canonical(speaker["entity"], speaker.get("name")) if speaker.get("entity") else \
            (None, speaker.get("name"))
        quotations.append(quotation_block(q["start"], q["end"], cue.get("text"), q["text"]))
        speakers.append(speaker_block(name, iid, mention.get("start"), mention.get("end")))
    when = stamp(date, ingested_at)
    fields = dict.fromkeys(COLUMNS + EXTRA_COLUMNS, "")
    fields.update({
        "GKGRECORDID": f"{when}-{article_id}",
        "V2.1DATE": when,
        "V2SOURCECOLLECTIONIDENTIFIER": WEB if url else "",
        "V2SOURCECOMMONNAME": clean(source_name(source, url)),
        "V2DOCUMENTIDENTIFIER": clean(url or key),
        "V1LOCATIONS": ";".join(dict.fromkeys(location_block(n) for _, n in places)),
        "V2ENHANCEDLOCATIONS": ";".join(location_block(n, at) for at, n in places),
        "V1PERSONS": ";".join(dict.fromkeys(clean(n, ";") for _, n in persons)),
        "V2ENHANCEDPERSONS": ";".join(name_block(n, at) for at, n in persons),
        "V1ORGANIZATIONS": ";".join(dict.fromkeys(clean(n, ";") for _, n in orgs)),
        "V2ENHANCEDORGANIZATIONS": ";".join(name_block(n, at) for at, n in orgs),
        "V1.5TONE": tone_block(*tone) if tone else "",
        "V2.1ENHANCEDDATES": ";".join(date_block(d["value"], d["start"])
                                      for d in sorted(record["dates"], key=lambda d: d["start"])
                                      if len(d["value"]) in RESOLUTION),
        "V2.1QUOTATIONS": "#".join(quotations),
        "V2.1ALLNAMES": ";".join(name_block(n, at) for at, n in all_names),
        "V2EXTRASXML": f"<PAGE_TITLE>{clean(escape(title))}</PAGE_TITLE>" if title else "",
        "QGSPEAKERS": "#".join(speakers),
        "QGSTATEMENTS": "#".join(str((statements or {}).get(i, "")) for i in range(len(record["quotes"]))),
    })
    return list(fields.values())


_ARTICLES_SQL = """
    SELECT a.id, a.date, a.title, a.source, a.url, a.key, a.ingested_at, a.record,
           t.tone, t.positive, t.negative, t.polarity, t.words
    FROM articles a LEFT JOIN article_tone t ON t.article_id = a.id ORDER BY a.id"""
_NAMES_SQL = """
    SELECT e.local_id, e.identity_id, i.name FROM entities e LEFT JOIN identities i ON i.id = e.identity_id
    WHERE e.article_id = ?"""


def write_gkg(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    articles = quotes = 0
    with replacing(out) as part:
        with open(part, "w", encoding="utf-8", newline="\n") as f:
            for aid, date, title, source, url, key, ingested_at, body, *tone in conn.execute(_ARTICLES_SQL):
                record = json.loads(body)
                names = {local: (iid, name) for local, iid, name in conn.execute(_NAMES_SQL, (aid,))}
                row = gkg_row(aid, date, title, source, url, key, ingested_at, record, names,
                              tuple(tone) if tone[0] is not None else None,  # None: stored before format v2
                              statements_of(conn, aid))
                f.write("\t".join(row) + "\n")
                articles += 1
                quotes += len(record["quotes"])
    return {"articles": articles, "quotes": quotes}
