"""Bad input (issue 7, "Input"): every case of the corpus ends in a correct record or in one
clear line naming the file (and line) and the cause; never a traceback, a hang or unbounded
memory. The cases are made by tests/data/make_bad.py: the small ones are committed in
tests/data/bad/, the big ones are written here into a temporary folder.

``analyze`` and ``ingest`` run in subprocesses with a timeout, so a hang fails the test, and
their peak memory is read from ``os.wait4`` by a small process that starts them.
docs/reliability.md ("Input") lists what these tests prove.
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from types import EllipsisType

import jsonschema
import pytest

from quotegraph.record import record_schema
from quotegraph.store.rows import content_hash

DATA = pathlib.Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_bad", DATA / "make_bad.py")
make_bad = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_bad)

TIMEOUT = 120  # seconds per command: far above a normal run (a few seconds), far below a hang
PEAK_MB = 600  # the bound on any run's peak memory
BIG_TEXT_BYTES = 50_000_000  # exactly the default --max-bytes
MANY_LINES_BYTES = 60_000_000
LONG_LINE_CHARS = 50_000  # one run-on "sentence": before issue 7, 77 s and 1.9 GB to analyse
LONG_QUOTE_CHARS = 100_000
OVER_LONG_LINE_BYTES = 50_000_001  # one byte over the default --max-bytes
GOOD_EVERY = 10_000  # one line in this many of many-lines.jsonl is an article
SAID = make_bad.SAID


# --- expected outcomes -------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    """A record with this id, whose invariants hold, and these specifics."""
    id: str
    said: tuple[str, str] | None = None  # (quote text, speaker name) of one of its quotes
    quote: str | None = None  # the text of one of its quotes, whoever the speaker
    date: str | None | EllipsisType = ...  # the record's date (... : not checked)
    has: str | None = None  # a substring of its text
    quotes: int | None = None  # how many quotes
    depth: int | None = None  # how many quotes enclose its innermost quote
    longest: tuple[int, str] | None = None  # (characters, speaker name) of its longest quote


@dataclass(frozen=True)
class Error:
    """One stderr line ``quotegraph: <where>: ...`` holding ``cause``; the same reason in the
    store's failures table, under origin ``where``."""
    cause: str


