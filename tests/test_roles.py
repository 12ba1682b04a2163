"""quotegraph.stages.roles: roles and titles that introduce a person, in the nominative."""
from __future__ import annotations

import pathlib

import pytest

from quotegraph.model import Entity
from quotegraph.nlp import analyze_text
from quotegraph.stages.mentions import find_mentions
from quotegraph.stages.names import build_entities
from quotegraph.stages.roles import attach_roles, role_lemma

SHARED = pathlib.Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_4fdcbfbf17fe8b61.txt"

ZHAMPETOVA = ('Об этом в беседе с Day.Az сказала казахстанский политолог, ассистент профессора кафедры '
              '"Медиакоммуникации и истории Казахстана" Международного университета информационных '
              'технологий Айгерим Жампетова.')
ASSISTANT = ('ассистент профессора кафедры "Медиакоммуникации и истории Казахстана" '
             'Международного университета информационных технологий')


def entities(text: str) -> list[Entity]:
    sents, spans = analyze_text(text)
    toks = [t for s in sents for t in s.tokens]
    ents = build_entities(text, toks, find_mentions(text, toks, spans))
    attach_roles(text, sents, ents)
    return ents


def person(ents: list[Entity], name: str) -> Entity:
    found = [e for e in ents if e.name == name]
    assert found, f"no entity {name!r} among {[e.name for e in ents]}"
    return found[0]


def roles(text: str, name: str) -> list[str]:
    return person(entities(text), name).roles


def check(text: str, name: str, expected: list[str]) -> None:
    assert roles(text, name) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Об этом заявил министр иностранных дел России Сергей Лавров.", "Сергей Лавров",
     ["министр иностранных дел России"]),
    ("Так например Президент Казахстана Касым-Жомарт Токаев подчеркнул это.", "Касым-Жомарт Токаев",
     ["президент Казахстана"]),
    ("Пресс-секретарь президента Дмитрий Песков ответил журналистам.", "Дмитрий Песков",
     ["пресс-секретарь президента"]),
    ("Помощник президента России по международным вопросам Юрий Ушаков рассказал об этом.", "Юрий Ушаков",
     ["помощник президента России по международным вопросам"]),
    ("Министр науки и высшего образования Валерий Фальков выступил на форуме.", "Валерий Фальков",
     ["министр науки и высшего образования"]),
    ('По мнению главного редактора журнала "Россия в глобальной политике" Федора Лукьянова, это важно.',
     "Фёдор Лукьянов", ['главный редактор журнала "Россия в глобальной политике"']),
    ("Урбанист Иван Иванов рассказал о городе.", "Иван Иванов", ["урбанист"]),  # not in roles.txt
])
def test_roles_before_name(text, name, expected):
    check(text, name, expected)


@pytest.mark.parametrize("text, name, expected", [
    (ZHAMPETOVA, "Айгерим Жампетова", ["казахстанский политолог", ASSISTANT]),
    ("Как отметил эксперт, министр Иванов ошибся.", "Иванов", ["министр"]),  # «эксперт» is not his
])
def test_roles_apposition_chain(text, name, expected):
    check(text, name, expected)


@pytest.mark.parametrize("text, name, expected", [
    ("Ильхам Алиев, президент Азербайджана, заявил о победе.", "Ильхам Алиев", ["президент Азербайджана"]),
    ("Алексей Навальный, оппозиционный политик, умер в колонии.", "Алексей Навальный", ["оппозиционный политик"]),
    ("Дональд Трамп, 47-й президент США, подписал указ.", "Дональд Трамп", ["47-й президент США"]),
])
def test_roles_after_name_with_comma(text, name, expected):
    check(text, name, expected)


def test_roles_in_brackets():
    check("Эксперт Ирина Петрова (политолог) считает иначе.", "Ирина Петрова", ["эксперт", "политолог"])


@pytest.mark.parametrize("text, name, expected", [
    ("Благодаря видению Президента Ильхама Алиева страна победила.", "Ильхам Алиев", ["президент"]),
    ("Лавров встретился с госсекретарем США Марко Рубио.", "Марко Рубио", ["госсекретарь США"]),
    ("По словам журналистки Анны Политковской, всё было иначе.", "Анна Политковская", ["журналистка"]),
    ("По словам российского политолога Алексея Макаркина, это ошибка.", "Алексей Макаркин", ["российский политолог"]),
    ("Экс-президента США Барака Обаму наградили.", "Барак Обама", ["экс-президент США"]),
])
def test_roles_head_and_adjectives_in_nominative(text, name, expected):
    check(text, name, expected)


