"""Command-line inputs -> ``Article`` objects: .txt and .jsonl files, HTML pages, WARC archives,
RSS and Atom feeds, directories of them, stdin (``fetch.py`` reads URL lists).

Everything streams in input order. A bad input never stops the batch: ``read_inputs``
yields an ``InputError`` in its place and goes on.
"""
from __future__ import annotations

import codecs
import io
import json
import math
import os
import re
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from quotegraph.errors import InputError
from quotegraph.model import Article, Page

DEFAULT_MAX_BYTES = 50_000_000
# Longer articles are refused: analysis costs grow faster than the text. At this limit one
# article peaks near 1 GB and takes ~8 s (docs/reliability.md); news runs to ~100,000 at most.
DEFAULT_MAX_CHARS = 500_000
# And at most one word or punctuation mark per this many characters of that limit: the work is per
# token, and news has one in ~6 characters; a page of bare marks («»«»..., """...) has one in 1.
CHARS_PER_TOKEN = 4
_TOKEN = re.compile(r"\w+|[^\w\s]")
from .feeds import FEED_SUFFIXES  # noqa: E402
from .html import HTML_SUFFIXES  # noqa: E402
from .warc import WARC_SUFFIXES  # noqa: E402

SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES, *WARC_SUFFIXES, *FEED_SUFFIXES)
SUPPORTED = ("quotegraph reads .txt, .jsonl, .html (.htm, gzipped too), .warc (.warc.gz), .rss, .atom and .xml "
             "feed files, directories of them, or - for stdin")
ENCODINGS = "quotegraph reads UTF-8, cp1251 or KOI8-R text, or UTF-16 and UTF-32 with a byte-order mark"
BOM = b"\xef\xbb\xbf"
# Byte-order marks of the wide encodings; UTF-32's first, as its little-endian one starts like UTF-16's
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SKIP_CHUNK = 1 << 20
_FEED_ENTRY = re.compile(rb"<(?:item|entry)[\s>]")

_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_HEADER = re.compile(rf"[\s\ufeff]*date[ \t]+({_DATE})(?=\s|$)")
_SPACES = re.compile(r"[^\S\r\n]*")
_WHITESPACE = re.compile(r"\s*")
_TITLE_THEN_BLANK = re.compile(r"([^\r\n]*)\r?\n[^\S\r\n]*(?:\r?\n)")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_MAX_CONTROL_SHARE = 0.05

# Relative frequency (%) of Russian letters in news prose; scores a candidate decoding.
_LETTER_FREQ = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81,
     2.62, 2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48,
     0.36, 0.32, 0.26, 0.04, 0.04),
))
_LOG_FREQ = {letter: math.log(share / 100) for letter, share in _LETTER_FREQ.items()}
# The wrong decoding swaps letter case: "Привет" comes out like "пРИВЕТ". Rewarding lowercase
# only a little keeps ALL-CAPS text decodable; weights tuned on ~14,000 news fragments.
_LOWERCASE_WEIGHT = 0.2
_CASE_SHAPE_WEIGHT = 3.0
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")
_CAPITALISED = re.compile("[А-ЯЁ](?=[а-яё])")  # "Пр" in "Привет"
_INVERTED_CASE = re.compile("[а-яё](?=[А-ЯЁ])")  # "пР" in "пРИВЕТ"
_SAMPLE_BYTES = 200_000
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins valid pairs: any left is unpaired


# --- headers ---------------------------------------------------------------------------

def parse_header(text: str) -> tuple[date | None, str | None, int]:
    """Read an optional ``date YYYY-MM-DD`` header: (date, title, body_start)."""
    match = _HEADER.match(text)
    day = _parse_date(match.group(1)) if match else None
    if day is None:
        return None, None, 0
    after_spaces = _SPACES.match(text, match.end()).end()
    if after_spaces < len(text) and text[after_spaces] not in "\r\n":
        return day, None, after_spaces  # seed shape: the body shares the header's line
    body_start = _WHITESPACE.match(text, after_spaces).end()
    title = _TITLE_THEN_BLANK.match(text, body_start)
    return day, (title.group(1).strip() if title else None), body_start