# One case per line: the input (a file, or file:line of a JSONL file), its outcome, what it is.
CASES = [
    ("empty.txt",             Error("empty file; put the article text in it")),                # 0 bytes
    ("whitespace.txt",        Error("empty file (whitespace only)")),                          # spaces, tab, CR LF
    ("bom-only.txt",          Error("empty file (whitespace only)")),                          # a UTF-8 BOM, newlines
    ("binary.txt",            Error("binary file, not text; quotegraph reads UTF-8, cp1251 or KOI8-R text, or UTF-16")),  # PNG
    ("nul-byte.txt",          Error("binary file, not text")),                                 # article with a NUL byte
    ("control-chars.txt",     Error("binary file, not text")),                                 # 2 control bytes a word
    ("utf16.txt",             Record("utf16", said=SAID)),                                     # UTF-16 with its BOM
    ("cp1251.txt",            Record("cp1251", said=SAID, date="2025-11-12")),                 # decoded from cp1251
    ("koi8r.txt",             Record("koi8r", said=SAID, date="2025-11-12")),                  # from KOI8-R, " and -
    ("mixed-endings.txt",     Record("mixed-endings", said=SAID, has="2025-11-12\r\nПрезидент")),  # CR LF, LF, CR kept
    ("header-only.txt",       Record("header-only", date="2025-11-12", quotes=0)),             # a date, no body
    ("bad-header.txt",        Record("bad-header", date=None, quotes=0)),                      # date 2025-13-45
    ("html-script.txt",       Record("html-script", said=SAID, has="<script>")),               # markup read as text
    ("page",                  Record("page", said=SAID)),                                      # HTML: script, style left out
    ("report.pdf",            Error("unsupported file type '.pdf'; quotegraph reads .txt, .jsonl, .html")),  # named
    ("quotes-unbalanced.txt", Record("quotes-unbalanced", said=SAID)),                         # stray « » „ “ ” marks
    ("quotes-odd.txt",        Record("quotes-odd", said=("Мы не уйдём", "Иван Петров"))),      # odd ", ‹ ›, ＂, 〝 〞
    ("quotes-nested.txt",     Record("quotes-nested", quotes=20, depth=19)),                   # « „ « „ ... 40 deep: 20 cues tried
    ("rtl-emoji.txt",         Record("rtl-emoji", said=("Мы победим 💪🏽", "Владимир Путин"))),  # RTL, ZWJ, flags
    ("lines.jsonl:1",         Record("good-1", said=SAID)),                                    # a good line
    ("lines.jsonl:2",         Error("not valid JSON (Unterminated string starting at: column 26)")),  # cut short
    ("lines.jsonl:3",         Error("a JSON array, not a JSON object")),                       # ["id", "text"]
    ("lines.jsonl:4",         Error("a string, not a JSON object")),                           # "Путин заявил"
    ("lines.jsonl:5",         Error("a number, not a JSON object")),                           # 42
    ("lines.jsonl:6",         Error('no "text" field; add the article as "text"')),            # id and title only
    ("lines.jsonl:7",         Error('"text" is a number, not a string')),                      # "text": 5
    ("lines.jsonl:8",         Error('"text" is empty')),                                       # "text": " \n\t "
    # lines.jsonl:9 is blank: skipped, not an input (the lines after it keep their numbers)
    ("lines.jsonl:10",        Error("not valid UTF-8 (byte 0xcf at byte 17); save the file as UTF-8")),  # cp1251
    ("lines.jsonl:11",        Error('"text" has an unpaired surrogate (\\ud800) at character 14')),  # \ud800
    ("lines.jsonl:12",        Record("nul", quote="Да")),                                      # \u0000 in the text
    ("lines.jsonl:13",        Record("html", said=SAID, has="</script>")),                     # HTML in a JSONL text
    ("lines.jsonl:14",        Record("emoji", said=("Мы победим 💪🏽", "Владимир Путин"), date="2025-11-12")),  # RTL
    ("lines.jsonl:15",        Error('"text" is a number, not a string')),                      # "text": NaN
    ("lines.jsonl:16",        Record("good-2", said=SAID)),                                    # after all of that
    ("mixed-endings.jsonl:1", Record("crlf", said=SAID)),                                      # ends in CR LF
    ("mixed-endings.jsonl:2", Error("not valid JSON (Extra data: column")),                    # 2 objects split by CR
    ("json-bignum.jsonl:1",   Error("not valid JSON (Exceeds the limit (4300 digits) for integer string")),
    ("json-bignum.jsonl:2",   Record("after-bignum", said=SAID)),                              # the line after it
    ("json-deep.jsonl:1",     Error("not valid JSON (nested too deeply)")),                    # [[[...]]] 1,500 deep
    ("json-deep.jsonl:2",     Record("after-deep", said=SAID)),                                # the line after it
    # generated at test time
    ("long-line.txt",         Record("long-line", quote="все останутся")),                     # 50,000 chars, no stop
    ("long-quote.txt",        Record("long-quote", longest=(LONG_QUOTE_CHARS, "Иван Петров"))),  # «100,000 chars»
    ("\udcff\udcfe-name.txt", Record("\ufffd\ufffd-name", said=SAID)),                         # name not UTF-8
    ("\udcff-empty.txt",      Error("empty file;")),                                           # same, empty
    ("big-50mb.txt",          Error("article is 27,966,144 characters, over the 500,000-character limit "
                                    "of analysis; split it, or raise the limit with --max-chars")),  # 50,000,000 B
    ("many-lines.jsonl:1",    Record("g1", said=SAID)),                                        # 60 MB, 1 in 10,000
    ("many-lines.jsonl:2",    Error('no "text" field')),                                       # the other 9,999
    ("over-long-line.jsonl:1", Error("line is over the 50,000,000-byte limit; raise it with --max-bytes")),
    ("over-long-line.jsonl:2", Record("after-long-line", said=SAID)),                          # read after the skip
]
ERROR_CASES = [(name, outcome) for name, outcome in CASES if isinstance(outcome, Error)]
RECORD_CASES = [(name, outcome) for name, outcome in CASES if isinstance(outcome, Record)]


