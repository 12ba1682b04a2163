"""English date expressions → absolute values, resolved against the article's date.

«Nov. 8, 2016» and «8 November 2016» → 2016-11-08; «on Nov. 8» and «in March» take the year
that puts them nearest the article's date (a month alone looks back up to eight months and
ahead up to four); «March 2016» → 2016-03; «in 2015» → 2015;
«yesterday», «today», «tomorrow»; «on Tuesday» and «last Tuesday» → the latest Tuesday before
the article's date, «next Tuesday» the first after it; «last month», «next year». Without an
article date, only expressions that carry their year are resolved.
"""
from __future__ import annotations

import datetime as dt
import re

from ...model import DateMention

MONTHS = {m: i + 1 for i, names in enumerate([
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
    "september sep sept", "october oct", "november nov", "december dec"]) for m in names.split()}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
PATTERNS = [  # in order: the first to match a stretch of text wins
    ("month_day_year", re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", re.I)),
    ("day_month_year", re.compile(rf"\b{DAY}\s+{MONTH},?\s+{YEAR}\b", re.I)),
    ("month_year", re.compile(rf"\b{MONTH},?\s+(?:of\s+)?{YEAR}\b", re.I)),
    ("month_day", re.compile(rf"\b{MONTH}\s+{DAY}\b(?!\s*(?:%|percent|million|billion|years?|people))", re.I)),
    ("day_month", re.compile(rf"\b{DAY}\s+{MONTH}\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|since|until|by|last|next|this|early|late|mid-?)\s+{MONTH}\b(?!\s*\d)", re.I)),
    ("in_year", re.compile(rf"\b(?:in|since|until|by|of|from|during|before|after)\s+{YEAR}\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this|on)\s+)?{WEEKDAY}\b", re.I)),
    ("relative_period", re.compile(r"\b(?P<which>last|next|this)\s+(?P<unit>month|year)\b", re.I)),
]


def extract_dates(text: str, article_date: dt.date | None, start: int = 0) -> list[DateMention]:
    """Date mentions of ``text[start:]``, sorted, never overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text, start):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            value = resolve(kind, m, article_date)
            if value is None:
                continue
            s, e = m.span()
            if kind in ("in_month", "in_year") and m.group(0).split()[0].lower() in ("in", "since", "until", "by", "of",
                                                                                     "from", "during", "before", "after"):
                s = m.start("month" if kind == "in_month" else "year")
            found.append(DateMention(s, e, text[s:e], value))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def resolve(kind: str, m: re.Match, base: dt.date | None) -> str | None:
    g = m.groupdict()
    month = MONTHS.get((g.get("month") or "").lower())
    if kind in ("month_day_year", "day_month_year"):
        return iso(int(g["year"]), month, int(g["day"]))
    if kind == "month_year":
        return f"{int(g['year']):04d}-{month:02d}"
    if kind == "in_year":
        return g["year"]
    if base is None:
        return None
    if kind in ("month_day", "day_month"):
        return nearest(base, month, int(g["day"]))
    if kind == "in_month":
        year = base.year + (month < base.month - 8) - (month > base.month + 4)  # news looks back more than ahead
        return f"{year:04d}-{month:02d}"
    if kind == "relative_day":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
        return (base + dt.timedelta(days=shift)).isoformat()
    if kind == "weekday":
        which = (g.get("which") or "").lower()
        if not which and not m.group(0)[0].isupper():
            return None
        target = WEEKDAYS[g["weekday"].lower()]
        if which == "next":
            days = (target - base.weekday()) % 7 or 7
        else:
            days = -((base.weekday() - target) % 7) or (-7 if which == "last" else 0)
        return (base + dt.timedelta(days=days)).isoformat()
    if kind == "relative_period":
        shift = {"last": -1, "this": 0, "next": 1}[g["which"].lower()]
        if g["unit"].lower() == "year":
            return f"{base.year + shift:04d}"
        month_index = base.year * 12 + base.month - 1 + shift
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return None


def iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def nearest(base: dt.date, month: int, day: int) -> str | None:
    """The date with that month and day nearest the article's date (last year's, this year's or next)."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            pass
    return min(options, key=lambda d: abs((d - base).days)).isoformat() if options else None
