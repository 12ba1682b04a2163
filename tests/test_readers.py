"""Tests for quotegraph.readers: inputs -> Articles, errors yielded in place, batch goes on.

Header cases mark ``body_start`` inline with ``|``. Fixtures are written to tmp_path, and
every test runs from there, so error locations read like ``news.jsonl:2``.
"""
from __future__ import annotations

import codecs
import io
import json
import pathlib
from datetime import date

import pytest

from quotegraph.errors import InputError
from quotegraph.model import Article
from quotegraph.readers import decode_text, parse_header, read_inputs

SHARED = pathlib.Path(__file__).resolve().parents[1].parent / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared data not found at {SHARED} (../shared from the repo root)"
)

RUSSIAN_TEXTS = [
    "Президент подписал новый закон.",
    'Глава МИД заявил: "Мы ещё вернёмся к этому вопросу" - и покинул зал.',
    "Пресс-служба сообщила: «Решение принято» — и не уточнила № документа.",  # not in KOI8-R
    "СРОЧНО: ПУТИН ВСТРЕТИЛСЯ С СИ ЦЗИНЬПИНОМ\n\nМОСКВА, 30 апреля. Переговоры прошли в Кремле.",
    "date 2019-04-30\nПервый канал покажет все матчи\n\nМосква. 7 мая. Об этом сообщил"
    " пресс-секретарь телеканала.\r\nЁлка, щука, съезд, Эфиопия, цапля, шкаф.",
]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> str:
    path = pathlib.Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return name


def read(*paths: str, stdin: bytes | None = None, **options) -> list[Article | InputError]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(read_inputs(list(paths), stream, **options))


def only_error(results: list) -> InputError:
    assert len(results) == 1 and isinstance(results[0], InputError), results
    return results[0]


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in records)


# --- headers ---------------------------------------------------------------------------

@pytest.mark.parametrize("marked, day, title", [
    (" date 2025-11-12 |Благодаря решительным действиям", date(2025, 11, 12), None),
    ("date 2019-04-30\n|Путин встретился с Си\n\nМОСКВА, 30 апреля.", date(2019, 4, 30),
     "Путин встретился с Си"),
    ("date 2019-04-30\r\n|Путин встретился с Си\r\n\r\nМОСКВА.", date(2019, 4, 30),
     "Путин встретился с Си"),
    ("date 2019-04-30\n|Первая строка\nвторая строка", date(2019, 4, 30), None),
    ("\ufeff  \ndate 2019-04-30\n\n|Заголовок \n \nТекст", date(2019, 4, 30), "Заголовок"),
    ("date 2019-04-30|", date(2019, 4, 30), None),
    ("|Текст без заголовка. date 2019-04-30", None, None),
    ("|date 2025-13-45 Текст", None, None),
    ("|date 2019-04-30x Текст", None, None),
    ("|updated 2019-04-30 Текст", None, None),
])
def test_readers_parse_header(marked, day, title):
    text = marked.replace("|", "")
    assert parse_header(text) == (day, title, marked.index("|"))


# --- decoding --------------------------------------------------------------------------

def encodable(text: str, encoding: str) -> bool:
    try:
        return bool(text.encode(encoding))
    except UnicodeEncodeError:
        return False


@pytest.mark.parametrize("text, encoding", [
    (text, encoding) for text in RUSSIAN_TEXTS
    for encoding in ("utf-8", "utf-8-sig", "cp1251", "koi8-r") if encodable(text, encoding)
])
def test_readers_encodings_round_trip(text, encoding):
    [article] = read(write("a.txt", text.encode(encoding)))
    assert article.text == text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("text", [
    "ВЛАСТИ ОБЪЯВИЛИ О НОВЫХ МЕРАХ ПОДДЕРЖКИ", "Он приехал вчера.", "Почему?", "Помню, как я",
    "Ещё в 2004 году",
])
def test_readers_decode_text_short_and_all_caps(encoding, text):
    assert decode_text(text.encode(encoding), "x.txt") == text


def test_readers_text_kept_exactly():
    text = "  date 2019-04-30\r\nЗаголовок\r\n\r\nТекст.  \r\n"
    [article] = read(write("a.txt", b"\xef\xbb\xbf" + text.encode()))
    assert (article.text, article.body_start, article.title) == (text, 19, "Заголовок")


@pytest.mark.parametrize("data, problem", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file, not text"),
    ("Длинный текст. ".encode() * 20 + b"\x00", "binary file, not text"),
    (bytes(range(1, 9)) * 20 + "Текст".encode("cp1251"), "binary file, not text"),
    (b"", "empty file"),
    (b" \n\t\r\n ", "empty file (whitespace only)"),
    (b"\xef\xbb\xbf\n", "empty file (whitespace only)"),
])
def test_readers_rejects_binary_and_empty(data, problem):
    error = only_error(read(write("bad.txt", data)))
    assert (error.where, error.problem) == ("bad.txt", problem)
    assert error.fix and "\n" not in str(error)