# --- running the commands ----------------------------------------------------------------

@dataclass
class Run:
    returncode: int
    stderr: str
    peak_mb: float

    def lines_about(self, where: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(f"quotegraph: {where}: ")]


# Linux counts the memory of the process a child is forked from in the child's peak RSS
# (ru_maxrss), and this test process may hold the models by now. So a small process starts
# each command and reports the command's own peak.
MEASURE = """import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def quotegraph(*args: str, timeout: float = TIMEOUT) -> Run:
    """``python -m quotegraph.cli ARGS`` in a subprocess, with its exit status, stderr and
    peak RSS; fails the test if it runs past ``timeout`` (and kills it) or prints a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        report, errors = pathlib.Path(tmp, "report"), pathlib.Path(tmp, "stderr")
        with errors.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-c", MEASURE, str(report), sys.executable, "-m",
                                     "quotegraph.cli", *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err, start_new_session=True)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                pytest.fail(f"quotegraph {' '.join(args)} hung: killed after {timeout} s")
        stderr = errors.read_bytes().decode("utf-8", "backslashreplace")
        returncode, peak_kb = map(int, report.read_text().split())
    assert "Traceback" not in stderr, stderr[-3000:]
    return Run(returncode, stderr, peak_kb / 1024)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> pathlib.Path:
    """The committed cases plus the big ones, in one folder."""
    folder = tmp_path_factory.mktemp("bad")
    for path in sorted((DATA / "bad").iterdir()):
        shutil.copyfile(path, folder / path.name)
    make_bad.write_long_line(folder / "long-line.txt", LONG_LINE_CHARS)
    make_bad.write_long_quote(folder / "long-quote.txt", LONG_QUOTE_CHARS)
    make_bad.write_undecodable_names(folder)
    make_bad.write_big_text(folder / "big-50mb.txt", BIG_TEXT_BYTES)
    make_bad.write_many_lines(folder / "many-lines.jsonl", MANY_LINES_BYTES, GOOD_EVERY)
    make_bad.write_over_long_line(folder / "over-long-line.jsonl", OVER_LONG_LINE_BYTES)
    return folder


def inputs(corpus: pathlib.Path) -> list[str]:
    # a folder yields only the files quotegraph reads, so report.pdf is named on its own
    return [str(corpus), str(corpus / "report.pdf")]


@pytest.fixture(scope="module")
def analyzed(corpus, tmp_path_factory) -> tuple[Run, dict[str, dict]]:
    """``analyze`` over the whole corpus once: the run, and its records by id."""
    out = tmp_path_factory.mktemp("analyzed") / "out.jsonl"
    run = quotegraph("analyze", *inputs(corpus), "-o", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return run, {r["id"]: r for r in records}


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory) -> tuple[Run, pathlib.Path]:
    """``ingest`` of the whole corpus into a new store once: the run and the store."""
    db = tmp_path_factory.mktemp("ingested") / "corpus.db"
    return quotegraph("ingest", *inputs(corpus), "--db", str(db), "--workers", "1", "--no-progress"), db


def where(corpus: pathlib.Path, name: str) -> str:
    return f"{corpus}/{name}".replace("\udcff", "\ufffd").replace("\udcfe", "\ufffd")


