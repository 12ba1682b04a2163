"""Property tests (hypothesis): the quote scanner and the whole pipeline on random text.

Invariants, for every input: nothing raises; every span lies inside the text and
``text[start:end]`` is its reported text; quotes are sorted and nest properly (a parent
contains its child, two quotes never cross); the record validates against the JSON Schema.

Inputs. The scanner gets any ``str``, lone surrogates included (it is pure ``str`` work and
must never raise), weighted towards quotation marks and line breaks. The pipeline gets any
Unicode text but lone surrogates: decoding UTF-8, cp1251 or KOI8-R never yields one and the
JSONL reader rejects a ``\\ud800`` escape, so no article holds one. Control characters, NUL,
BOM, bidi controls, emoji, combining marks, unassigned and private-use code points and odd
line breaks are all in. A second pipeline strategy composes Russian news (names, cue verbs,
«По словам», dashes, colons, quotation marks balanced, unbalanced and nested, line breaks, a
``date`` header) so the quote logic is really exercised, not only the empty path.

Runs. In CI (``make test``) each property runs 500 examples or more, derandomized (the
same examples every run) with no example database. ``HYPOTHESIS_PROFILE=fuzz`` (``make
fuzz``, ``bench/fuzz.py``) runs many more, randomized, and keeps failures in
``.hypothesis/`` so they replay. A failure found that way becomes a one-line case in
``test_properties_regressions``.
"""
from __future__ import annotations

import json
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegraph import Article, Pipeline, analyze
from quotegraph.errors import InputError
from quotegraph.language import SUPPORTED, with_language
from quotegraph.readers import parse_header
from quotegraph.record import record_schema, to_json
from quotegraph.stages.quote_marks import QuotedSpan, find_quoted_spans

settings.register_profile(
    "quotegraph-ci", max_examples=500, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")), deadline=None,
    derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "quotegraph-ci")
SCANNER = settings(PROFILE, max_examples=PROFILE.max_examples * 4)  # ~1 ms an example
# the other properties take ~7 ms an example (drawing news text) or ~15 ms (the pipeline)

CLOSER_OF = {"«": "»", "„": "“", "“": "”", '"': '"'}
MARKS = "«»„“”\"'’‘"
PIPELINE_CHARS = 400  # pipeline texts stay short: CI runs the whole file in about 25 s


# --- the invariants ------------------------------------------------------------------------------

def check_spans(text: str, spans: list[QuotedSpan], lo: int = 0, hi: int | None = None) -> None:
    """The scanner's spans of ``text[lo:hi]``: inside the slice, sorted by the opening mark,
    marks where they should be, each child inside its parent with the right depth."""
    hi = len(text) if hi is None else hi
    assert [s.open for s in spans] == sorted({s.open for s in spans})
    enclosing: list[int] = []
    for i, s in enumerate(spans):
        assert lo <= s.open < s.close <= hi, s
        assert s.start == s.open + 1 and s.end == s.close, s
        assert text[s.open] == s.mark and s.mark in CLOSER_OF, s
        if s.implicit:  # closed by the next paragraph's opener: only spaces up to the \n
            newline = text.find("\n", s.close, hi)
            assert newline >= 0 and not text[s.close:newline].strip(), s
        else:
            assert s.close < hi and (text[s.close] == CLOSER_OF[s.mark]
                                     or (s.mark == "„" and text[s.close] == "”")), s
        while enclosing and spans[enclosing[-1]].close < s.open:
            enclosing.pop()
        assert s.parent == (enclosing[-1] if enclosing else None), (i, s)
        assert s.depth == len(enclosing), (i, s)
        if s.parent is not None:
            parent = spans[s.parent]
            assert parent.open < s.open and s.close < parent.close, (parent, s)
        enclosing.append(i)


