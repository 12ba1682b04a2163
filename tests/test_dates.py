"""quotegraph.stages.dates: date mentions resolved to YYYY-MM-DD / YYYY-MM / YYYY."""
from __future__ import annotations

import pathlib
import random
from datetime import date, datetime

import pytest

from quotegraph.stages.dates import extract_dates

ARTICLE = date(2025, 11, 12)  # a Wednesday
SHARED = pathlib.Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_4fdcbfbf17fe8b61.txt"


def found(text: str, article_date: date | None, body_start: int = 0) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in extract_dates(text, article_date, body_start)]


def one(text, article_date, mention, value):
    assert found(text, article_date) == [(mention, value)]


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("День Победы 8 ноября - это", ARTICLE, "8 ноября", "2025-11-08"),
    ("Встреча 08 ноября прошла", ARTICLE, "08 ноября", "2025-11-08"),
    ("случилось 8-го ноября", ARTICLE, "8-го ноября", "2025-11-08"),
    ("К 8 Марта готовятся", date(2025, 3, 1), "8 Марта", "2025-03-08"),
    ("выборы 14 янв. прошли", date(2025, 1, 20), "14 янв.", "2025-01-14"),
    ("выборы 14 янв прошли", date(2025, 1, 20), "14 янв", "2025-01-14"),
    ("3 мая", date(2025, 6, 1), "3 мая", "2025-05-03"),
])
def test_dates_day_month_takes_year_from_article(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("итоги 28 декабря", date(2025, 1, 5), "28 декабря", "2024-12-28"),
    ("саммит 5 января", date(2025, 12, 20), "5 января", "2026-01-05"),
    ("10 июля", ARTICLE, "10 июля", "2025-07-10"),  # four months back, not eight ahead
    ("3 мая", ARTICLE, "3 мая", "2026-05-03"),  # nearest even if future: 172 days ahead, 193 back
    ("29 февраля", date(2025, 3, 1), "29 февраля", "2024-02-29"),  # the only valid year near
    ("в декабре", date(2025, 1, 10), "декабре", "2024-12"),
    ("в январе", date(2025, 12, 10), "январе", "2026-01"),
])
def test_dates_year_choice_across_year_boundary(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("8 ноября 2025 года", None, "8 ноября 2025 года", "2025-11-08"),
    ("8 ноября 2025 г. в Баку", None, "8 ноября 2025 г.", "2025-11-08"),
    ("8 ноября 2025, сообщил", None, "8 ноября 2025", "2025-11-08"),
    ("8 нояб. 2025", None, "8 нояб. 2025", "2025-11-08"),
    ("8 ноября 2020 года", ARTICLE, "8 ноября 2020 года", "2020-11-08"),  # explicit year kept
])
def test_dates_full_date(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("в ноябре 2020 года", None, "ноябре 2020 года", "2020-11"),
    ("в ноябре 2020 было", None, "ноябре 2020", "2020-11"),
    ("Ноябрь 2020 г. выдался", None, "Ноябрь 2020 г.", "2020-11"),
    ("в ноябре", ARTICLE, "ноябре", "2025-11"),
    ("с марта", ARTICLE, "марта", "2026-03"),
    ("Победа 2020 года", ARTICLE, "2020 года", "2020"),
    ("в 2020 году", None, "2020 году", "2020"),
    ("в 2020 г. был", None, "2020 г.", "2020"),
    ("в 2020-м", None, "2020-м", "2020"),
    ("в 2020-м году", None, "2020-м году", "2020"),
    ("до 1500 года", None, "1500 года", "1500"),
])
def test_dates_partial_dates_stay_partial(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("приказ от 08.11.2025 №5", None, "08.11.2025", "2025-11-08"),
    ("от 8.11.2025 г.", None, "8.11.2025 г.", "2025-11-08"),
    ("published 2025-11-08T10:00", None, "2025-11-08", "2025-11-08"),
])
def test_dates_numeric_formats(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("Сегодня президент", ARTICLE, "Сегодня", "2025-11-12"),
    ("вчера вечером", ARTICLE, "вчера", "2025-11-11"),
    ("позавчера", ARTICLE, "позавчера", "2025-11-10"),
    ("завтра", ARTICLE, "завтра", "2025-11-13"),
    ("послезавтра", ARTICLE, "послезавтра", "2025-11-14"),
    ("вчера", datetime(2025, 11, 12, 15, 30), "вчера", "2025-11-11"),  # a datetime works too
])
def test_dates_relative_days(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("в прошлом году", ARTICLE, "прошлом году", "2024"),
    ("в этом году", ARTICLE, "этом году", "2025"),
    ("в следующем году", ARTICLE, "следующем году", "2026"),
    ("в ноябре прошлого года", ARTICLE, "ноябре прошлого года", "2024-11"),
    ("8 мая минувшего года", ARTICLE, "8 мая минувшего года", "2024-05-08"),
])
def test_dates_relative_years(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, mention, value", [
    ("в понедельник", ARTICLE, "понедельник", "2025-11-10"),
    ("во вторник", ARTICLE, "вторник", "2025-11-11"),
    ("в среду", ARTICLE, "среду", "2025-11-12"),  # the article's own weekday: the article date
    ("в четверг", ARTICLE, "четверг", "2025-11-06"),
    ("В воскресенье", ARTICLE, "воскресенье", "2025-11-09"),
])
def test_dates_weekday_is_latest_on_or_before_article(text, article_date, mention, value):
    one(text, article_date, mention, value)