def check_record(record: dict, expected: Record) -> None:
    """The record's invariants (schema; every span's offsets within the text and giving its
    text; a quote's parent encloses it), then the case's specifics."""
    jsonschema.validate(record, record_schema())
    text = record["text"]

    def exact(span: dict | None) -> None:
        if span is not None:
            assert 0 <= span["start"] <= span["end"] <= len(text), span
            assert text[span["start"]:span["end"]] == span["text"], span

    for entity in record["entities"]:
        for mention in entity["mentions"]:
            exact(mention)
    for date in record["dates"]:
        exact(date)
    quotes = record["quotes"]
    for quote in quotes:
        exact(quote)
        exact(quote["cue"])
        exact(quote["speaker"]["mention"])
        if quote["parent"] is not None:
            parent = quotes[quote["parent"]]
            assert parent["start"] <= quote["start"] and quote["end"] <= parent["end"], (parent, quote)
    if expected.said is not None:
        assert [expected.said] == [(q["text"], q["speaker"]["name"]) for q in quotes
                                   if q["text"] == expected.said[0]][:1], quotes
    if expected.quote is not None:
        assert expected.quote in [q["text"] for q in quotes]
    if expected.has is not None:
        assert expected.has in text
    if expected.quotes is not None:
        assert len(quotes) == expected.quotes
    if expected.depth is not None:
        def depth(quote: dict) -> int:
            return 0 if quote["parent"] is None else 1 + depth(quotes[quote["parent"]])
        assert max(map(depth, quotes)) == expected.depth
    if expected.longest is not None:
        longest = max(quotes, key=lambda q: q["end"] - q["start"])
        assert (longest["end"] - longest["start"], longest["speaker"]["name"]) == expected.longest
    if expected.date is not ...:
        assert record["date"] == expected.date


# --- every case, through analyze and through ingest ---------------------------------------

def many_lines(corpus: pathlib.Path) -> tuple[int, int]:
    """(lines, articles) of many-lines.jsonl: one line in GOOD_EVERY is an article."""
    with (corpus / "many-lines.jsonl").open("rb") as stream:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    return lines, len(range(1, lines + 1, GOOD_EVERY))


def test_bad_input_analyze_writes_every_record_and_one_line_per_error(corpus, analyzed):
    run, records = analyzed
    lines, articles = many_lines(corpus)
    assert run.returncode == 0  # some articles were analysed
    assert len(records) == len(RECORD_CASES) - 1 + articles
    errors = len(ERROR_CASES) - 1 + lines - articles  # many-lines.jsonl:2 stands for all its bad lines
    assert run.stderr.splitlines()[-1] == f"quotegraph: analyzed {len(records)} articles, {errors} failed (see above)"
    assert len(run.stderr.splitlines()) == errors + 1


@pytest.mark.parametrize("name, expected", RECORD_CASES, ids=[n for n, _ in RECORD_CASES])
def test_bad_input_analyze_record(corpus, analyzed, name, expected):
    run, records = analyzed
    assert expected.id in records, run.lines_about(where(corpus, name))
    assert run.lines_about(where(corpus, name)) == []
    check_record(records[expected.id], expected)


@pytest.mark.parametrize("name, expected", ERROR_CASES, ids=[n for n, _ in ERROR_CASES])
def test_bad_input_analyze_error(corpus, analyzed, name, expected):
    run, _ = analyzed
    [line] = run.lines_about(where(corpus, name))
    assert expected.cause in line
    assert "\n" not in line and "\r" not in line


@pytest.mark.parametrize("name, expected", RECORD_CASES, ids=[n for n, _ in RECORD_CASES])
def test_bad_input_ingest_record(analyzed, ingested, name, expected):
    _, records = analyzed
    _, db = ingested
    text = records[expected.id]["text"]
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT key, text FROM articles WHERE hash = ?", (content_hash(text),)).fetchall()
    assert stored == [(expected.id, text)]


@pytest.mark.parametrize("name, expected", ERROR_CASES, ids=[n for n, _ in ERROR_CASES])
def test_bad_input_ingest_error(corpus, ingested, name, expected):
    run, db = ingested
    with sqlite3.connect(db) as conn:
        reasons = conn.execute("SELECT reason FROM failures WHERE origin = ?", (where(corpus, name),)).fetchall()
    assert len(reasons) == 1 and expected.cause in reasons[0][0]
    assert run.lines_about(where(corpus, name)) == [f"quotegraph: {reasons[0][0]}"]