@pytest.mark.parametrize("text, name, expected", [
    ("Российский политолог Алексей Макаркин считает, что это ошибка.", "Алексей Макаркин", ["российский политолог"]),
    ("Глава МИД РФ Сергей Лавров прилетел в Анкару.", "Сергей Лавров", ["глава МИД РФ"]),
    ("Генеральный секретарь ООН Антониу Гутерриш призвал к миру.", "Антониу Гутерриш", ["генеральный секретарь ООН"]),
])
def test_roles_lowercase_except_proper_names(text, name, expected):
    check(text, name, expected)


@pytest.mark.parametrize("text, name, expected", [
    ("Сергей Лавров прилетел в Анкару.", "Сергей Лавров", []),
    ("Полиция задержала Ивана Петрова в Москве.", "Иван Петров", []),
    ("Иван Петров, житель Москвы, был задержан.", "Иван Петров", []),  # a description, not a role
    ("Проект поддержал Сергей Иванов, который давно живёт в городе.", "Сергей Иванов", []),
])
def test_roles_none_when_none(text, name, expected):
    check(text, name, expected)


@pytest.mark.parametrize("text, name, expected", [
    ("Об этом сообщил адвокат Трампа Майкл Коэн.", "Майкл Коэн", []),  # «адвокат Трампа» holds a name
    ("Об этом сообщил адвокат Трампа Майкл Коэн.", "Трамп", []),       # Коэн is the lawyer
    ("По словам адвоката Трампа Майкла Коэна, сделка сорвалась.", "Трамп", []),
    ("Встреча помощника президента Владимира Путина прошла в Кремле.", "Владимир Путин", []),
    ("Владимир Путин и президент Франции Эммануэль Макрон провели переговоры.", "Владимир Путин", []),
    ("Владимир Путин и президент Франции Эммануэль Макрон провели переговоры.", "Эммануэль Макрон",
     ["президент Франции"]),
])
def test_roles_never_swallow_or_take_another_persons_role(text, name, expected):
    check(text, name, expected)


def test_roles_not_for_organisations_or_places():
    ents = entities("Глава МИД РФ Сергей Лавров и президент Казахстана Касым-Жомарт Токаев встретились в Астане.")
    others = [e for e in ents if e.type != "PER"]
    assert others and all(e.roles == [] and all(m.kind == "name" for m in e.mentions) for e in others)


def test_roles_phrase_becomes_a_nominal_mention():
    text = "Так например Президент Казахстана Касым-Жомарт Токаев подчеркнул это."
    e = person(entities(text), "Касым-Жомарт Токаев")
    nominal = [m for m in e.mentions if m.kind == "nominal"]
    assert [(m.text, text[m.start:m.end]) for m in nominal] == [("Президент Казахстана",) * 2]
    assert e.mentions == sorted(e.mentions, key=lambda m: m.start)


def test_roles_attach_twice_changes_nothing():
    text = "Благодаря видению Президента Ильхама Алиева страна победила."
    sents, spans = analyze_text(text)
    toks = [t for s in sents for t in s.tokens]
    ents = build_entities(text, toks, find_mentions(text, toks, spans))
    attach_roles(text, sents, ents)
    before = [(e.roles[:], e.mentions[:]) for e in ents]
    attach_roles(text, sents, ents)
    assert [(e.roles, e.mentions) for e in ents] == before


@pytest.mark.parametrize("word, case, lemma", [
    ("Президента", "Gen", "президент"),
    ("политолога", "Gen", "политолог"),
    ("урбанист", "Nom", "урбанист"),         # by its ending
    ("хип-хоп-исполнитель", "Nom", "исполнитель"),
    ("армии", "Gen", None),                  # in roles.txt (NEREL noise), but not a person
    ("политику", "Acc", None),               # «политику Трампа»: policy, not a politician
    ("Шредер", "Nom", None),                 # an ending like «-ер», but capitalised: a name
    ("мистер", "Nom", None),                 # a form of address, not a role
    ("житель", "Nom", None),
])
def test_roles_role_lemma(word, case, lemma):
    assert role_lemma(word, case) == lemma


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED} (../shared is not mounted)")
def test_roles_seed_article():
    text = SEED.read_text(encoding="utf-8")
    ents = entities(text)
    assert person(ents, "Касым-Жомарт Токаев").roles == ["президент Казахстана"]
    aliyev = person(ents, "Ильхам Алиев")
    assert aliyev.roles == ["президент"]
    assert [m.text for m in aliyev.mentions if m.kind == "nominal"] == \
        ["Президента", "Президента", "Президент", "Президента", "Президента"]
    assert person(ents, "Айгерим Жампетова").roles == ["казахстанский политолог", ASSISTANT]
    assert all(e.roles == [] for e in ents if e.type != "PER")