def check_record(record: dict) -> None:
    """Every invariant of a record (docs/record-format.md) that holds whatever the text."""
    jsonschema.validate(record, record_schema())
    assert json.loads(to_json(record)) == record
    text = record["text"]

    def span(s: dict, what: str) -> None:
        assert 0 <= s["start"] <= s["end"] <= len(text), (what, s)
        assert text[s["start"]:s["end"]] == s["text"], (what, s)

    ids = [e["id"] for e in record["entities"]]
    assert len(set(ids)) == len(ids), ids
    for e in record["entities"]:
        for m in e["mentions"]:
            span(m, f"mention of {e['id']}")
        assert [m["start"] for m in e["mentions"]] == sorted(m["start"] for m in e["mentions"]), e
    names = sorted((m["start"], m["end"]) for e in record["entities"] for m in e["mentions"]
                   if m["kind"] == "name")
    assert all(a[1] <= b[0] for a, b in zip(names, names[1:])), names  # names never overlap
    for d in record["dates"]:
        span(d, "date")
    quotes = record["quotes"]
    assert [q["start"] for q in quotes] == sorted(q["start"] for q in quotes)
    for i, q in enumerate(quotes):
        span(q, f"quote {i}")
        if q["cue"] is not None:
            span(q["cue"], f"cue of quote {i}")
        sp = q["speaker"]
        assert sp["entity"] is None or sp["entity"] in ids, (i, sp)
        if sp["mention"] is not None:
            span(sp["mention"], f"speaker mention of quote {i}")
        p = q["parent"]
        if p is not None:
            assert p != i and 0 <= p < len(quotes), (i, p)
            parent = quotes[p]
            assert parent["start"] <= q["start"] and q["end"] <= parent["end"], (i, parent, q)
    for i, a in enumerate(quotes):  # two quotes are apart or one holds the other: never cross
        for b in quotes[i + 1:]:
            assert not (a["start"] < b["start"] < a["end"] < b["end"]), (a, b)


def record_of(text: str) -> dict:
    record = analyze(text, id="fuzz", lang="ru")  # analysed whatever the detector says (that has its own property)
    assert record["text"] == text
    check_record(record)
    return record


# --- strategies ----------------------------------------------------------------------------------

# what random Unicode rarely draws but real text has, and the pipeline must survive
ODD = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\t", "\r", "\r\n", "\n", "\n\n", "\v", "\f",
       "\u00a0", "\u2009", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
       "\u2028", "\u2029", "\ufeff", "\ufffd", "\u0301", "\u0306", "\u0308", "й", "ё",
       "😀", "👍🏽", "👨‍👩‍👧", "🇷🇺", "\U0001d400", "\U000e0001", "\U0010fffd",
       "עברית", "العربية", "中文", "ǅ", "ß", "İ", "ﬁ", "Ⅻ", "٣", "𝟘",
       "…", "—", "–", "-", ":", ",", ".", "!", "?", " ", " ", " "]
RU = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")

any_char = st.characters(exclude_categories=())  # every code point, lone surrogates too
unicode_char = st.characters(exclude_categories=("Cs",))  # every code point but surrogates

scanner_text = st.lists(st.one_of(any_char, st.sampled_from(list(MARKS) + ["\n", " ", "-", ",", "."]),
                                  st.sampled_from(ODD)), max_size=1000).map("".join)

NAMES = ["Ильхам Алиев", "Ильхама Алиева", "Алиев", "Касым-Жомарт Токаев", "Айгерим Жампетова",
         "Жампетова", "Дмитрий Песков", "Песков", "Мария Захарова", "В. Путин", "Владимир Путин",
         "президент", "Президент Казахстана", "эксперт", "политолог", "пресс-служба МИД России",
         "собеседник ТАСС", "министр финансов Антон Силуанов", "Джон Смит", "Си Цзиньпин"]
GENITIVE = ["Ильхама Алиева", "Дмитрия Пескова", "Марии Захаровой", "эксперта", "политолога",
            "ее", "его", "их", "президента", "источника", "собеседника агентства"]
PRONOUNS = ["он", "она", "они", "Он", "Она"]
CUES = ["заявил", "сказала", "сказал", "отметил", "подчеркнула", "сообщил", "добавил",
        "уточнил", "считает", "уверен", "заключила", "рассказал", "говорится", "написал",
        "пообещал", "попросил", "назвал", "ответила", "пояснил"]
DATES = ["8 ноября", "8-го ноября", "вчера", "сегодня", "позавчера", "Завтра", "в пятницу",
         "во вторник, 29 апреля 2020 года", "в 2020 году", "2020-м", "12.11.2025", "2025-02-29",
         "31 февраля", "29 февраля", "1 января", "31 декабря", "в марте", "Марта", "в прошлом году",
         "с 1 по 3 ноября", "1-2 ноября", "в 2014-2022 годах", "10 мая 9999 года", "1500 года"]
PHRASES = ["По словам", "По мнению", "Как сообщает", "Как отметил", "Об этом", "что", "чтобы",
           "в Москве", "в Баку", "Москва. 7 мая. INTERFAX.RU -", "в сообщении", "в заявлении",
           "РИА Новости", "Россия сегодня", *DATES]