def test_bad_input_ingest_stores_every_record_and_one_failure_per_error(corpus, ingested):
    run, db = ingested
    lines, articles = many_lines(corpus)
    assert run.returncode == 0
    with sqlite3.connect(db) as conn:
        stored, failures = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "failures"))
    assert stored == len(RECORD_CASES) - 1 + articles
    assert failures == len(ERROR_CASES) - 1 + lines - articles


# --- limits: configurable, and memory stays bounded ---------------------------------------

def test_bad_input_corpus_is_what_make_bad_makes(tmp_path):
    made = {path.name: path.read_bytes() for path in make_bad.write_small(tmp_path)}
    assert made == {path.name: path.read_bytes() for path in (DATA / "bad").iterdir()}
    assert made == make_bad.SMALL and max(map(len, made.values())) < 5_000  # a few kB each


def test_bad_input_runs_stay_under_the_memory_bound(analyzed, ingested):
    assert analyzed[0].peak_mb < PEAK_MB
    assert ingested[0].peak_mb < PEAK_MB


def test_bad_input_50mb_text_at_the_byte_limit_is_read_then_refused_by_the_char_limit(corpus):
    run = quotegraph("analyze", str(corpus / "big-50mb.txt"))
    assert run.returncode == 1  # nothing analysed
    assert run.lines_about(str(corpus / "big-50mb.txt")) == [
        f"quotegraph: {corpus}/big-50mb.txt: article is 27,966,144 characters, over the 500,000-character "
        "limit of analysis; split it, or raise the limit with --max-chars"]
    assert run.peak_mb < PEAK_MB


def test_bad_input_max_bytes_refuses_the_50mb_text_unread(corpus):
    run = quotegraph("analyze", str(corpus / "big-50mb.txt"), "--max-bytes", str(BIG_TEXT_BYTES - 1))
    assert run.returncode == 1
    assert run.lines_about(str(corpus / "big-50mb.txt")) == [
        f"quotegraph: {corpus}/big-50mb.txt: file is 50,000,000 bytes over the 49,999,999-byte limit; "
        "raise it with --max-bytes or split the input"]
    assert run.peak_mb < 150  # never read: no 50 MB buffer, no models


@pytest.fixture(scope="module")
def one_article(tmp_path_factory) -> tuple[pathlib.Path, int]:
    """cp1251.txt alone, and its length in characters after its header."""
    from quotegraph.readers import read_inputs

    path = tmp_path_factory.mktemp("one") / "cp1251.txt"
    shutil.copyfile(DATA / "bad" / "cp1251.txt", path)
    [article] = read_inputs([str(path)])
    return path, len(article.text) - article.body_start


@pytest.fixture(scope="module")
def baseline(one_article, tmp_path_factory) -> Run:
    """``analyze`` of one article of the corpus, with --max-chars at exactly its length."""
    path, chars = one_article
    out = tmp_path_factory.mktemp("baseline") / "out.jsonl"
    run = quotegraph("analyze", str(path), "--max-chars", str(chars), "-o", str(out))
    assert run.returncode == 0 and [json.loads(out.read_text(encoding="utf-8"))["id"]] == ["cp1251"]
    return run


def test_bad_input_max_chars_refuses_a_longer_article(one_article, baseline, tmp_path):
    path, chars = one_article
    run = quotegraph("analyze", str(path), "--max-chars", str(chars - 1))
    assert run.returncode == 1
    assert run.lines_about(str(path)) == [
        f"quotegraph: {path}: article is {chars} characters, over the {chars - 1}-character limit of analysis; "
        "split it, or raise the limit with --max-chars"]
    run = quotegraph("ingest", str(path), "--db", str(tmp_path / "c.db"), "--max-chars", str(chars - 1),
                     "--workers", "1", "--no-progress")
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert conn.execute("SELECT origin, reason FROM failures").fetchall() == [(str(path), run.lines_about(
            str(path))[0].removeprefix("quotegraph: "))]


