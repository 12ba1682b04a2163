"""Date mentions in Russian news text, resolved to absolute values: ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY`` (partial dates stay partial).

Each rule is a small function that scans the body with one precompiled regex and yields
candidates ``(start, end, value)``. ``value`` is None for a date expression that cannot be
resolved (no article date, «31 февраля»): it yields no mention but still blocks the shorter
rules that overlap it. The longest candidate wins, ties go to the leftmost. A preposition
may be required («в среду») but is never part of the mention text. Word lists are data:
``lang/ru/months.txt`` and ``lang/ru/date_words.txt``.

A missing year comes from the article date: of year-1, year and year+1, the one that puts
the date nearest to the article date (ties go to the past).

Speed: the rules scan a lowercased copy of the text (same offsets) with case-sensitive
patterns that begin with a digit or a word, so ``re`` can skip ahead to candidates.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from importlib import resources

from ..model import DateMention

Candidate = tuple[int, int, "str | None"]
Rule = Callable[[str, str, int, "date | None"], Iterator[Candidate]]  # (text, lowered, pos, ref)

MIN_YEAR, MAX_YEAR = 1000, 2999          # a year with a year word («1500 года»)
MIN_BARE_YEAR, MAX_BARE_YEAR = 1800, 2100  # a year with only a suffix («в 2020-м»)

SP, SP0 = r"[^\S\r\n]+", r"[^\S\r\n]*"   # spaces within a line
NO_LETTER_AFTER = r"(?![^\W\d_])"
NUM = r"[0-9](?<![\w.,:/][0-9])"         # a first digit not glued to a word, decimal, time
RANGE = rf"(?:{SP0}[-–—]{SP0}|{SP}(?:по|до|и){SP})"  # «1-2», «с 1 по 3», «1 и 2»
ORDINAL = r"(?:-(?:го|й|м))"             # «8-го ноября», «2020-м году»
PREPOSITION = re.compile(rf"(?<![^\W\d_])во?{SP}\Z")  # «в среду», «во вторник»
NOT_A_DAY = re.compile(r"россия\s\Z")    # the agency «Россия сегодня»
DATE_FOLLOWS = re.compile(rf",?{SP0}[0-9]")  # «в среду, 29 апреля 2020 года»: the date says it


def _read(name: str) -> list[list[str]]:
    path = resources.files("quotegraph") / "lang" / "ru" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _trie(forms: Iterable[str]) -> str:
    """A regex for exactly ``forms``, factored by common prefixes («ноябр(?:е|ь|я...)»):
    a flat alternation of 70 month forms makes ``re`` try them all at every letter."""
    tree: dict = {}
    for form in forms:
        node = tree
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if "" in node:
            return "(?:" + "|".join(branches) + ")?" if branches else ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "(?:" + build(tree) + ")"


@functools.cache
def _lexicon() -> tuple[dict[str, int], set[str], dict[str, tuple[str, int]]]:
    """(month form → number, abbreviated forms, date word → (kind, value))."""
    months: dict[str, int] = {}
    abbrevs: set[str] = set()
    for number, *forms in _read("months.txt"):
        for form in forms:
            if form.endswith("."):
                form = form.rstrip(".")
                abbrevs.add(form)
            months[form] = int(number)
    words = {form: (kind, int(value))
             for kind, value, *forms in _read("date_words.txt") for form in forms}
    return months, abbrevs, words


# nouns of time that no date pattern resolves, but that never name a source («в ходе», «в начале»)
TIME_NOUNS = frozenset({"время", "день", "неделя", "месяц", "год", "час", "минута", "утро", "вечер", "ночь",
                        "ход", "период", "момент", "начало", "конец", "середина", "выходные", "сутки"})


def time_word(word: str, lemma: str = "") -> bool:
    """Whether a word names a time: a month, a weekday or another date word, or a time noun
    (by its ``lemma``). «во вторник сообщили» has no source in «вторник»."""
    months, _, words = _lexicon()
    low = word.lower()
    return low in months or low in words or lemma in TIME_NOUNS


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    months, abbrevs, words = _lexicon()
    full = _trie(f for f in months if f not in abbrevs)

    def kind(k: str) -> str:
        return _trie(f for f, (fk, _) in words.items() if fk == k)

    year_word = rf"(?:{ORDINAL}?{SP0}{kind('year')}{NO_LETTER_AFTER})"
    rel_year = rf"(?P<rel>{kind('yearref')}){SP}(?:года|году){NO_LETTER_AFTER}"  # «прошлого года»
    year_tail = rf"(?:{SP}(?:(?P<y>[0-9]{{4}})(?![0-9]){year_word}?|{rel_year}))"
    day_month = (rf"(?P<d>{NUM}[0-9]?){ORDINAL}?{SP}(?P<mon>{full}|{_trie(abbrevs)}\.?)"
                 rf"{NO_LETTER_AFTER}{year_tail}?")
    sources = {
        "numeric": (rf"(?P<d>{NUM}[0-9]?)\.(?P<mo>[0-9][0-9]?)\.(?P<y>[0-9]{{4}})"
                    rf"{year_word}?(?![0-9]|\.[0-9])"),
        "iso": (rf"(?P<y>{NUM}(?<!-[0-9])[0-9]{{3}})-(?P<mo>[0-9]{{2}})-(?P<d>[0-9]{{2}})"
                rf"(?![0-9]|[-.][0-9])"),
        "day_month": day_month,
        "day_range": rf"(?P<d1>{NUM}[0-9]?){ORDINAL}?{RANGE}(?={day_month})",
        "month": rf"(?P<mon>{full}){NO_LETTER_AFTER}{year_tail}?",
        "year": rf"(?P<y>{NUM}[0-9]{{3}})(?:{year_word}|(?P<suf>-(?:м|го)){NO_LETTER_AFTER})",
        "year_range": rf"(?P<y>{NUM}[0-9]{{3}}){RANGE}(?=[0-9]{{4}}{year_word})",
        "relative_year": rel_year,
        "relative": rf"{kind('day')}{NO_LETTER_AFTER}",
        "weekday": rf"{kind('weekday')}{NO_LETTER_AFTER}(?!{SP}обитания)",
    }
    return {name: re.compile(src) for name, src in sources.items()}


def _scan(name: str, low: str, pos: int) -> Iterator[re.Match[str]]:
    """Matches of a pattern that start a word (the patterns check what follows)."""
    for m in _patterns()[name].finditer(low, pos):
        if not (m.start() and low[m.start() - 1].isalpha()):
            yield m


def _lower(text: str) -> str:
    """``text`` lowercased with the same offsets (str.lower turns «İ» into two characters)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(ch.lower()[:1] for ch in text)


