"""quotegraph.stages.quotes: quotations, their cues and speakers (eval/GUIDELINE.md).

Cases are one line each with the answer marked inline, and the marks are removed before
analysis: ``{c:...}`` is a quote's content (direct: inside the marks; indirect: the reported
clause without «что» and without the final period), ``{v:...}`` its cue, ``{s:...}`` the
mention of its speaker as written. A digit after the letter (``{c2:...}``, ``{v2:...}``)
marks a second quote of the same case; a group without ``{v:}`` or ``{s:}`` leaves that
part unchecked. ``{n:...}`` marks text in quotation marks that must not come out as a quote.
So ``'«{c:Мы не уйдём}», — {v:заявил} {s:Песков}.'`` expects a quote «Мы не уйдём» with the
cue «заявил» and a speaker mention covering «Песков». The record's speaker mention may be
wider than the marked one (the whole subject phrase, «министр финансов Антон Силуанов»);
it must cover it. Every record made here is also checked for the invariants of the record
format: exact offsets, parents that enclose their children, the JSON schema.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import jsonschema
import pytest
from conftest import need_shared

from quotegraph import analyze
from quotegraph.record import record_schema

MARK = re.compile(r"\{([cvsn])(\d?):|\}")
TRIM = " \t\n\u00a0\"«»„“”.,;:!?…-–—"
Span = tuple[int, int]


@dataclass
class Case:
    text: str
    quotes: dict[int, dict[str, Span]] = field(default_factory=dict)  # group → {"c"|"v"|"s": span}
    not_quotes: list[Span] = field(default_factory=list)


def parse_case(marked: str) -> Case:
    """The plain text of a marked case and the spans its marks expect."""
    parts: list[str] = []
    stack: list[tuple[str, int, int]] = []  # (letter, group, start)
    case, pos, length = Case(""), 0, 0
    for m in MARK.finditer(marked):
        parts.append(marked[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group(0) == "}":
            assert stack, f"a closing }} with no mark open in {marked!r}"
            letter, group, start = stack.pop()
            if letter == "n":
                case.not_quotes.append((start, length))
            else:
                assert letter not in case.quotes.setdefault(group, {}), f"{{{letter}{group}:}} twice in {marked!r}"
                case.quotes[group][letter] = (start, length)
        else:
            stack.append((m.group(1), int(m.group(2) or 1), length))
    assert not stack, f"unclosed mark in {marked!r}"
    parts.append(marked[pos:])
    case.text = "".join(parts)
    return case


def test_quotes_parse_case_strips_marks_and_keeps_offsets():
    case = parse_case("«{c:Мы {n:не} уйдём}», — {v:заявил} {s:Песков}. {c2:Да}")
    assert case.text == "«Мы не уйдём», — заявил Песков. Да"
    assert case.quotes == {1: {"c": (1, 12), "v": (17, 23), "s": (24, 30)}, 2: {"c": (32, 34)}}
    assert case.not_quotes == [(4, 6)]


# --- invariants, checked on every record ---------------------------------------------------------
def check_invariants(rec: dict) -> None:
    text, quotes = rec["text"], rec["quotes"]
    jsonschema.validate(rec, record_schema())
    for i, q in enumerate(quotes):
        assert text[q["start"]:q["end"]] == q["text"], q
        assert q["kind"] in ("direct", "indirect", "mixed")
        if q["cue"]:
            assert text[q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"], q["cue"]
        m = q["speaker"]["mention"]
        if m:
            assert text[m["start"]:m["end"]] == m["text"], m
            inserted = q["cue"] and q["start"] <= q["cue"]["start"] < q["end"]  # «X, по словам Y, Z»
            assert inserted or not (q["start"] <= m["start"] and m["end"] <= q["end"]), \
                f"the speaker mention {m['text']!r} lies inside its own quote {q['text']!r}"
        p = q["parent"]
        if p is not None:
            assert p != i and 0 <= p < len(quotes)
            parent = quotes[p]
            assert parent["start"] <= q["start"] and q["end"] <= parent["end"], (parent["text"], q["text"])


def analyzed(text: str) -> dict:
    rec = analyze(text)
    assert rec["text"] == text
    check_invariants(rec)
    return rec


def shown(rec: dict) -> list[tuple[str, str | None, str | None]]:
    return [(q["text"], q["cue"] and q["cue"]["text"], q["speaker"]["name"]) for q in rec["quotes"]]


def quote_at(rec: dict, span: Span) -> tuple[int, dict]:
    found = [(i, q) for i, q in enumerate(rec["quotes"]) if (q["start"], q["end"]) == span]
    assert len(found) == 1, (rec["text"][span[0]:span[1]], shown(rec))
    return found[0]


ANY = "<any speaker>"  # a group whose speaker name the case leaves unchecked


def expect(marked: str, speakers: str | tuple[str, ...], kind: str | None = None) -> tuple[dict, Case]:
    """Analyse the case and check every marked quote: its content span, its cue span, a speaker
    mention covering the marked one, the speaker's canonical name (one for all groups or one
    per group; ANY skips it) and, when given, the kind (one for all groups)."""
    case = parse_case(marked)
    rec = analyzed(case.text)
    for group in sorted(case.quotes):
        marks = case.quotes[group]
        _, q = quote_at(rec, marks["c"])
        if "v" in marks:
            assert q["cue"] is not None, q
            assert (q["cue"]["start"], q["cue"]["end"]) == marks["v"], (q["cue"], case.text[slice(*marks["v"])])
        name = speakers if isinstance(speakers, str) else speakers[group - 1]
        assert name is ANY or q["speaker"]["name"] == name, (q["text"], q["speaker"])
        if "s" in marks:
            m = q["speaker"]["mention"]
            assert m is not None and m["start"] <= marks["s"][0] and marks["s"][1] <= m["end"], \
                (m, case.text[slice(*marks["s"])])
        if kind:
            assert q["kind"] == kind, (q["text"], q["kind"])
    return rec, case


def trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


# --- quote marks -------------------------------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Мы не уйдём из города}», — {v:заявил} {s:Дмитрий Песков}.", "Дмитрий Песков"),
    ("„{c:Мы не уйдём из города}“, — {v:сказал} {s:Дмитрий Песков}.", "Дмитрий Песков"),
    ("«{c:Клуб „Зенит“ сыграет в полную силу}», — {v:пообещал} тренер {s:Сергей Семак}.", "Сергей Семак"),
    ("“{c:Мы будем бороться до конца}”, — {v:сказала} {s:Мария Захарова}.", "Мария Захарова"),
    ('"{c:Мы будем бороться до конца}", - {v:сказала} {s:Мария Захарова}.', "Мария Захарова"),
    ("«{c:Кто за это ответит?}» — {v:спросил} депутат {s:Сергей Миронов}.", "Сергей Миронов"),
    ("«{c:Мы не отступим!}» — {v:заявил} {s:Дмитрий Песков}.", "Дмитрий Песков"),
])
def test_quotes_each_mark_type_is_a_direct_quote(marked, speaker):
    expect(marked, speaker, "direct")


def test_quotes_straight_quotes_nested_in_straight_quotes_stay_inside_the_outer_quote():
    rec, case = expect('Эксперт Ольга Петрова оценила итоги саммита. "{c:Премьер сказал, что {c2:Армения добилась "серьёзного прогресса" и продолжит реформы}}", - {v:сказала} {s:она}.',
                       ("Ольга Петрова", ANY))
    outer, _ = quote_at(rec, case.quotes[1]["c"])
    _, inner = quote_at(rec, case.quotes[2]["c"])
    assert inner["kind"] == "mixed" and inner["parent"] == outer


@pytest.mark.parametrize("marked, speaker", [
    ("В статье «Итоги года нашли опечатку. «{c:Мы не уйдём из города}», — {v:заявил} {s:Дмитрий Песков}.", "Дмитрий Песков"),
    ("Журнал «Огонёк писал об этом давно. {s:Сергей Собянин} {v:заявил}: «{c:Метро откроется в срок}».", "Сергей Собянин"),
    ('Он назвал это "ошибкой. "{c:Мы не уйдём из города}", - {v:сказал} {s:Дмитрий Песков}.', "Дмитрий Песков"),
    ("«{c:Мы не уйдём из города}», — {v:заявил} {s:Дмитрий Песков}. Позже в программе «Итоги недели показали сюжет.", "Дмитрий Песков"),
])
def test_quotes_unbalanced_marks_keep_later_quotes(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Мы не уйдём из города. Мы будем бороться до конца. Это наш дом}», — {v:заявил} {s:Дмитрий Песков}.", "Дмитрий Песков"),
    ("Губернатор {s:Андрей Воробьёв} {v:заявил}: «{c:Мы не уйдём из города. Мы будем бороться до конца}».", "Андрей Воробьёв"),
    ('"{c:Цены стабилизировались. Инфляция замедлится к концу года. Мы снизим ставку}", - {v:сказала} {s:Эльвира Набиуллина}.', "Эльвира Набиуллина"),
])
def test_quotes_quote_over_several_sentences_is_one_quote(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Мы не уйдём из города. Мы будем бороться до конца.}\n\n«{c2:Это наш дом, и мы его защитим}», — {v2:заявил} {s2:Дмитрий Песков}.", "Дмитрий Песков"),
    ("Мэр Сергей Собянин выступил перед жителями.\n\n«{c:Метро откроется в срок. Работы идут круглосуточно.}\n\n«{c2:Мы уложимся в бюджет и сдадим все станции до конца года}», — {v2:сказал} {s2:Собянин}.", "Сергей Собянин"),
])
def test_quotes_quote_over_two_paragraphs_has_one_speaker(marked, speaker):
    expect(marked, speaker, "direct")


# --- attribution ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ('Политолог Ольга Петрова выступила в Баку. "{c:Переговоры идут труднее, чем ожидалось}", - {v:сказала} {s:она}.', "Ольга Петрова"),
    ("Токаев встретился с министрами. «{c:Мы не уйдём из города}», — {v:добавил} {s:Токаев}.", "Токаев"),
    ("Президент Касым-Жомарт Токаев встретился с министрами. «{c:Мы не уйдём из города}», — {v:добавил} {s:Токаев}.", "Касым-Жомарт Токаев"),
    ("{s:Песков} {v:заявил}: «{c:Переговоры продолжатся на следующей неделе}».", "Песков"),
    ("Пресс-секретарь президента {s:Дмитрий Песков} {v:заявил} журналистам: «{c:Переговоры продолжатся на следующей неделе}».", "Дмитрий Песков"),
])
def test_quotes_signoff_and_leadin_attribute_a_direct_quote(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [  # the colon ends the paragraph before the quote's
    ("Министр спорта {s:Олег Матыцин} {v:заявил} на брифинге:\n«{c:Подготовка идет по плану}».", "Олег Матыцин"),
    ("Пресс-секретарь клуба {s:Анна Серова} {v:сообщила} болельщикам вечером:\n\n«{c:Билеты поступят в продажу завтра}».",
     "Анна Серова"),
    ("Губернатор {s:Глеб Никитин} {v:ответил}:\n«{c:Мост достроят в этом году}».", "Глеб Никитин"),
])
def test_quotes_leadin_with_a_colon_at_the_end_of_the_paragraph_before(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker, kind", [
    ("Министр финансов {s:Антон Силуанов} {v:сказал}, что {c:бюджет будет исполнен в срок}.", "Антон Силуанов", "indirect"),
    ("{s:Дмитрий Песков} {v:заявил} в понедельник, что {c:Кремль не планирует менять свою позицию}.", "Дмитрий Песков", "indirect"),
    ("{v:По словам} {s:Дмитрия Пескова}, {c:переговоры продолжатся на следующей неделе}.", "Дмитрий Песков", "indirect"),
    ("{v:По мнению} политолога {s:Алексея Макаркина}, {c:выборы пройдут спокойно}.", "Алексей Макаркин", "indirect"),
    ("{v:Как отметил} {s:Алексей Кудрин}, {c:экономика растёт быстрее прогнозов}.", "Алексей Кудрин", "indirect"),
    ("{v:Как сообщает} {s:РИА Новости}, {c:в Москве открылся новый вокзал}.", "РИА Новости", "indirect"),
    ("Экономист {s:Сергей Гуриев} {v:считает}, что {c:инфляция замедлится к концу года}.", "Сергей Гуриев", "indirect"),
    ("Глава Минфина {s:Антон Силуанов} {v:уверен}, что {c:бюджет будет исполнен}.", "Антон Силуанов", "indirect"),
    ("{s:Банк России} {v:сообщил}, что {c:ключевая ставка останется прежней}.", "Банк России", "indirect"),
    ("{s:Антон Силуанов} {v:заявил}, что {c:программа «Льготная ипотека» будет продолжена}.", "Антон Силуанов", "indirect"),
    pytest.param("{s:Антон Силуанов} {v:заявил}, что {c:программа «Великое возвращение» будет продолжена}.", "Антон Силуанов", "indirect"),
    ("{s:Владимир Путин} {v:заявил}, что {c:Россия «не отступит ни на шаг» в этом вопросе}.", "Владимир Путин", "mixed"),
])
def test_quotes_reported_clause_without_that_and_final_period(marked, speaker, kind):
    expect(marked, speaker, kind)


@pytest.mark.parametrize("marked, speaker", [
    ("{v:Как сообщает} {s:пресс-служба губернатора}, {c:дорогу откроют в понедельник}.", "пресс-служба губернатора"),
    ("Сегодня в Москве прошёл митинг. {c:Дорогу откроют в понедельник}, {v:сообщает} {s:пресс-служба мэрии Москвы}.", "пресс-служба мэрии Москвы"),
    ("{c:Дорогу откроют в понедельник}, {v:сообщили} в {s:пресс-службе ведомства}.", "пресс-служба ведомства"),
    ("{c:Россия не признает итоги выборов}, {v:говорится} в заявлении {s:МИД России}.", "МИД России"),
    ("В заявлении {s:МИД России} {v:говорится}, что {c:Россия не признает итоги выборов}.", "МИД России"),
    ("В {s:МИД России} {v:заявили}, что {c:Россия не признает итоги выборов}.", "МИД России"),
    ("{c:Россия не признает итоги выборов}, {v:заявили} в {s:МИД России}.", "МИД России"),
    ("«{c:Решение пока не принято}», — {v:заявили} в {s:МИД России}.", "МИД России"),
    pytest.param("«{c:Решение пока не принято}», — {v:сообщили} в {s:пресс-службе ведомства}.", "пресс-служба ведомства"),
    pytest.param("В {s:пресс-службе ведомства} {v:сообщили}, что {c:дорогу откроют в понедельник}.", "пресс-служба ведомства"),
])
def test_quotes_organisation_is_the_speaker(marked, speaker):
    expect(marked, speaker, "indirect" if "«" not in marked else "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("{c:Правительство выделит дополнительные средства на ремонт дорог в регионе}.\n\nОб этом журналистам {v:сказал} губернатор {s:Андрей Воробьёв}.", "Андрей Воробьёв"),
    ("{c:Инфляция по итогам года не превысит пяти процентов}.\n\nОб этом в интервью ТАСС {v:сказала} глава Центробанка {s:Эльвира Набиуллина}.", "Эльвира Набиуллина"),
    ("{c:Дорогу откроют в понедельник}.\n\nОб этом {v:сообщает} {s:пресс-служба губернатора}.", "пресс-служба губернатора"),
    ("{c:Мост через реку откроют к осени}. Об этом {v:сообщил} мэр города {s:Сергей Собянин}.", "Сергей Собянин"),
])
def test_quotes_lead_paragraph_attributed_afterwards(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ('Дмитрий Песков прокомментировал ситуацию. "{c:Мы не уйдём из города}", - {v:сказал} {s:он}, - "{c2:это наш дом}".', "Дмитрий Песков"),
    ("«{c:Мы не уйдём из города}», — {v:сказал} {s:Дмитрий Песков}, — «{c2:это наш дом}».", "Дмитрий Песков"),
    pytest.param("«{c:Инфляция замедлится}», — {v:сказала} {s:Эльвира Набиуллина} и {v2:добавила}: «{c2:Ставку снизим весной}».", "Эльвира Набиуллина"),
    ("«{c:Мы не уйдём из города}, — {v:сказал} {s:Песков}, — {c2:это наш дом}».", "Песков"),
])
def test_quotes_split_quote_parts_have_the_same_speaker(marked, speaker):
    expect(marked, speaker, "direct")


# --- speakers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("Министр Антон Силуанов и глава ЦБ Эльвира Набиуллина провели встречу. «{c:Инфляция замедлится к концу года}», — {v:сказала} {s:она}.", "Эльвира Набиуллина"),
    ("Эльвира Набиуллина и Антон Силуанов провели встречу. «{c:Бюджет будет исполнен в срок}», — {v:сказал} {s:он}.", "Антон Силуанов"),
    ("Антон Силуанов выступил после Эльвиры Набиуллиной. «{c:Инфляция замедлится к концу года}», — {v:сказала} {s:она}.", "Эльвира Набиуллина"),
    ("Мария Захарова ответила на вопрос Сергея Лаврова. «{c:Переговоры продолжатся на следующей неделе}», — {v:сказал} {s:он}.", "Сергей Лавров"),
    ("Антон Силуанов выступил после Эльвиры Набиуллиной. {s:Она} {v:считает}, что {c:инфляция замедлится к концу года}.", "Эльвира Набиуллина"),
    ("На брифинге выступили Мария Захарова и Сергей Лавров. {v:По {s:его} словам}, {c:переговоры продолжатся на следующей неделе}.", "Сергей Лавров"),
    ("Эльвира Набиуллина и Антон Силуанов провели встречу. {v:По {s:её} словам}, {c:инфляция замедлится к концу года}.", "Эльвира Набиуллина"),
])
def test_quotes_pronoun_resolves_by_gender(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Ситуацию прокомментировал политолог Алексей Макаркин. «{c:Выборы пройдут спокойно, без сюрпризов}», — {v:сказал} {s:политолог}.", "Алексей Макаркин"),
    ("Ситуацию прокомментировал политолог Алексей Макаркин. {v:По мнению} {s:эксперта}, {c:выборы пройдут спокойно}.", "Алексей Макаркин"),
    ("Ситуацию прокомментировал экономист Сергей Гуриев. {v:Как считает} {s:эксперт}, {c:инфляция замедлится к концу года}.", "Сергей Гуриев"),
    ("Министр финансов Антон Силуанов прибыл в Кремль. «{c:Бюджет будет исполнен в срок}», — {v:сказал} {s:министр} Владимиру Путину.", "Антон Силуанов"),
    ("Глава Минэнерго Сергей Цивилев прилетел в Казань. «{c:Зима пройдёт спокойно}», — {v:заверил} {s:министр} Рустаму Минниханову.", "Сергей Цивилев"),
])
def test_quotes_description_resolves_to_the_person_introduced_with_that_role(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{c:Дорогу откроют в понедельник}, {v:сообщили} в {s:пресс-службе ведомства}.", "пресс-служба ведомства"),
    ("«{c:Решение пока не принято}», — {v:сказал} {s:собеседник агентства}.", "собеседник агентства"),
    ("{v:По словам} {s:собеседника агентства}, {c:решение пока не принято}.", "собеседник агентства"),
    ("{v:По данным} {s:пресс-службы ведомства}, {c:дорогу откроют в понедельник}.", "пресс-служба ведомства"),
    ("{s:Премьер} {v:сказал}, что {c:переговоры продолжатся в мае}.", "премьер"),
    pytest.param("Ольга Петрова выступила в Баку. «{c:{s2:Министр} {v2:заявил}, что {c2:переговоры продолжатся в мае}}», — {v:сообщила} {s:она}.", ("Ольга Петрова", "министр")),
    ("«{c:Решение пока не принято}», — {v:сказал} {s:источник в правительстве}.", "источник в правительстве"),
    ("{v:По словам} {s:источника в правительстве}, {c:решение пока не принято}.", "источник в правительстве"),
    ("{v:По словам} {s:собеседника в Кремле}, {c:визит не планируется}.", "собеседник в Кремле"),  # not the place
    ("{s:Источник из окружения мэра} {v:сообщил}, что {c:отставки не будет}.", "источник из окружения мэра"),
])
def test_quotes_unnamed_source_keeps_its_description_in_the_nominative(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{v:По словам} {s:Айгерим Жампетовой}, {c:выборы пройдут спокойно}.", "Айгерим Жампетова"),
    ("Мы поговорили с Айгерим Жампетовой о выборах. «{c:Выборы пройдут спокойно}», — {v:сказала} {s:Жампетова}.", "Айгерим Жампетова"),
    ("{v:По мнению} {s:Касым-Жомарта Токаева}, {c:отношения двух стран укрепляются}.", "Касым-Жомарт Токаев"),
    ("{v:По словам} {s:Марии Захаровой}, {c:переговоры продолжатся на следующей неделе}.", "Мария Захарова"),
    ("{v:По мнению} {s:Анны Стреляной}, {c:книга выйдет весной}.", "Анна Стреляная"),
    ("{v:По словам} {s:Гульнары Карасаевой}, {c:выборы пройдут спокойно}.", "Гульнара Карасаева"),
    ("{v:По словам} {s:Юрия Долгорукого}, {c:город будет заложен здесь}.", "Юрий Долгорукий"),
])
def test_quotes_speaker_name_is_canonical_and_nominative(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("text, mention", [
    pytest.param("Компания «Газпром нефть» сообщила, что увеличила добычу на десять процентов.", "Газпром нефть"),
    ("Министр финансов Антон Силуанов сказал, что бюджет будет исполнен в срок.", "Антон Силуанов"),
])
def test_quotes_speaker_mention_keeps_quote_marks_paired(text, mention):
    [q] = analyzed(text)["quotes"]
    m = q["speaker"]["mention"]["text"]
    assert mention in m
    assert m.count("«") == m.count("»") and m.count('"') % 2 == 0, m


# --- nesting -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("marked, speakers", [
    ("«{c:Президент {s2:Владимир Путин} {v2:сказал} мне: „{c2:Мы не уйдём из города}“. Я ему верю}», — {v:заявил} губернатор {s:Андрей Воробьёв}.", ("Андрей Воробьёв", "Владимир Путин")),
    ("«{c:{v2:Как сказал} {s2:Владимир Путин}, {c2:экономика растёт быстрее прогнозов}}», — {v:отметил} {s:Дмитрий Песков}.", ("Дмитрий Песков", "Владимир Путин")),
    ('"{c:{s2:Владимир Путин} {v2:заявил}, что {c2:Россия "не отступит ни на шаг" в этом вопросе}}", - {v:сказала} {s:Мария Захарова}.', ("Мария Захарова", "Владимир Путин")),
    ("«{c:{s2:Владимир Путин} {v2:заявил}, что {c2:Россия не отступит ни на шаг}}», — {v:сказала} {s:Мария Захарова}.", ("Мария Захарова", "Владимир Путин")),
])
def test_quotes_nested_quote_has_its_own_speaker_and_parent(marked, speakers):
    rec, case = expect(marked, speakers)
    outer, parent = quote_at(rec, case.quotes[1]["c"])
    _, inner = quote_at(rec, case.quotes[2]["c"])
    assert inner["parent"] == outer and parent["parent"] is None
    assert parent["kind"] == "direct"


# --- not quotes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("marked, quotes", [
    ("Правительство запустило программу «{n:Великое возвращение}» в прошлом году.", 0),
    ("Футбольный клуб «{n:Бананц}» выиграл кубок Армении.", 0),
    ("Компания «{n:Газпром нефть}» увеличила добычу на десять процентов.", 0),
    ("Театр поставил спектакль по роману «{n:Война и мир}» Льва Толстого.", 0),
    ("Так называемые «{n:эксперты}» снова выступили по телевидению.", 0),
    ('Так называемые "{n:эксперты}" снова выступили по телевидению.', 0),
    ("Министр Антон Силуанов похвалил программу «{n:Великое возвращение}» на совещании.", 0),
    ("Антон Силуанов заявил, что программа «{n:Великое возвращение}» будет продолжена.", 1),
    pytest.param("Футбольный клуб «{n:Бананц}» обыграл «{n:Пюник}», сообщает пресс-служба клуба.", 1),
])
def test_quotes_names_titles_and_scare_quotes_are_not_quotes(marked, quotes):
    """No quote is a marked name; ``quotes`` counts the quotes of the sentence (its reported clause)."""
    case = parse_case(marked)
    rec = analyzed(case.text)
    spans = {trimmed(case.text, q["start"], q["end"]) for q in rec["quotes"]}
    for span in case.not_quotes:
        assert span not in spans, (case.text[slice(*span)], shown(rec))
    assert len(rec["quotes"]) == quotes, shown(rec)


@pytest.mark.parametrize("text", [
    "Напомним, что выборы пройдут в сентябре.",
    "Отметим, что ранее компания уже снижала цены на бензин.",
    "Напомним, что Дмитрий Песков ранее заявлял о готовности к переговорам.",
    "Президент заявил о поддержке фермеров.",
    "Об инциденте заявили в МИД России.",
])
def test_quotes_authors_voice_and_bare_speech_verbs_are_not_quotes(text):
    assert analyzed(text)["quotes"] == []


# --- the seed example --------------------------------------------------------------------------------
SEED_ID = "seed/000_4fdcbfbf17fe8b61"


def seed_gold() -> list[dict]:
    with open(need_shared("eval", "gold", "seed.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    [doc] = [d for d in docs if d["id"] == SEED_ID]
    return doc["quotes"]


def test_quotes_of_the_example_are_valid(seed_record):
    check_invariants(seed_record)


def test_quotes_of_the_example_are_eight_with_their_speakers(seed_record):
    quotes = seed_record["quotes"]
    assert len(quotes) == 8, shown(seed_record)
    names = [q["speaker"]["name"] for q in quotes]
    assert names.count("Айгерим Жампетова") == 6 and names.count("Касым-Жомарт Токаев") == 2, names
    for q in quotes:
        p = q["parent"]
        if q["speaker"]["name"] == "Касым-Жомарт Токаев":
            assert p is not None and quotes[p]["speaker"]["name"] == "Айгерим Жампетова"
            assert quotes[p]["kind"] == "direct" and quotes[p]["parent"] is None
        else:
            assert p is None


def test_quotes_of_the_example_great_return_is_not_a_quote(seed_record):
    text = seed_record["text"]
    title = text.index("Великое возвращение")
    span = (title, title + len("Великое возвращение"))
    assert span not in {trimmed(text, q["start"], q["end"]) for q in seed_record["quotes"]}


@pytest.mark.parametrize("index", [
    0, 1,
    2,
    3, 4, 5, 6, 7,
])
def test_quotes_of_the_example_match_the_gold(seed_record, index):
    gold = seed_gold()
    assert len(gold) == 8
    text, g = seed_record["text"], gold[index]
    assert text[g["start"]:g["end"]] == g["text"], "the gold does not fit the example text"
    found = [q for q in seed_record["quotes"]
             if trimmed(text, q["start"], q["end"]) == trimmed(text, g["start"], g["end"])]
    assert len(found) == 1, (g["text"], shown(seed_record))
    [q] = found
    assert q["kind"] == g["kind"]
    assert q["speaker"]["name"] == g["speaker"]
    assert q["cue"] is not None and q["cue"]["text"] == g["cue"]
    m = q["speaker"]["mention"]
    assert m is not None and m["start"] <= g["mention_start"] and g["mention_end"] <= m["end"], (m, g["speaker_mention"])
    if g["parent"] is None:
        assert q["parent"] is None
    else:
        parent = seed_record["quotes"][q["parent"]]
        assert trimmed(text, parent["start"], parent["end"]) == \
            trimmed(text, gold[g["parent"]]["start"], gold[g["parent"]]["end"])


@pytest.mark.parametrize("text, content, speaker", [
    ("Москва. 30 апреля. INTERFAX.RU - Борец Иван Петров дисквалифицирован на год, сообщает пресс-служба агентства.",
     "Борец Иван Петров дисквалифицирован на год", "пресс-служба агентства"),
    ("Решение о дисквалификации борца принято вчера, сообщила пресс-служба агентства. «Спортсмен лишён права выступать на один год», - говорится в сообщении.",
     "Спортсмен лишён права выступать на один год", "пресс-служба агентства"),
])
def test_quotes_agency_dateline_and_document_of_the_latest_source(text, content, speaker):
    [q] = [q for q in analyzed(text)["quotes"] if q["text"] == content]
    assert q["speaker"]["name"] == speaker


@pytest.mark.parametrize("text", [
    "Это говорит о том, что экономика растёт быстрее, чем ожидалось.",
    "Рост цен на нефть свидетельствует о том, что спрос восстановился.",
])
def test_quotes_a_thing_that_shows_is_no_source(text):
    assert analyzed(text)["quotes"] == []


def test_quotes_agency_dateline_is_no_speaker():
    text = "Москва. 7 мая. INTERFAX.RU - Первый канал объявил, что покажет все матчи сборной России по хоккею."
    [q] = analyzed(text)["quotes"]
    assert "INTERFAX" not in (q["speaker"]["name"] or "")


def test_quotes_an_unnamed_source_stays_unnamed_across_quotes():
    text = ("«Решение уже принято», — сказал собеседник ТАСС. Министр Иван Петров выступил в Думе. "
            "«Указ подпишут в понедельник», — добавил собеседник.")
    names = [q["speaker"]["name"] for q in analyzed(text)["quotes"]]
    assert names == ["собеседник ТАСС", "собеседник ТАСС"]


def test_quotes_a_relative_described_by_possessive_names_the_person():
    text = "Композитор Кшиштоф Пендерецкий умер в воскресенье. Его дочь рассказала, что он долго болел."
    [q] = analyzed(text)["quotes"]
    assert q["speaker"]["name"] == "дочь Кшиштофа Пендерецкого"


@pytest.mark.parametrize("text, speaker", [
    ("Прибыл министр финансов Антон Силуанов, который заявил, что бюджет будет исполнен.", "Антон Силуанов"),
    ("Министр Антон Силуанов заявил, что намерен уйти в отставку:\nЯ устал от этой работы и хочу отдохнуть.", "Антон Силуанов"),
])
def test_quotes_relative_pronouns_and_colon_paragraphs_keep_the_reporting_subject(text, speaker):
    assert {q["speaker"]["name"] for q in analyzed(text)["quotes"]} == {speaker}


def test_quotes_a_paragraph_signed_off_with_a_bare_dash_is_one_quote():
    text = ("Внучка поэта рассказала о его наследии.\n\n"
            "В его песнях весь его образ. Там его характер и харизма — сказала Варвара Визбор.")
    [q] = analyzed(text)["quotes"]
    assert q["text"] == "В его песнях весь его образ. Там его характер и харизма"
    assert q["speaker"]["name"] == "Варвара Визбор"


@pytest.mark.parametrize("text, content, speaker", [
    ("Бывший премьер Сумана Сакко тоже, по сообщениям СМИ, имеет шансы на успех на выборах.",
     "Бывший премьер Сумана Сакко тоже, по сообщениям СМИ, имеет шансы на успех на выборах", "СМИ"),  # the whole
    # clause, the cue inside it, as the NEREL dev gold marks such quotes
    ("Как сообщило во вторник министерство здравоохранения в больницах страны скончались 1789 пациентов.",
     "в больницах страны скончались 1789 пациентов", "министерство здравоохранения"),
])
def test_quotes_phrases_inside_the_clause_and_without_a_comma(text, content, speaker):
    [q] = analyzed(text)["quotes"]
    assert q["text"] == content
    assert q["speaker"]["name"] == speaker


def test_quotes_a_subject_pronoun_beats_a_name_in_another_case():
    text = ("Полковник Владимир Квачков вышел на свободу. В ходе пресс-конференции он прокомментировал "
            "отравление Скрипалей и порассуждал о «предательстве Новороссии».")
    [q] = analyzed(text)["quotes"]
    assert q["speaker"]["name"] == "Владимир Квачков"


def test_quotes_two_reports_joined_by_and_are_two_quotes():
    text = ("Премьер-министр Фолькер Буфье напомнил, что министр работал днём и ночью, "
            "и добавил, что его смерть стала шоком для всех.")
    quotes = analyzed(text)["quotes"]
    assert [q["text"] for q in quotes] == ["министр работал днём и ночью", "его смерть стала шоком для всех"]


def test_quotes_an_agency_reporting_someones_words_gives_two_nested_quotes():
    text = ("Как передаёт РИА Новости, рядовой Владислав Челах заявил матери во время свидания, "
            "что никого не убивал.")
    quotes = analyzed(text)["quotes"]
    inner = [q for q in quotes if q["text"] == "никого не убивал"]
    assert len(quotes) == 2 and inner and inner[0]["speaker"]["name"] == "Владислав Челах"
    assert inner[0]["parent"] is not None


def test_quotes_a_relaying_agency_at_the_end_gives_the_outer_quote():
    text = ("Мать певца Кэтрин Джексон сообщила, что родственники лишили её связи с внешним миром, "
            "передает РИА Новости.")
    quotes = analyzed(text)["quotes"]
    texts = {q["text"]: q["speaker"]["name"] for q in quotes}
    assert texts["родственники лишили её связи с внешним миром"] == "Кэтрин Джексон"
    assert any(name == "РИА Новости" for name in texts.values())


@pytest.mark.parametrize("text, quotes", [
    ("Официальным наследником, согласно завещанию, является его мать.", 0),            # a document
    ("Согласно данным МВД, число краж выросло на десять процентов за год.", 1),       # a source
])
def test_quotes_according_to_needs_a_source_that_speaks(text, quotes):
    assert len(analyzed(text)["quotes"]) == quotes