def test_bad_input_60mb_jsonl_is_streamed(corpus, baseline):
    """Peak memory over 60 MB of JSONL is that of one article: the file is never held whole."""
    run = quotegraph("analyze", str(corpus / "many-lines.jsonl"))
    assert run.returncode == 0
    assert run.peak_mb < baseline.peak_mb + 40, (run.peak_mb, baseline.peak_mb)


def test_bad_input_run_on_sentence_comes_in_parts_of_at_most_max_sentence_tokens():
    """What keeps long-line.txt bounded: the parser and the quote finder never see a
    "sentence" of over MAX_SENTENCE_TOKENS tokens, and every token is still in one part."""
    from quotegraph.nlp import MAX_SENTENCE_TOKENS, analyze_text

    text = "Иван Петров заявил, что " * 300  # 1,500 tokens, no full stop
    sentences, _ = analyze_text(text, offset=7)
    assert [len(s.tokens) for s in sentences] == [500, 500, 500] and MAX_SENTENCE_TOKENS == 500
    assert (sentences[0].start, sentences[-1].end) == (7, 7 + len(text.rstrip()))
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))


@pytest.mark.parametrize("text, lang, max_chars, problem", [
    ("«»" * 40, None, 100, "article has 80 words and marks in 80 characters, over the 25 analysed with --max-chars 100"),
    ('"' * 60 + " Да.", None, 200, "article has 62 words and marks in 64 characters, over the 50 analysed with --max-chars 200"),
    # English words cost more: a sixteenth of the character limit
    ("Mr. Lee spoke, briefly. " * 6, "en", 400, r"article has 42 words and marks in 144 characters, over the 25 "
                                               r"analysed in English with --max-chars 400"),
])
def test_bad_input_pipeline_refuses_an_article_of_marks_more_than_words(text, lang, max_chars, problem):
    """Work goes by tokens: a text of bare marks is refused at a quarter of the character limit."""
    from quotegraph import Article, Pipeline
    from quotegraph.errors import InputError

    with pytest.raises(InputError, match=f"^a: {problem}"):
        Pipeline(max_chars=max_chars)(Article(id="a", text=text, lang=lang))


@pytest.mark.parametrize("text, lang", [
    ("Mr. Lee spoke, briefly. " * 3, "en"),        # 21 words and marks: within 400 / 16
    ("Гость говорил, кратко. " * 16, "ru"),         # 80 of 400 / 4, though over an English bound
])
def test_bad_input_pipeline_takes_an_article_within_its_languages_words(text, lang):
    from quotegraph import Article, Pipeline

    assert Pipeline(max_chars=400)(Article(id="a", text=text, lang=lang))["lang"] == lang


@pytest.mark.parametrize("max_chars, refused", [
    (None, False),  # no limit
    (30, False),    # the body is exactly 30 characters
    (29, True),     # one over
])
def test_bad_input_pipeline_refuses_an_article_over_its_max_chars(max_chars, refused):
    """The Python API has the readers' limit: a huge text raises one clear InputError."""
    from quotegraph import Article, Pipeline
    from quotegraph.errors import InputError

    article = Article(id="a", text="date 2025-11-12\n" + "Министр Петров ответил: «Да»  ", body_start=16)  # 7 tokens
    assert len(article.text) - article.body_start == 30
    if refused:
        with pytest.raises(InputError, match="^a: article is 30 characters, over the 29-character limit"):
            Pipeline(max_chars=max_chars)(article)
    else:
        assert Pipeline(max_chars=max_chars)(article)["quotes"][0]["text"] == "Да"


def test_bad_input_analyze_refuses_text_over_the_default_limit():
    from quotegraph import analyze
    from quotegraph.errors import InputError
    from quotegraph.readers import DEFAULT_MAX_CHARS

    with pytest.raises(InputError, match=f"over the {DEFAULT_MAX_CHARS:,}-character limit"):
        analyze("а" * (DEFAULT_MAX_CHARS + 1))