@pytest.mark.parametrize("text, article_date, expected", [
    ("1-2 ноября", ARTICLE, [("1", "2025-11-01"), ("2 ноября", "2025-11-02")]),
    ("1 – 2 ноября", ARTICLE, [("1", "2025-11-01"), ("2 ноября", "2025-11-02")]),
    ("с 1 по 3 ноября 2024 года", None,
     [("1", "2024-11-01"), ("3 ноября 2024 года", "2024-11-03")]),
    ("1 и 2 мая", date(2025, 5, 20), [("1", "2025-05-01"), ("2 мая", "2025-05-02")]),
    ("с 30 октября по 2 ноября", ARTICLE,
     [("30 октября", "2025-10-30"), ("2 ноября", "2025-11-02")]),
    ("в 2020-2021 годах", None, [("2020", "2020"), ("2021 годах", "2021")]),
    ("с 2014 по 2022 год", None, [("2014", "2014"), ("2022 год", "2022")]),
    ("с 1 по 3 марта следующего года", ARTICLE,
     [("1", "2026-03-01"), ("3 марта следующего года", "2026-03-03")]),
    ("в понедельник, 27 апреля 2020 года", ARTICLE, [("27 апреля 2020 года", "2020-04-27")]),
])
def test_dates_several_mentions(text, article_date, expected):
    assert found(text, article_date) == expected


@pytest.mark.parametrize("text, article_date", [
    ("8 ноября", None),                  # no article date: no year for a day-month
    ("в ноябре", None),
    ("сегодня", None),
    ("в понедельник", None),
    ("в прошлом году", None),
    ("8 ноября прошлого года", None),
    ("в прошлом годовом отчёте", ARTICLE),
    ("31 февраля 2025 года", None),      # invalid dates
    ("31 февраля", ARTICLE),             # ... and the month alone is not taken instead
    ("30.02.2025", None),
    ("45.13.2025", None),
    ("2025-13-45", None),
    ("12.11 в Москве", ARTICLE),         # too ambiguous
    ("версия 1.12.2025.3", ARTICLE),
    ("Пришли 1500 человек", ARTICLE),    # bare numbers are not years
    ("в 2020 всё изменилось", ARTICLE),  # a bare year needs a year word
    ("положить 2000 г сахара", ARTICLE),
    ("на 1500-м километре", ARTICLE),
    ("в 1990-х годах", ARTICLE),         # decades are not years
    ("за 2,5 года", ARTICLE),
    ("Марта Иванова пришла", ARTICLE),   # a name, not March
    ("на завтрак", ARTICLE),
    ("сегодняшний день", ARTICLE),
    ("газета «Завтра» пишет", ARTICLE),
    ("МИА «Россия сегодня»", ARTICLE),
    ("попадают в среду обитания", ARTICLE),
    ("в следующий понедельник", ARTICLE),
    ("0999 года", ARTICLE),
])
def test_dates_not_taken(text, article_date):
    assert found(text, article_date) == []


def test_dates_header_skipped():
    text = " date 2025-11-12 Благодаря решительным действиям"
    assert found(text, ARTICLE, body_start=17) == []
    assert found(text + " 8 ноября", ARTICLE, body_start=17) == [("8 ноября", "2025-11-08")]
    assert found(text, ARTICLE, body_start=10_000) == []


def test_dates_offsets_sorted_and_disjoint():
    text = ("İstanbul, 8 ноября 2025 года. Вчера, 1-2 ноября, в ноябре 2020 года и в 2021 году; "
            "ЁЛКИ 08.11.2025, в понедельник.")
    mentions = extract_dates(text, ARTICLE)
    assert [m.value for m in mentions] == ["2025-11-08", "2025-11-11", "2025-11-01", "2025-11-02",
                                           "2020-11", "2021", "2025-11-08", "2025-11-10"]
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


@pytest.mark.parametrize("article_date",
                         [None, ARTICLE, date.min, date.max, datetime(2025, 1, 1, 12)])
def test_dates_never_raise(article_date):
    rng = random.Random(7)
    alphabet = list("0123456789 .-–/,:«»\"\nİабвгдеёжзийклмнопрстуфхцчшщъыьэюяАВСЁ") + [
        " ноября ", " года ", " г. ", " в ", " по ", "вчера", " среду ", "-м", " янв."]
    texts = ["", " ", "abc", "9" * 5000, "99 ноября 99999 года", "00.00.0000", "0000 года",
             "9999-99-99", "в ноябре 9999 года", "вчера завтра в понедельник в ноябре 8 ноября"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 300))) for _ in range(300)]
    for text in texts:
        for m in extract_dates(text, article_date, rng.randint(-5, 20)):
            assert text[m.start:m.end] == m.text


def test_dates_seed_article():
    if not SEED.is_file():
        pytest.skip(f"seed article {SEED} is absent (needs /work/shared next to the project)")
    text = SEED.read_text(encoding="utf-8")
    mentions = extract_dates(text, date(2025, 11, 12), body_start=17)
    assert all(m.start >= 17 for m in mentions)  # nothing from the header «date 2025-11-12»
    assert ("8 ноября", "2025-11-08") in [(m.text, m.value) for m in mentions]
    assert ("2020 года", "2020") in [(m.text, m.value) for m in mentions]
    # «сегодня Азербайджан вступил в новый этап» is also taken, as the article date.
    assert [(m.text, m.value) for m in mentions] == [
        ("8 ноября", "2025-11-08"), ("2020 года", "2020"), ("сегодня", "2025-11-12")]
