"""The bad-input corpus of tests/test_bad_input.py (issue 7, "Input"), made deterministically.

    .venv/bin/python tests/data/make_bad.py        # rewrites tests/data/bad/

The small cases (a few kB each) are committed under ``tests/data/bad/``; ``SMALL`` makes
them, and a test checks that the committed files are exactly what it makes. The big cases
(a 50 MB text, a 60 MB JSONL of many small lines, a very long line, a quote of 100,000
characters, a JSONL line over the byte limit, file names that are not UTF-8) are never
committed: the tests write them into a temporary folder with the ``write_*`` functions
below, the biggest in 1 MB chunks.
"""
from __future__ import annotations

import json
import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
BAD = HERE / "bad"

# A short article with a quote, a cue, a speaker, entities and dates, so that its record has
# every kind of span to check. Each case gets its own copy (``article(tag)``), so that no two
# cases share a text and ingest stores each under its own key.
LINES = [
    "date 2025-11-12",
    "Президент России Владимир Путин 8 ноября прибыл в Казань.",
    "«Мы не уйдём», — заявил журналистам пресс-секретарь Дмитрий Песков.",
    "По словам министра иностранных дел Сергея Лаврова, переговоры продолжатся в 2026 году.",
]
SAID = ("Мы не уйдём", "Дмитрий Песков")  # the quote every copy of the article holds, and its speaker


def article(tag: str, koi8: bool = False) -> str:
    """The article, ending with a line naming ``tag``; ``koi8``: with straight quotes and a
    hyphen, which KOI8-R has (it has no « » or —)."""
    text = "\n".join(LINES) + f"\nМатериал {tag}.\n"
    return text.replace("«", '"').replace("»", '"').replace("—", "-") if koi8 else text


def _jsonl(*lines: object, end: bytes = b"\n") -> bytes:
    """JSONL bytes: a dict is dumped as JSON (UTF-8), bytes and str are taken as they are."""
    out = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line, ensure_ascii=False)
        out.append(line if isinstance(line, bytes) else line.encode("utf-8"))
    return end.join(out) + end