WORDS = ["мы", "не", "уйдём", "это", "важно", "победа", "Азербайджан", "Казахстан", "Зенит",
         "восстановил", "суверенитет", "исторической", "программа", "Великое возвращение",
         "сегодня", "будет", "очень", "новый", "этап", "нет", "да", "ошибка", "века", "O’Reilly",
         "д'Артаньян", "5\"", "ООО", "Газпром", "и", "в", "на", "для", "нас", "так"]
PUNCT = [", ", ". ", " — ", " - ", ", — ", ", - ", ": ", " ", "! ", "? ", "… ", "; ", "\n",
         "\n\n", "\r\n", "»", "«", '"', "„", "“", "”"]
PAIRS = [("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'), ("'", "'"), ("‘", "’"), ("„", "”")]


def _joined(parts: list[str]) -> str:
    return " ".join(parts)


words = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(NAMES), st.sampled_from(PRONOUNS),
                           st.text(unicode_char, max_size=3)),
                 min_size=0, max_size=8).map(_joined)


@st.composite
def quoted(draw, content):
    """Content in marks: balanced, or with a mark missing, swapped or doubled."""
    opening, closing = draw(st.sampled_from(PAIRS))
    shape = draw(st.sampled_from(["balanced"] * 6 + ["no close", "no open", "swapped", "doubled"]))
    text = draw(content)
    if shape == "no close":
        return opening + text
    if shape == "no open":
        return text + closing
    if shape == "swapped":
        return closing + text + opening
    if shape == "doubled":
        return opening + opening + text + closing
    return opening + text + closing


def _nested(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(words, quoted(inner)), min_size=1, max_size=3).map(_joined)


content = st.recursive(words, _nested, max_leaves=6)  # quoted content, nested: «… „…“ …»
name, cue, genitive = st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(GENITIVE)
dash = st.sampled_from([" — ", " - ", ", — ", ", - ", " – ", " —", "— ", ", —"])

sentence = st.one_of(
    st.tuples(quoted(content), dash, cue, st.sampled_from([" "]), st.one_of(name, st.sampled_from(PRONOUNS)),
              st.sampled_from([".", "", "!"])).map("".join),                        # «…», — сказал X.
    st.tuples(name, st.just(" "), cue, st.sampled_from([": ", ":", " "]), quoted(content),
              st.sampled_from([".", "", "»."])).map("".join),                       # X заявил: «…».
    st.tuples(st.sampled_from(["По словам ", "По мнению ", "Как сообщает "]), genitive,
              st.sampled_from([", ", ",", " "]), content, st.sampled_from([".", ""])).map("".join),
    st.tuples(name, st.just(" "), cue, st.sampled_from([", что ", " что ", ", чтобы ", ": "]), content,
              st.sampled_from([".", ""])).map("".join),                             # X заявил, что …
    st.tuples(quoted(content), st.sampled_from([", — ", ", - "]), cue, st.just(" "), name,
              st.sampled_from([", — ", ", - "]), quoted(content)).map("".join),     # «…, — сказал X, — …»
    st.tuples(content, st.just(", "), cue, st.just(" "), name, st.just(".")).map("".join),  # …, уточнил X.
    st.tuples(st.just("Об этом "), cue, st.just(" "), name, st.just(".")).map("".join),
    st.tuples(name, st.just(" назвал выборы "), quoted(content), st.just(".")).map("".join),
    st.tuples(name, st.just(": "), content).map("".join),                           # Кисин: …
    st.lists(st.one_of(words, quoted(content), st.sampled_from(PHRASES), st.sampled_from(PUNCT),
                       st.sampled_from(ODD)), max_size=6).map("".join),             # anything goes
    st.tuples(st.sampled_from(DATES), st.just(" "), name, st.just(" "), cue, st.just(", что "),
              content, st.just(".")).map("".join),                                 # Вчера X заявил, что …
)
header = st.one_of(
    st.just(""),
    st.builds(lambda y, m, d, sep: f"date {y:04d}-{m:02d}-{d:02d}{sep}",
              st.sampled_from([1, 999, 1990, 2025, 2030, 9999]),  # the edges of datetime.date
              st.integers(1, 12), st.integers(1, 31),                # 31 in any month: invalid too
              st.sampled_from([" ", "\n", "\n\n", "\nЗаголовок статьи\n\n", "\r\n"])),
    st.sampled_from([" date 2025-11-12 ", "date 2025-13-40\n", "\ufeffdate 2019-04-30\n", "date\n"]),
)