def _parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` (or an ISO datetime starting with one) as a date, else None."""
    if not re.fullmatch(_DATE, value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- decoding ----------------------------------------------------------------------------

def decode_text(data: bytes, where: str) -> str:
    """Decode a text file's bytes (UTF-8, cp1251 or KOI8-R; UTF-16 or UTF-32 when a byte-order
    mark says so); raise InputError if not text."""
    wide = next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)
    if wide is not None:  # their NUL bytes are not binary
        try:
            text = data.decode(wide)  # (the codec reads the mark for the byte order, and drops it)
        except UnicodeDecodeError as exc:
            raise InputError(where, f"not valid {wide.upper()} (at byte {exc.start}) after its byte-order mark",
                             "save the file as UTF-8") from None
        if _looks_binary(text.encode("utf-8")):
            raise InputError(where, "binary file, not text", ENCODINGS)
    elif _looks_binary(data):
        raise InputError(where, "binary file, not text", ENCODINGS)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_cyrillic_8bit(data)
    if not text.strip():
        problem = "empty file (whitespace only)" if text else "empty file"
        raise InputError(where, problem, "put the article text in it, or leave it out")
    return text


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return bool(data) and controls / len(data) > _MAX_CONTROL_SHARE


def _decode_cyrillic_8bit(data: bytes) -> str:
    """Decode as whichever of cp1251 and KOI8-R reads more like Russian (cp1251 on a tie)."""
    if b"\x98" in data:  # the one byte undefined in cp1251; KOI8-R defines all 256
        return data.decode("koi8-r")
    sample = data[:_SAMPLE_BYTES]  # one byte is one character in both encodings
    cp1251_wins = russian_score(sample.decode("cp1251")) >= russian_score(sample.decode("koi8-r"))
    return data.decode("cp1251" if cp1251_wins else "koi8-r")


def russian_score(text: str) -> float:
    """How much ``text`` reads like Russian: letter frequencies, then letter case."""
    letters = Counter(_CYRILLIC.findall(text))
    total = sum(letters.values())
    if not total:
        return -math.inf
    frequency = sum(_LOG_FREQ[letter.lower()] * n for letter, n in letters.items()) / total
    lowercase = sum(n for letter, n in letters.items() if letter.islower()) / total
    case_shape = len(_CAPITALISED.findall(text)) - len(_INVERTED_CASE.findall(text))
    return frequency + _LOWERCASE_WEIGHT * lowercase + _CASE_SHAPE_WEIGHT * case_shape / total


# --- inputs ------------------------------------------------------------------------------

def read_inputs(
    paths: list[str], stdin: BinaryIO | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS, exclude: Path | None = None, pages: bool = False,
) -> Iterator[Article | Page | InputError]:
    """Yield one Article per document, or an InputError per bad input, in input order.

    An article of more than ``max_chars`` characters after its header is refused, not cut.
    ``exclude`` is a file never read as input: the output file, when it lies among the
    inputs (``analyze news/ -o news/out.jsonl`` must not read its own growing output).
    ``pages``: the pages of web archives come as ``Page`` items, to be extracted where they
    are analysed (``ingest``'s workers); else as articles, extracted here."""
    for item in _read_inputs(paths, stdin, max_bytes, exclude):
        if isinstance(item, Page):
            item = replace(item, max_chars=max_chars)
            yield item if pages else _extracted(item)
        else:
            yield _checked(item, max_chars)


def _extracted(page: Page) -> Article | InputError:
    from .html import page_article

    try:
        return page_article(page)
    except InputError as error:
        return error


def _checked(item: Article | InputError, max_chars: int) -> Article | InputError:
    """``item`` with bytes of a file name that are not UTF-8 shown as U+FFFD (no UTF-8 output
    or SQLite text could hold them), or an InputError for an article over ``max_chars``."""
    if isinstance(item, InputError):
        return InputError(_SURROGATE.sub("\ufffd", item.where), item.problem, item.fix) \
            if _SURROGATE.search(item.where) else item
    if _SURROGATE.search(item.id + item.origin):
        item = replace(item, id=_SURROGATE.sub("\ufffd", item.id), origin=_SURROGATE.sub("\ufffd", item.origin))
    return too_long(item, max_chars) or item


def too_long(article: Article, max_chars: int | None, chars_per_word: int = CHARS_PER_TOKEN,
             language: str | None = None) -> InputError | None:
    """The error for an article of more than ``max_chars`` characters after its header, or of
    more than one word or mark per ``chars_per_word`` characters of ``max_chars`` (its
    ``language``'s bound, once known); or None."""
    size = len(article.text) - article.body_start
    if max_chars is None:
        return None
    where = article.origin or article.id
    if size > max_chars:
        return InputError(where, f"article is {size:,} characters, over the {max_chars:,}-"
                          "character limit of analysis", "split it, or raise the limit with --max-chars")
    most = max_chars // chars_per_word
    if size > most and (tokens := sum(1 for _ in _TOKEN.finditer(article.text, article.body_start))) > most:
        where_language = f" in {language}" if language else ""
        return InputError(where, f"article has {tokens:,} words and marks in {size:,} characters, over the "
                          f"{most:,} analysed{where_language} with --max-chars {max_chars:,} (prose has about one in "
                          "6 characters)", "split it, or raise the limit with --max-chars")
    return None


def _read_inputs(
    paths: list[str], stdin: BinaryIO | None, max_bytes: int, exclude: Path | None,
) -> Iterator[Article | InputError]:
    skip = exclude.resolve() if exclude is not None else None
    for arg in paths:
        if str(arg) == "-":
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            continue
        path = Path(arg)
        if skip is not None and path.resolve() == skip:
            yield InputError(str(arg), "is the output file too", "write the output elsewhere")
        elif path.is_dir():
            yield from read_directory(path, max_bytes, skip)
        elif not path.exists():
            yield InputError(str(arg), "no such file or directory", "check the path")
        else:
            yield from read_file(path, _without_suffix(path.name), max_bytes)


def read_directory(root: Path, max_bytes: int, skip: Path | None = None) -> Iterator[Article | InputError]:
    """Every file of a kind quotegraph reads under ``root`` (hidden ones and ``skip`` left out), by
    relative path."""
    found, problems = list_directory(root, skip)
    for problem in problems:
        yield InputError(str(problem.filename), f"cannot read ({problem.strerror})",
                         "check its permissions")
    if not found and not problems:
        yield InputError(str(root), "no files quotegraph reads in this directory",
                         "check the path; " + SUPPORTED)
    for relative in found:
        yield from read_file(root / relative, _without_suffix(relative.as_posix()), max_bytes)


def list_directory(root: Path, skip: Path | None = None) -> tuple[list[Path], list[OSError]]:
    """The files under ``root`` that quotegraph reads, in reading order (relative paths), and the
    folders that could not be read."""
    problems: list[OSError] = []
    found = []
    for folder, subfolders, names in os.walk(root, onerror=problems.append):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [Path(folder, name).relative_to(root) for name in names
                  if name.lower().endswith(SUFFIXES) and not name.startswith(".")
                  and (skip is None or Path(folder, name).resolve() != skip)]
    return sorted(found, key=lambda rel: rel.parts), problems


def count_articles(paths: list[str], exclude: Path | None = None) -> int | None:
    """About how many articles ``read_inputs(paths)`` yields (JSONL lines are counted, not
    parsed): the total of a progress bar. None when stdin is among the inputs."""
    skip = exclude.resolve() if exclude is not None else None
    files: list[Path] = []
    for arg in paths:
        if str(arg) == "-":
            return None
        path = Path(arg)
        if path.is_dir():
            files += [path / rel for rel in list_directory(path, skip)[0]]
        elif path.is_file() and (skip is None or path.resolve() != skip):
            files.append(path)
    total = 0
    for path in files:
        name = path.name.lower()
        if name.endswith(WARC_SUFFIXES):
            return None  # counting an archive's pages means reading it through
        if not name.endswith((".jsonl", *FEED_SUFFIXES)):
            total += 1
            continue
        total += _count_in(path, b"\n" if name.endswith(".jsonl") else None)
    return total


def _count_in(path: Path, separator: bytes | None) -> int:
    """The lines of a JSONL file (``separator`` b"\\n"), or the entries of a feed (None)."""
    try:
        if separator is None:  # a feed is read whole anyway, and is under --max-bytes
            return len(_FEED_ENTRY.findall(path.read_bytes())) or 1
        count, last = 0, b"\n"
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(SKIP_CHUNK), b""):
                count += chunk.count(separator)
                last = chunk[-1:]
        return count + (last != b"\n")
    except OSError:
        return 1


def _without_suffix(name: str) -> str:
    """A file's name without the suffix that made it an input: «a/b.html.gz» → «a/b»."""
    lower = name.lower()
    return name[: -len(next(s for s in sorted(SUFFIXES, key=len, reverse=True) if lower.endswith(s)))] \
        if lower.endswith(SUFFIXES) else name


def read_file(path: Path, text_id: str, max_bytes: int) -> Iterator[Article | InputError]:
    """One file: a .txt or an HTML page is one article (id ``text_id``), a .jsonl one article per
    line, a WARC archive one per page, a feed one per entry."""
    from .feeds import read_feed
    from .warc import read_warc

    name = path.name.lower()
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            yield read_txt(path, text_id, max_bytes)
        elif suffix == ".jsonl":
            with path.open("rb") as stream:
                yield from read_jsonl(stream.readline, str(path), path.stem, max_bytes)
        elif name.endswith(HTML_SUFFIXES):
            yield read_html_file(path, text_id, max_bytes)
        elif name.endswith(WARC_SUFFIXES):
            yield from read_warc(path, max_bytes)
        elif name.endswith(FEED_SUFFIXES):
            yield from read_feed(path, max_bytes)
        else:
            yield InputError(str(path), f"unsupported file type '{suffix or path.name}'",
                             SUPPORTED)
    except OSError as error:
        yield InputError(str(path), f"cannot read ({error.strerror or error})",
                         "check that it is a readable file")


def read_txt(path: Path, text_id: str, max_bytes: int) -> Article | InputError:
    """A whole .txt file as one article, after checking its size."""
    size = path.stat().st_size
    if size > max_bytes:
        return _too_big(str(path), f"file is {size:,} bytes", max_bytes)
    try:
        text = decode_text(path.read_bytes(), str(path))
    except InputError as error:
        return error
    return text_article(text, text_id, str(path))


def read_html_file(path: Path, text_id: str, max_bytes: int) -> Article | InputError:
    """A saved web page (gzipped or not) as one article: its main text and metadata."""
    from .html import html_article, read_html_bytes

    size = path.stat().st_size
    if size > max_bytes:
        return _too_big(str(path), f"file is {size:,} bytes", max_bytes)
    try:
        return html_article(read_html_bytes(path.read_bytes(), str(path), max_bytes), key=text_id, origin=str(path))
    except InputError as error:
        return error


def text_article(text: str, text_id: str, origin: str) -> Article:
    day, title, body_start = parse_header(text)
    return Article(id=text_id, text=text, date=day, title=title, body_start=body_start,
                   origin=origin)


def read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Article | InputError]:
    """Stdin is JSONL if its first non-whitespace byte is ``{``, else one text document."""
    prefix = _read_leading_whitespace(stream)
    if prefix.endswith(b"{"):
        yield from read_jsonl(_prefixed_readline(prefix, stream), "<stdin>", "stdin", max_bytes)
        return
    data = prefix + stream.read(max_bytes + 1 - len(prefix))
    if len(data) > max_bytes:
        yield _too_big("<stdin>", "input is", max_bytes)
        return
    try:
        yield text_article(decode_text(data, "<stdin>"), "stdin", "<stdin>")
    except InputError as error:
        yield error


def _read_leading_whitespace(stream: BinaryIO) -> bytes:
    """Read an optional BOM, whitespace and the first other byte; return all of them."""
    prefix = b""
    while True:
        byte = stream.read(1)
        prefix += byte
        if not byte or not (byte.isspace() or BOM.startswith(prefix)):
            return prefix


def _prefixed_readline(prefix: bytes, stream: BinaryIO) -> Callable[[int], bytes]:
    """A ``readline(limit)`` that first returns bytes already read from ``stream``."""
    buffered = io.BytesIO(prefix)

    def readline(limit: int) -> bytes:
        line = buffered.readline(limit)
        if line.endswith(b"\n") or len(line) == limit:
            return line
        return line + stream.readline(limit - len(line))
    return readline


# --- JSONL -------------------------------------------------------------------------------

def read_jsonl(
    readline: Callable[[int], bytes], name: str, stem: str, max_bytes: int
) -> Iterator[Article | InputError]:
    """One article (or InputError) per non-blank line, reading one bounded line at a time."""
    for number, line in _bounded_lines(readline, max_bytes):
        where = f"{name}:{number}"
        if line is None:
            yield _too_big(where, "line is", max_bytes)
            continue
        if not line.strip():
            continue
        try:
            yield jsonl_article(line, where, f"{stem}:{number}", first=number == 1)
        except InputError as error:
            yield error


def _bounded_lines(
    readline: Callable[[int], bytes], max_bytes: int
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None stands for a line over ``max_bytes``, skipped unread."""
    number = 0
    while line := readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(readline)
            yield number, None
        else:
            yield number, line


def _skip_rest_of_line(readline: Callable[[int], bytes]) -> None:
    while (chunk := readline(SKIP_CHUNK)) and not chunk.endswith(b"\n"):
        pass


def jsonl_article(line: bytes, where: str, default_id: str, first: bool = False) -> Article:
    """Parse one JSONL line into an Article; raise InputError saying how to fix it."""
    record = _load_json_object(line, where, first)
    text = record.get("text")
    if text is None:
        raise InputError(where, 'no "text" field', 'add the article as "text": "..."')
    if not isinstance(text, str):
        raise InputError(where, f'"text" is {_json_type(text)}, not a string',
                         'give the article as "text": "..."')
    if not text.strip():
        raise InputError(where, '"text" is empty', "fill in the text or remove the line")
    day, title, body_start = parse_header(text)
    field_date = record.get("date")
    return Article(
        id=_record_id(record, where, default_id), text=text, body_start=body_start,
        date=(_parse_date(field_date) if isinstance(field_date, str) else None) or day,
        title=_optional_str(record, "title") or title, source=_optional_str(record, "source"),
        url=_optional_str(record, "url"), lang=_optional_str(record, "lang"),
        origin=where,
    )


def _load_json_object(line: bytes, where: str, first: bool) -> dict[str, Any]:
    try:
        decoded = line.rstrip(b"\r\n").decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise InputError(where, f"not valid UTF-8 (byte {line[error.start]:#04x} at byte "
                         f"{error.start + 1})", "save the file as UTF-8") from None
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        raise InputError(where, f"not valid JSON ({error.msg}: column {error.pos + 1})",
                         "fix the line or remove it") from None
    except (ValueError, RecursionError) as error:  # a number of over 4,300 digits; deep nesting
        problem = "nested too deeply" if isinstance(error, RecursionError) else str(error).split(";")[0]
        raise InputError(where, f"not valid JSON ({problem})", "fix the line or remove it") from None
    if not isinstance(record, dict):
        raise InputError(where, f"{_json_type(record)}, not a JSON object",
                         'write each article as one object: {"id": ..., "text": ...}')
    for key in ("id", "text", "title", "source", "url", "lang"):  # a \ud800 escape: no UTF-8 holds it
        if isinstance(value := record.get(key), str) and (lone := _SURROGATE.search(value)):
            raise InputError(where, f'"{key}" has an unpaired surrogate (\\u{ord(lone.group()):04x}) at '
                             f"character {lone.start() + 1}", "escape the character as a valid pair or remove it")
    return record


def _record_id(record: dict[str, Any], where: str, default_id: str) -> str:
    value = record.get("id")
    if value is None:
        return default_id
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InputError(where, f'"id" is {_json_type(value)}', "give a string or an integer")
    return str(value)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _json_type(value: Any) -> str:
    if value == "":
        return "an empty string"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a JSON array", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _too_big(where: str, what: str, max_bytes: int) -> InputError:
    return InputError(where, f"{what} over the {max_bytes:,}-byte limit",
                      "raise it with --max-bytes or split the input")