def test_readers_binary_message_names_encodings():
    with pytest.raises(InputError, match=r"^x\.bin: binary file, not text; quotegraph reads "
                                         r"UTF-8, cp1251 or KOI8-R text, or UTF-16 and UTF-32 with a byte-order mark$"):
        decode_text(b"PK\x03\x04\x00\x00", "x.bin")


@pytest.mark.parametrize("mark, encoding", [
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_readers_wide_encodings_with_a_byte_order_mark_are_text(mark, encoding):
    text = "Ольга Сизова отметила: «Всё по плану»."
    [article] = read(write("wide.txt", mark + text.encode(encoding)))
    assert article.text == text


@pytest.mark.parametrize("data, problem", [
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid UTF-16 (at byte 2) after its byte-order mark"),  # a lone surrogate
    (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le") * 3, "binary file, not text"),               # NUL characters
])
def test_readers_broken_wide_text_is_refused(data, problem):
    error = only_error(read(write("wide.txt", data)))
    assert error.problem == problem


# --- files and directories -------------------------------------------------------------

def test_readers_txt_article_fields():
    [article] = read(write("dir/news.v2.txt", "date 2019-04-30\nЗаголовок\n\nТекст."))
    assert article == Article(id="news.v2", text="date 2019-04-30\nЗаголовок\n\nТекст.",
                              date=date(2019, 4, 30), title="Заголовок", body_start=16,
                              origin="dir/news.v2.txt")


def test_readers_directory_recursion_ids_and_order():
    write("corpus/b.txt", "Бэ.")
    write("corpus/sub/a.txt", "Суб а.")
    write("corpus/a.txt", "А.")
    write("corpus/a-b.txt", "А-бэ.")  # "a-b.txt" < "a.txt": sorted by relative path
    write("corpus/sub/deeper/c.TXT", "Цэ.")
    write("corpus/sub/news.jsonl", jsonl({"id": "n1", "text": "Эн."}, {"text": "Без id."}))
    write("corpus/notes.csv", "skipped")
    write("corpus/.git/x.txt", "hidden")
    articles = read("corpus")
    assert [a.id for a in articles] == ["a-b", "a", "b", "sub/a", "sub/deeper/c", "n1", "news:2"]
    assert articles[3].origin == "corpus/sub/a.txt"


def test_readers_empty_directory():
    pathlib.Path("nothing").mkdir()
    assert "no files quotegraph reads" in only_error(read("nothing")).problem


@pytest.mark.parametrize("name, problem", [
    ("notes.csv", "unsupported file type '.csv'"),
    ("README", "unsupported file type 'README'"),
])
def test_readers_unsupported_extension(name, problem):
    error = only_error(read(write(name, "Текст")))
    assert error.problem == problem and ".txt, .jsonl, .html" in error.fix


def test_readers_missing_path_does_not_stop_batch():
    results = read("missing.txt", write("ok.txt", "Текст."), "gone/")
    assert [type(r) for r in results] == [InputError, Article, InputError]
    assert str(results[0]) == "missing.txt: no such file or directory; check the path"


@pytest.mark.parametrize("size, limit, ok", [(11, 10, False), (10, 10, True)])
def test_readers_txt_size_limit(size, limit, ok):
    [result] = read(write("big.txt", b"a" * size), max_bytes=limit)
    assert isinstance(result, Article) == ok
    if not ok:
        assert "10-byte limit" in result.problem and "--max-bytes" in result.fix


# --- JSONL -----------------------------------------------------------------------------

def test_readers_jsonl_fields():
    write("news.jsonl", jsonl(
        {"id": " X/1 ", "text": "Текст.", "date": "2019-04-30T10:00:00+03:00", "title": "Т",
         "source": "ТАСС", "url": "http://x", "lang": "en"},
        {"id": 7, "text": "date 2019-01-02 Тело.", "date": "2019-04-30"},
        {"text": "date 2019-01-02 Тело.", "date": "2019-13-01"},
        {"text": "Текст.", "date": "вчера", "title": 5},
    ))
    a, b, c, d = read("news.jsonl")
    assert (a.id, a.date, a.title, a.source, a.url, a.lang, a.origin) == (
        " X/1 ", date(2019, 4, 30), "Т", "ТАСС", "http://x", "en", "news.jsonl:1")
    assert (b.id, b.date, b.body_start) == ("7", date(2019, 4, 30), 16)
    assert (c.id, c.date, c.body_start) == ("news:3", date(2019, 1, 2), 16)
    assert (d.date, d.title, d.lang, d.body_start) == (None, None, None, 0)  # no "lang": detected when analysed


@pytest.mark.parametrize("line, problem", [
    (b'{"id": "a", "text": "x"', "not valid JSON (Expecting ',' delimiter: column 24)"),
    (b"not json", "not valid JSON (Expecting value: column 1)"),
    (b'["a", "b"]', "a JSON array, not a JSON object"),
    (b'"text"', "a string, not a JSON object"),
    (b'{"id": "a"}', 'no "text" field'),
    (b'{"text": 5}', '"text" is a number, not a string'),
    (b'{"text": ["a"]}', '"text" is a JSON array, not a string'),
    (b'{"text": " \\n "}', '"text" is empty'),
    (b'{"id": true, "text": "x"}', '"id" is a boolean'),
    (b'{"id": "", "text": "x"}', '"id" is an empty string'),
    ('{"text": "Привет"}'.encode("cp1251"), "not valid UTF-8 (byte 0xcf at byte 11)"),
])
def test_readers_jsonl_bad_line_does_not_stop_following_lines(line, problem):
    write("news.jsonl", b'{"text": "one"}\n' + line + b'\n{"text": "three"}\n')
    first, error, third = read("news.jsonl")
    assert (first.text, third.text, third.id) == ("one", "three", "news:3")
    assert isinstance(error, InputError)
    assert (error.where, error.problem) == ("news.jsonl:2", problem)
    assert error.fix and "\n" not in str(error)


def test_readers_jsonl_blank_lines_skipped():
    write("news.jsonl", '\n   \n{"text": "Текст"}\r\n\n')
    [article] = read("news.jsonl")
    assert article.origin == "news.jsonl:3" and article.id == "news:3"


def test_readers_jsonl_truncated_last_line():
    write("news.jsonl", '{"text": "Один"}\n{"text": "Дв')
    article, error = read("news.jsonl")
    assert article.text == "Один"
    assert error.where == "news.jsonl:2" and error.problem.startswith("not valid JSON (")


def test_readers_jsonl_bom_on_first_line():
    write("news.jsonl", b"\xef\xbb\xbf" + jsonl({"id": "a", "text": "Текст"}).encode())
    assert [a.id for a in read("news.jsonl")] == ["a"]


@pytest.mark.parametrize("limit, expected", [
    (20, [InputError, Article]),
    (len(json.dumps({"text": "x" * 30})), [Article, Article]),
])
def test_readers_jsonl_line_limit(limit, expected):
    write("news.jsonl", jsonl({"text": "x" * 30}, {"text": "ok"}))
    results = read("news.jsonl", max_bytes=limit)
    assert [type(r) for r in results] == expected
    if expected[0] is InputError:
        assert str(results[0]).startswith("news.jsonl:1: line is over the 20-byte limit; ")
        assert results[1].origin == "news.jsonl:2"


class SpyStream(io.BytesIO):
    """Records the longest chunk handed out, to prove over-long lines are never held."""

    longest = 0

    def read(self, size=-1):
        return self.record(super().read(size))

    def readline(self, size=-1):
        return self.record(super().readline(size))

    def record(self, chunk):
        self.longest = max(self.longest, len(chunk))
        return chunk


def test_readers_jsonl_long_line_skipped_without_reading_it_whole():
    stream = SpyStream(b'{"text": "' + b"x" * 5_000_000 + b'"}\n{"text": "ok"}\n')
    error, article = read_inputs(["-"], stream, max_bytes=1000)
    assert error.where == "<stdin>:1" and article.text == "ok"
    assert stream.longest <= 1 << 20


# --- stdin -----------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b'\n  {"id": "a", "text": "x"}\n\n{"text": "y"}',
    b'\xef\xbb\xbf{"id": "a", "text": "x"}\n\n\n{"text": "y"}\n',
])
def test_readers_stdin_jsonl(data):
    first, second = read("-", stdin=data)
    assert (first.id, first.text, second.id, second.text) == ("a", "x", "stdin:4", "y")
    assert second.origin == "<stdin>:4"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "koi8-r"])