def news(sentences: int, chars: int | None = None) -> st.SearchStrategy[str]:
    """A header, then up to ``sentences`` sentences, cut after ``chars`` characters."""
    body = st.lists(st.tuples(sentence, st.sampled_from([" ", " ", "\n", "\n\n", "\r\n", "\n«", " ", ""])),
                    min_size=1, max_size=sentences).map(lambda ss: "".join(s + sep for s, sep in ss))
    return st.builds(lambda head, text: (head + text)[:chars], header, body)


# any Unicode, with now and then a word of news among the noise: names and cues by odd neighbours
unicode_text = st.lists(st.one_of(unicode_char, st.sampled_from(ODD), st.sampled_from(RU),
                                  st.sampled_from(list(MARKS)),
                                  st.sampled_from(NAMES + CUES + PHRASES + WORDS + PRONOUNS)),
                        max_size=PIPELINE_CHARS).map(lambda parts: "".join(parts)[:PIPELINE_CHARS])
long_news_text = news(12)              # for the scanner
news_text = news(4, PIPELINE_CHARS)    # for the pipeline


# --- the properties -------------------------------------------------------------------------------

@SCANNER
@given(text=scanner_text, lo=st.one_of(st.none(), st.integers(-1100, 1100)),
       hi=st.one_of(st.none(), st.integers(-1100, 1100)))
def test_properties_scanner_spans_are_exact_and_nested(text, lo, hi):
    spans = find_quoted_spans(text, lo, hi)
    a, b, _ = slice(lo, hi).indices(len(text))
    check_spans(text, spans, a, b)
    # the slice's edges are the text's edges: scanning a slice is scanning the cut-out text
    cut = find_quoted_spans(text[a:b]) if a < b else []
    shifted = [(s.open + a, s.close + a, s.mark, s.depth, s.parent, s.implicit) for s in cut]
    assert [(s.open, s.close, s.mark, s.depth, s.parent, s.implicit) for s in spans] == shifted


@PROFILE
@given(text=long_news_text)
def test_properties_scanner_on_news_text(text):
    check_spans(text, find_quoted_spans(text))


@PROFILE
@given(text=unicode_text)
def test_properties_pipeline_on_any_unicode(text):
    record_of(text)


@PROFILE
@given(text=news_text, date=st.one_of(st.none(), st.dates()))
def test_properties_pipeline_on_news_text(text, date):
    """As the readers build an article: the body after the header, any article date."""
    header_date, title, body_start = parse_header(text)
    record = Pipeline()(Article(id="fuzz", text=text, date=date or header_date, title=title,
                                body_start=body_start, lang="ru"))
    assert record["text"] == text
    check_record(record)
    assert all(m["start"] >= body_start for e in record["entities"] for m in e["mentions"])
    assert all(d["start"] >= body_start for d in record["dates"])


@PROFILE
@given(text=unicode_text)
def test_properties_language_is_settled_or_refused_in_one_line(text):
    try:
        article = with_language(Article(id="fuzz", text=text, origin="fuzz.txt"))
    except InputError as err:
        assert str(err).startswith("fuzz.txt: the article is in ") and "\n" not in str(err)
    else:
        assert article.lang in SUPPORTED


# --- what the properties found, kept as cases -----------------------------------------------------

@pytest.mark.parametrize("text", [
    " Ильхам Алиев заявил: «\U00017000». ",  # pymorphy3 asked unicodedata for a Tangut letter's name
    "8 ноября Ильхам Алиев заявил, что . президент назвал выборы «».«мы \n» — заявил Ильхам Алиев.",  # crossed
    "Песков заявил, что выборы были «честными и\nпрозрачными», — сообщает ТАСС.",  # clause cut at \n
    "Песков заявил, что «мы не уйдём. Никогда не уйдём», — и ушёл.",  # clause cut at the sentence end
    "По словам Ильхама Алиева, .\n«Ильхам Алиев заявил: '' «», — заявил Ильхам Алиев, — »он« ",  # crossed
    "«Президент заявил: это важно для страны, — сказал Песков, — и мы это сделаем».",  # interruption
    "Ильхам Алиев ¹\x08, заявил Ильхама Алиева.",  # a name ending inside a token: «Алиев» added twice
])
def test_properties_regressions(text):
    record_of(text)
