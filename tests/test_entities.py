"""Entities: canonical names in the nominative, one entity per person, nothing from the header."""
from __future__ import annotations

import pytest

from quotegraph import analyze


def names(text: str, type_: str = "PER") -> set[str]:
    return {e["name"] for e in analyze(text)["entities"] if e["type"] == type_}


def entity(record: dict, name: str) -> dict:
    found = [e for e in record["entities"] if e["name"] == name]
    assert len(found) == 1, [e["name"] for e in record["entities"]]
    return found[0]


@pytest.mark.parametrize("text, expected", [
    ("Об этом сказала политолог Айгерим Жампетова.", "Айгерим Жампетова"),
    ("Мы поговорили с Айгерим Жампетовой о выборах.", "Айгерим Жампетова"),   # unknown female surname
    ("Это решение Касым-Жомарта Токаева.", "Касым-Жомарт Токаев"),            # hyphenated first name
    ("Встреча Ильхама Алиева с журналистами прошла спокойно.", "Ильхам Алиев"),
    ("Письмо отправили Марии Ивановой вчера.", "Мария Иванова"),
    ("Премию вручили Дональду Трампу в Вашингтоне.", "Дональд Трамп"),
    ("Интервью с Владимиром Зеленским вышло утром.", "Владимир Зеленский"),
    ("Он встретился с Борисом Николаевичем Ельциным.", "Борис Ельцин"),       # patronymic dropped
    ("Мы говорили с Анной Стреляной о книге.", "Анна Стреляная"),             # adjectival surname
    ("Памятник Юрию Долгорукому стоит в Москве.", "Юрий Долгорукий"),        # surname declined as an adjective
    ("Голос Фёдора Ивановича Шаляпина звучал в зале.", "Фёдор Шаляпин"),          # natasha cuts the first name off
    ("Премьер-министром Индии Нарендрой Моди доволен народ.", "Нарендра Моди"),
])
def test_entities_person_names_are_nominative(text, expected):
    assert expected in names(text)


@pytest.mark.parametrize("text, expected, mentions", [
    ("Айгерим Жампетова выступила. По словам Жампетовой, всё идёт хорошо.", "Айгерим Жампетова", 2),
    ("Саша Петров пришёл. Александр Петров ушёл.", "Александр Петров", 2),
    ("Дональд Трамп прилетел. Трамп сказал, что рад. Трампа встретили.", "Дональд Трамп", 3),
])
def test_entities_surname_and_first_name_mentions_join_the_full_name(text, expected, mentions):
    rec = analyze(text)
    assert len(entity(rec, expected)["mentions"]) == mentions


@pytest.mark.parametrize("text, expected, mentions", [
    # a lone surname spelt a letter or two apart from a full name's («Шрёдер» / «Шредер» aside)
    ("Губернатор Кевин Макаллистер выступил. Макалистор заявил, что рад.", "Кевин Макаллистер", 3),
    ("Эксперт Томас Вайсенберг приехал. Вайсенбер сказал, что рад. Вайзенберга встретили.",
     "Томас Вайсенберг", 4),
    # a generation after the surname: the full form is the name, the short one its mention
    ("Прокурор Роберт Кеннеди-младший выступил. Кеннеди заявил, что рад.", "Роберт Кеннеди-младший", 3),
    # family name first: a lone first word is that person
    ("Министр Пак Чон Хо приехал. Пак заявил, что рад.", "Пак Чон Хо", 3),
])
def test_entities_a_lone_surname_in_another_form_joins_the_full_name(text, expected, mentions):
    rec = analyze(text)
    assert len(entity(rec, expected)["mentions"]) == mentions


@pytest.mark.parametrize("text, expected", [
    ("Иван Сорокин выступил. Затем выступил Соркин.", {"Иван Сорокин", "Соркин"}),  # Russian surnames
    ("Джек Твен выступил. Затем выступил Твин.", {"Джек Твен", "Твин"}),            # too short to guess
    ("Пол Гринберг пришёл. Гринбаум ушёл.", {"Пол Гринберг", "Гринбаум"}),           # more than two letters
])
def test_entities_surnames_further_apart_stay_apart(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Нравился Сталину Вертинский или нет, неизвестно.", {"Сталин", "Вертинский"}),     # two people run together
    ("В романе Ильфа и Петрова Остап распределяет должности.", {"Ильф", "Петров", "Остап"}),
    ("Принц Филипп посетил выставку.", {"Филипп"}),                                       # title stripped
    ("Джей Зи (Jay Z) выступил в Нью-Йорке.", {"Джей Зи"}),                              # bracketed alias joins
])
def test_entities_people_natasha_runs_together_come_apart(text, expected):
    assert names(text) == expected


def test_entities_namesakes_of_different_gender_stay_apart():
    rec = analyze("Иван Петров и Мария Петрова поженились. Петрова рассказала об этом.")
    assert len(entity(rec, "Мария Петрова")["mentions"]) == 2
    assert len(entity(rec, "Иван Петров")["mentions"]) == 1


@pytest.mark.parametrize("text, type_, expected", [
    ("Он учится в Международном университете информационных технологий.", "ORG",
     "Международный университет информационных технологий"),
    ("Переговоры на Южном Кавказе продолжатся.", "LOC", "Южный Кавказ"),
    ("Сотрудники полиции Нью-Йорка задержали его.", "ORG", "полиция Нью-Йорка"),
])
def test_entities_organisations_and_places_are_nominative(text, type_, expected):
    assert expected in names(text, type_)


@pytest.mark.parametrize("text", [
    " date 2025-11-12 Благодаря решительным действиям всё получилось.",
    "date 2025-11-12\nБлагодаря решительным действиям всё получилось.",
])
def test_entities_never_come_from_the_header(text):
    rec = analyze(text)
    assert all(m["start"] >= text.index("Благодаря") for e in rec["entities"] for m in e["mentions"])
    assert "Благодаря" not in {e["name"] for e in rec["entities"]}


@pytest.mark.parametrize("name, type_, mentions", [
    ("Ильхам Алиев", "PER", 5),
    ("Айгерим Жампетова", "PER", 3),
    ("Касым-Жомарт Токаев", "PER", 2),
    ("Азербайджан", "LOC", 7),
    ("Казахстан", "LOC", 5),
    ("Южный Кавказ", "LOC", 1),
    ("Международный университет информационных технологий", "ORG", 1),
])
def test_entities_of_the_example(seed_record, name, type_, mentions):
    e = entity(seed_record, name)
    assert e["type"] == type_
    assert len([m for m in e["mentions"] if m["kind"] == "name"]) == mentions


def test_entities_of_the_example_are_one_per_person(seed_record):
    people = sorted(e["name"] for e in seed_record["entities"] if e["type"] == "PER")
    assert people == ["Айгерим Жампетова", "Ильхам Алиев", "Касым-Жомарт Токаев"]


def test_entities_of_the_example_dates(seed_record):
    values = {d["text"]: d["value"] for d in seed_record["dates"]}
    assert values["8 ноября"] == "2025-11-08"
    assert values["2020 года"] == "2020"
    assert all(d["start"] >= 17 for d in seed_record["dates"])


def test_entities_a_nickname_in_marks_is_no_first_name():
    rec = analyze("Тренер Джеймс «Бадди» Макгирт пришёл в зал. Бадди Макгирт заявил, что устал.")
    assert len(entity(rec, "Джеймс Макгирт")["mentions"]) >= 2