def test_readers_stdin_text(encoding):
    text = "  date 2019-04-30\nЗаголовок статьи\n\nТекст {не JSON}."
    [article] = read("-", stdin=text.encode(encoding))
    assert (article.id, article.text, article.title, article.date) == (
        "stdin", text, "Заголовок статьи", date(2019, 4, 30))


@pytest.mark.parametrize("data, limit, problem", [
    (b"", 10, "empty file"),
    (b" \n ", 10, "empty file (whitespace only)"),
    (b"x" * 11, 10, "input is over the 10-byte limit"),
    (b'{"text": "x"', 100, "not valid JSON (Expecting ',' delimiter: column 13)"),
    (b'{"text": "long"}\n', 10, "line is over the 10-byte limit"),
])
def test_readers_stdin_errors(data, limit, problem):
    assert only_error(read("-", stdin=data, max_bytes=limit)).problem == problem


# --- real data -------------------------------------------------------------------------

@needs_shared
def test_readers_seed_article():
    [article] = read(str(SHARED / "seed" / "000_4fdcbfbf17fe8b61.txt"))
    assert (article.id, article.date, article.title, article.body_start) == (
        "000_4fdcbfbf17fe8b61", date(2025, 11, 12), None, 17)
    assert article.text[article.body_start:].startswith("Благодаря решительным действиям")


@needs_shared
def test_readers_ods_news_sample_titles():
    articles = read(str(SHARED / "data" / "ods-news-sample"))
    assert len(articles) >= 30 and all(isinstance(a, Article) for a in articles)
    for article in articles:
        header, title = article.text.split("\n")[:2]
        assert (article.title, article.body_start) == (title, len(header) + 1)