def _ymd(year: int | None, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if _year(year) else None
    except ValueError:  # «31 февраля»
        return None


def _year(year: int | None, low: int = MIN_YEAR, high: int = MAX_YEAR) -> str | None:
    return f"{year:04d}" if year is not None and low <= year <= high else None


def _tail_year(m: re.Match[str], ref: date | None) -> int | None:
    """The year written after a date: «2020 (года)» or «прошлого года» (from the article date)."""
    if m.groupdict().get("y"):
        return int(m["y"])
    return ref.year + _lexicon()[2][m["rel"]][1] if ref else None


def _nearest_year(month: int, day: int, ref: date | None) -> int | None:
    """The year (ref's, the one before or after) that puts day.month nearest to ref."""
    if ref is None:
        return None
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            pass
    best = min(options, key=lambda d: abs((d - ref).days), default=None)
    return best.year if best else None


def _shift(ref: date | None, days: int) -> str | None:
    try:
        return (ref + timedelta(days=days)).isoformat() if ref else None
    except OverflowError:
        return None


def _day_month_value(m: re.Match[str], ref: date | None, day_group: str) -> str | None:
    month = _lexicon()[0][m["mon"].rstrip(".")]
    explicit = m["y"] or m["rel"]
    year = _tail_year(m, ref) if explicit else _nearest_year(month, int(m["d"]), ref)
    return _ymd(year, month, int(m[day_group]))


def _quoted(text: str, start: int, end: int) -> bool:
    """The span is a whole quoted title: «Завтра», "Сегодня"."""
    return 0 < start and end < len(text) and text[start - 1] in "«\"„" and text[end] in "»\"“"


# --- rules: (text, lowercased text, body start, article date) -> candidates ---------------

def numeric_date(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«08.11.2025», «8.11.2025 г.», «2025-11-08»; «12.11» alone is too ambiguous."""
    for name in ("numeric", "iso"):
        for m in _scan(name, low, pos):
            yield m.start(), m.end(), _ymd(int(m["y"]), int(m["mo"]), int(m["d"]))


def day_month(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«8 ноября», «8-го ноября», «8 ноября 2025 года», «8 нояб. 2025»."""
    for m in _scan("day_month", low, pos):
        yield m.start(), m.end(), _day_month_value(m, ref, "d")


def day_range_start(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """The first day of «1-2 ноября», «с 1 по 3 ноября»: the month and year of the last."""
    for m in _scan("day_range", low, pos):
        yield m.start("d1"), m.end("d1"), _day_month_value(m, ref, "d1")


def month(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«ноябре 2020 года» → 2020-11; «в ноябре» → the nearest November to the article date.
    Without a year the word must be lowercase: «Марта» is a name."""
    for m in _scan("month", low, pos):
        number, year = _lexicon()[0][m["mon"]], None
        if m["y"] or m["rel"]:
            year = _year(_tail_year(m, ref))
        elif ref and text[m.start()].islower():
            year = _year(min((ref.year - 1, ref.year, ref.year + 1),
                             key=lambda y: abs((y - ref.year) * 12 + number - ref.month)))
        yield m.start(), m.end(), f"{year}-{number:02d}" if year else None


def year(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«2020 года», «в 2020 году», «2020 г.», «2020-м»; never a bare «1500 человек»."""
    for m in _scan("year", low, pos):
        bounds = (MIN_BARE_YEAR, MAX_BARE_YEAR) if m["suf"] else (MIN_YEAR, MAX_YEAR)
        yield m.start(), m.end(), _year(int(m["y"]), *bounds)


def year_range_start(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """The first year of «2020-2021 годов», «с 2014 по 2022 год»."""
    for m in _scan("year_range", low, pos):
        yield m.start("y"), m.end("y"), _year(int(m["y"]))


def relative_year(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«в прошлом году», «этого года», «в следующем году» → a year from the article date."""
    for m in _scan("relative_year", low, pos):
        yield m.start(), m.end(), _year(_tail_year(m, ref))


def relative_day(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«сегодня», «вчера», «позавчера», «завтра», «послезавтра»; not the titles «Завтра»,
    «Россия сегодня»."""
    for m in _scan("relative", low, pos):
        start, end = m.span()
        skip = _quoted(text, start, end) or NOT_A_DAY.search(low, max(0, start - 8), start)
        yield start, end, None if skip else _shift(ref, _lexicon()[2][m[0]][1])


def weekday(text: str, low: str, pos: int, ref: date | None) -> Iterator[Candidate]:
    """«в понедельник» → the latest Monday on or before the article date; not when a date
    follows («в понедельник, 27 апреля 2020 года»)."""
    for m in _scan("weekday", low, pos):
        if PREPOSITION.search(low, max(0, m.start() - 8), m.start()):
            back = (ref.weekday() - _lexicon()[2][m[0]][1]) % 7 if ref else 0
            dated = DATE_FOLLOWS.match(low, m.end())
            yield m.start(), m.end(), None if dated else _shift(ref, -back)


RULES: list[Rule] = [numeric_date, day_month, day_range_start, month, year, year_range_start,
                     relative_year, relative_day, weekday]


def extract_dates(text: str, article_date: date | None, body_start: int = 0) -> list[DateMention]:
    """Date mentions in ``text[body_start:]``, sorted by start and non-overlapping."""
    if isinstance(article_date, datetime):
        article_date = article_date.date()
    pos = max(0, body_start)
    if pos >= len(text):
        return []
    low = _lower(text)
    candidates = [c for rule in RULES for c in rule(text, low, pos, article_date)]
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(text))
    mentions = []
    for start, end, value in candidates:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        if value:
            mentions.append(DateMention(start, end, text[start:end], value))
    return sorted(mentions, key=lambda d: d.start)