HTML = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Новости — «Песков»</title>
<style>body { font-family: "PT Sans", serif; } q::before { content: "«"; } p > a { color: #c00 }</style>
<script>var said = "«Путин заявил», - сказал он"; if (a < b && c > "d") { document.write('<p>«'); }</script>
</head><body>
<p>Президент России Владимир Путин 8 ноября прибыл в Казань.</p>
<p>«Мы не уйдём», — заявил журналистам пресс-секретарь Дмитрий Песков.</p>
<script type="text/javascript">window.onload = function () { alert("</p>«"); };</script>
<!-- «комментарий», — сказал Иван Петров -->
</body></html>
"""

UNBALANCED = (
    "«Мы не уйдём», — заявил Дмитрий Песков. «Это ещё не всё, — добавил он.\n"
    "Сергей Лавров сказал: «переговоры продолжатся». » » «\n"
    "„Никто не знал“ и “никто не узнает”, — сказал Иван Петров” „ “\n"
    "Владимир Путин заявил: «Мы «победим»» и «„вернёмся“.\n"
)

ODD_MARKS = (
    'Иван Петров заявил: "Мы не уйдём". Он добавил: "И не уйдём никогда.\n'
    "‹Неизвестно›, — сказал Сергей Лавров. ‚Возможно‘, — ответил Дмитрий Песков.\n"
    "Анна Иванова сказала: ＂Всё будет хорошо＂, 〝и скоро〞 ″Да″ '' ` ´ ‛\n"
    "«»«»„“ — «» — «\"»\n"
)

NESTING = 40


def nested_quotes(depth: int = NESTING) -> str:
    """A quote in a quote ``depth`` times over: «Эксперт номер 1 сказал, что „Эксперт номер 2 ...“»."""
    opens, closes = "«„", "»“"
    head = "Иван Петров заявил: "
    for level in range(depth):
        head += f"{opens[level % 2]}Эксперт номер {level + 1} сказал, что "
    tail = "".join(closes[level % 2] for level in reversed(range(depth)))
    return head + "всё будет хорошо" + tail + ", — добавил он.\n"


RTL_EMOJI = (
    "Владимир Путин 😀 заявил: «Мы победим 💪🏽», — сказал он в Москве 🇷🇺.\n"
    "قال الرئيس «سنعود» في القاهرة. אמר ראש הממשלה: „נחזור“.\n"
    "\u202eЭто перевёрнутый текст\u202c, а это \u200fметка\u200e и \u2066изоляция\u2069.\n"
    "Семья 👨\u200d👩\u200d👧\u200d👦 и флаг 🏳️\u200d🌈; 𝐏𝐮𝐭𝐢𝐧 и Пу\u0301тин; "
    "Марии\u0306 Эл, «Дмитрий Песков 🙂 сказал: „да“», — отметил Иван 🧑\u200d💻 Петров.\n"
)

ENDINGS = ("\r\n", "\n", "\r")
MIXED_ENDINGS = "".join(line + ENDINGS[i % 3] for i, line in enumerate(article("mixed-endings").splitlines()))

JSONL_LINES = _jsonl(  # lines.jsonl, line by line
    {"id": "good-1", "text": article("good-1")},                           # 1 record
    '{"id": "broken", "text": "Путин заявил',                              # 2 not JSON
    '["id", "text"]',                                                       # 3 an array
    '"Путин заявил"',                                                       # 4 a string
    "42",                                                                   # 5 a number
    {"id": "no-text", "title": "Заголовок без текста"},                   # 6 no "text"
    {"id": "text-number", "text": 5},                                       # 7 "text" not a string
    {"id": "text-blank", "text": " \n\t "},                                # 8 "text" blank
    "",                                                                     # 9 blank: skipped
    article("cp1251-line").encode("cp1251").replace(b"\n", b" ")[:60],     # 10 not UTF-8
    '{"id": "surrogate", "text": "Путин заявил \\ud800 это"}',             # 11 unpaired surrogate
    {"id": "nul", "text": "Президент\u0000 Владимир Путин заявил: «Да»."},  # 12 NUL inside: record
    {"id": "html", "text": HTML + "<p>Материал html.</p>\n"},              # 13 HTML: record
    {"id": "emoji", "text": RTL_EMOJI + "Материал emoji.\n", "date": "2025-11-12T10:00:00Z"},  # 14 record
    '{"id": "nan", "text": NaN}',                                           # 15 NaN
    {"id": "good-2", "text": article("good-2", koi8=True), "title": "Последняя"},  # 16 record
)

SMALL: dict[str, bytes] = {
    "empty.txt": b"",
    "whitespace.txt": b" \n\t\r\n   \r\n",
    "bom-only.txt": b"\xef\xbb\xbf\n \n",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "nul-byte.txt": article("nul-byte").encode("utf-8").replace("Казань".encode(), "Каз\x00ань".encode()),
    "control-chars.txt": "".join(f"\x01\x02{w} " for w in article("control-chars").split()).encode("utf-8"),
    "utf16.txt": article("utf16").encode("utf-16"),
    "cp1251.txt": article("cp1251").encode("cp1251"),
    "koi8r.txt": article("koi8r", koi8=True).encode("koi8-r"),
    "mixed-endings.txt": MIXED_ENDINGS.encode("utf-8"),
    "header-only.txt": b"date 2025-11-12\n",
    "bad-header.txt": ("date 2025-13-45 " + LINES[1]).encode("utf-8"),
    "html-script.txt": HTML.encode("utf-8"),
    "page.html": HTML.encode("utf-8"),
    "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "quotes-unbalanced.txt": UNBALANCED.encode("utf-8"),
    "quotes-odd.txt": ODD_MARKS.encode("utf-8"),
    "quotes-nested.txt": nested_quotes().encode("utf-8"),
    "rtl-emoji.txt": RTL_EMOJI.encode("utf-8"),
    "lines.jsonl": JSONL_LINES,
    "mixed-endings.jsonl": _jsonl({"id": "crlf", "text": article("crlf")}, end=b"\r\n")
    + _jsonl({"id": "cr", "text": article("cr")}, {"id": "cr-2", "text": article("cr-2")}, end=b"\r"),
    "json-bignum.jsonl": _jsonl('{"id": 1' + "0" * 4400 + ', "text": "Путин"}',
                                {"id": "after-bignum", "text": article("after-bignum")}),
    "json-deep.jsonl": _jsonl("[" * 1500 + "]" * 1500, {"id": "after-deep", "text": article("after-deep")}),
}


def write_small(folder: pathlib.Path = BAD) -> list[pathlib.Path]:
    """Write the small cases into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in SMALL.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


# --- big cases: written at test time, never committed ------------------------------------

CHUNK = 1 << 20
PROSE = ("Президент России Владимир Путин 8 ноября прибыл в Казань, где провёл встречу с "
         "руководством республики и обсудил планы на 2026 год. ")


def write_big_text(path: pathlib.Path, size: int = 50_000_000) -> pathlib.Path:
    """A UTF-8 text file of exactly ``size`` bytes of Russian prose, written in 1 MB chunks."""
    unit = PROSE.encode("utf-8")
    block = unit * (CHUNK // len(unit))
    with path.open("wb") as out:
        left = size
        while left >= len(block):
            out.write(block)
            left -= len(block)
        whole = left // len(unit)
        out.write(unit * whole + b" " * (left - whole * len(unit)))  # spaces make it exact
    return path


def write_many_lines(path: pathlib.Path, size: int = 60_000_000, good_every: int = 10_000) -> int:
    """A JSONL file of at least ``size`` bytes in lines of about 500 bytes: line 1 and every
    ``good_every``-th line after it is an article (id ``g<line>``); the others have a ``body``
    and no ``text``, so they are refused without analysis. Return the number of lines."""
    body = (PROSE * 3)[:400]
    number = written = 0
    with path.open("wb") as out:
        while written < size:
            number += 1
            record = ({"id": f"g{number}", "text": article(f"g{number}")} if number % good_every == 1
                      else {"id": f"n{number}", "body": body})
            line = _jsonl(record)
            out.write(line)
            written += len(line)
    return number


def write_long_line(path: pathlib.Path, chars: int) -> pathlib.Path:
    """One line of ``chars`` characters: names, commas, reporting verbs and quotes, never a full
    stop, so sentence splitting finds one "sentence" as long as the line."""
    unit = ("министр Иван Петров заявил журналистам, что эксперт Сергей Иванов сказал коллегам: "
            "«все останутся», а депутат Анна Смирнова добавила, что ")
    path.write_text((unit * (chars // len(unit) + 1))[:chars], encoding="utf-8")
    return path


def write_long_quote(path: pathlib.Path, chars: int = 100_000) -> pathlib.Path:
    """An article with a quote of ``chars`` characters (sentences of prose in « »), signed off
    by its speaker, Иван Петров."""
    inside = (PROSE * (chars // len(PROSE) + 1))[:chars - 1] + "."
    path.write_text(f"date 2025-11-12\nИван Петров выступил в Казани.\n«{inside}», — заявил Иван Петров.\n",
                    encoding="utf-8")
    return path


def write_over_long_line(path: pathlib.Path, line_bytes: int) -> pathlib.Path:
    """A JSONL file whose line 1 is an article of ``line_bytes`` bytes (its newline aside),
    written in 1 MB chunks; line 2 is a good article, id "after-long-line"."""
    head, tail = b'{"id": "huge", "text": "', b'"}'
    filler = line_bytes - len(head) - len(tail)
    with path.open("wb") as out:
        out.write(head)
        while filler > 0:
            out.write(b"a" * min(filler, CHUNK))
            filler -= CHUNK
        out.write(tail + b"\n" + _jsonl({"id": "after-long-line", "text": article("after-long-line")}))
    return path


def write_undecodable_names(folder: pathlib.Path) -> list[bytes]:
    """Two files whose names are not UTF-8 (Linux allows any bytes): an article and an empty
    file. Return their names as bytes."""
    names = [b"\xff\xfe-name.txt", b"\xff-empty.txt"]
    for name, data in zip(names, [article("undecodable-name").encode("utf-8"), b""]):
        with open(os.path.join(os.fsencode(folder), name), "wb") as out:
            out.write(data)
    return names


def main(argv: list[str]) -> int:
    folder = pathlib.Path(argv[1]) if len(argv) > 1 else BAD
    for path in write_small(folder):
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
