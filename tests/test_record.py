"""The record format: every record validates against the JSON Schema, offsets are exact."""
from __future__ import annotations

import datetime

import jsonschema
import pytest

from quotegraph import analyze
from quotegraph.record import record_schema


def check(record: dict) -> None:
    jsonschema.validate(record, record_schema())
    text = record["text"]
    for e in record["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"], m
    for d in record["dates"]:
        assert text[d["start"]:d["end"]] == d["text"], d


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "date 2025-11-12",
    "Просто текст без имён.",
    "Президент России Владимир Путин встретился с Си Цзиньпином в Пекине 8 ноября.",
    "date 2019-04-30\nЗаголовок\n\nМИД Австралии сообщил, что Джон Смит прибыл в Москву.",
    "«Мы не уйдём», — заявил Песков.\r\nЭто было в 2020 году.",
    "Ünïcödé ✓ 😀 עברית العربية Иван Иванов",
])
def test_record_validates_and_offsets_are_exact(text):
    check(analyze(text))


@pytest.mark.parametrize("text", [
    "date 2016-09-20\nA title\n\n“We will win,” Senator Ada Moss said on Tuesday. She added that polls were wrong.",
    "According to the Labor Department, hiring slowed in May, and the agency expects a rebound.",
    "''Nobody listens,'' he said. “The vote”: ‘maybe’ — \"open\" quotes and a lone \" mark.",
])
def test_record_validates_and_offsets_are_exact_in_english(text):
    record = analyze(text, lang="en")
    check(record)
    for q in record["quotes"]:
        assert record["text"][q["start"]:q["end"]] == q["text"]
        assert record["text"][q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"]
        mention = q["speaker"]["mention"]
        assert mention is None or record["text"][mention["start"]:mention["end"]] == mention["text"]


def test_record_validates_on_the_example(seed_record):
    check(seed_record)


def test_record_header_date_is_the_article_date():
    rec = analyze(" date 2025-11-12 Благодаря усилиям Ильхама Алиева 8 ноября всё решилось.")
    assert rec["date"] == "2025-11-12"
    assert [d["value"] for d in rec["dates"]] == ["2025-11-08"]


def test_record_schema_rejects_a_broken_record(seed_record):
    broken = dict(seed_record, entities=[{"id": "x", "type": "PERSON", "name": "", "roles": [], "mentions": []}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, record_schema())


def test_record_analyze_takes_a_date_argument():
    rec = analyze("Встреча прошла 8 ноября.", date=datetime.date(2025, 11, 12))
    assert rec["dates"][0]["value"] == "2025-11-08"
