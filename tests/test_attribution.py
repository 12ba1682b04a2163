"""Attribution patterns that hold on news the rules were not written for (issue 14).

Each case is one line in the marked format of test_quotes.py (``{c:...}`` content, ``{v:...}``
cue, ``{s:...}`` speaker mention), written with other words than the documents that showed the
pattern was missing. The expected speaker is the canonical name in the nominative.
"""
from __future__ import annotations

import math

import pytest

from test_quotes import ANY, analyzed, expect, quote_at


# --- cues the rules used to miss -----------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Мы ждали этого решения}, — {v:сказала} {s:Ольга Зимина}. — {c2:Теперь можно строить}».", "Ольга Зимина"),
    ("«{c:Кто за это заплатит}? — {v:спросил} {s:депутат Игорь Лебедев}. — {c2:Ответа пока нет}».", "Игорь Лебедев"),
    ("«{c:Сезон был трудным}! — {v:воскликнул} {s:Роман Жуков}. — {c2:Но мы справились}».", "Роман Жуков"),
    ("«{c:Ремонт школы закончен}, — {v:рассказал} первый заместитель главы администрации Центрального района "
     "{s:Олег Жуков}. — {c2:Дети вернутся в сентябре}».", "Олег Жуков"),
])
def test_attribution_quote_interrupted_by_a_sentence_of_the_author(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Тренер Андрей Волков} {v:признался}, что {c:команда не готова к сезону}.", "Андрей Волков"),
    ("{s:Фермеры Кубани} {v:опасаются}, что {c:засуха погубит урожай}.", "фермеры Кубани"),
    ("{s:Аналитик Павел Рыжов} {v:надеется}, что {c:ставку снизят в марте}.", "Павел Рыжов"),
    ("{s:Кардиологи} {v:уверены}, что {c:новый препарат безопасен}.", "кардиологи"),
    ("{s:Судья Марина Белова} {v:убеждена}, что {c:свидетель говорит правду}.", "Марина Белова"),
    ("{s:Посольство Италии} {v:подтвердило} что {c:двое туристов пропали в горах}.", "Посольство Италии"),
    ("{s:Министр Глеб Соколов} {v:не исключил}, что {c:налог повысят осенью}.", "Глеб Соколов"),
    ("{s:Пожарные} {v:пришли к заключению}, что {c:огонь начался в подвале}.", "пожарные"),
    ("{s:Арбитражный суд} {v:постановил}, что {c:компания вернёт долг}.", "Арбитражный суд"),
])
def test_attribution_reported_clause_after_a_cue_the_rules_missed(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Мэр Олег Кравцов} {v:призвал} горожан {c:не пользоваться машинами в выходные}.", "Олег Кравцов"),
    ("{s:Авиаперевозчики} {v:намерены} {c:поднять цены на билеты}.", "авиаперевозчики"),
])
def test_attribution_request_or_intention_keeps_its_negation(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Врач Нина Лосева} {v:посоветовала} пациентам {c:по возможности реже выходить на мороз}.", "Нина Лосева"),
    ("{s:Губернатор Олег Рыбин} {v:попросил} жителей области {c:в ближайшие выходные воздержаться от поездок}.",
     "Олег Рыбин"),
])
def test_attribution_a_request_reaches_past_its_addressee_and_adverbs(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text", [
    "«Я думаю, что к весне цены стабилизируются», — сказал экономист Лев Орлов.",
    "«Мы надеемся, что мост откроют летом», — заявил глава района Пётр Белов.",
])
def test_attribution_a_speakers_own_belief_inside_the_quote_is_no_second_quote(text):
    assert len(analyzed(text)["quotes"]) == 1


@pytest.mark.parametrize("marked, speaker", [
    ("Директор музея Анна Светлова выступила на форуме. {v:По её убеждению}, {c:музеи должны быть бесплатными}.",
     "Анна Светлова"),
    ("{v:По заявлениям} {s:пресс-службы аэропорта}, {c:рейс отложен из-за тумана}.", "пресс-служба аэропорта"),
])
def test_attribution_according_to_with_any_noun_of_speech(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("text", [
    "Пожар в Самаре: эвакуированы сорок человек",  # a headline's topic before the colon
    "Наводнение на Кубани: подтоплены три посёлка",
    "Годовщина гибели Виктора Цоя: поклонники собрались у стены",  # the person is the topic
    "Банк повысил тарифы для клиентов «большой четвёрки» операторов.",  # a term in marks
    "Об этом пишет «Российская газета».",  # the outlet's name in marks
])
def test_attribution_topics_terms_and_names_are_not_quotes(text):
    assert analyzed(text)["quotes"] == [], text


@pytest.mark.parametrize("text", [
    "Болельщики рады, что сезон начнётся вовремя.",
    "Директор гордится тем, что школа заняла первое место.",
    "Жители признательны волонтёрам, что те расчистили дорогу.",
])
def test_attribution_what_a_feeling_is_about_is_no_claim(text):
    assert analyzed(text)["quotes"] == [], text


@pytest.mark.parametrize("text, term", [
    ("Аналитик считает, что экономика вышла на путь «устойчивого роста» ещё весной.", "устойчивого роста"),
    ("Многие приписывают ему авторство «теории малых дел», сказал биограф.", "теории малых дел"),
    ("Продюсер сообщил, что театр покажет спектакль «Вишнёвый сад» в декабре.", "Вишнёвый сад"),
])
def test_attribution_a_term_or_title_a_noun_governs_is_no_quote_of_its_own(text, term):
    assert all(q["text"] != term for q in analyzed(text)["quotes"]), analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, speaker", [
    ("{s:МЧС}{v::} {c:уровень воды в реке начал снижаться}", "МЧС"),
    ("{s:Росстат}{v::} {c:инфляция в мае замедлилась до пяти процентов}", "Росстат"),
])
def test_attribution_a_headline_opening_with_its_source(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{c:«Аэрофлот» увеличит число рейсов в Сочи}, {v:сообщил} {s:гендиректор компании Сергей Александровский}.",
     "Сергей Александровский"),
    ("{c:«Зенит» продлил контракт с вратарём до 2027 года}, {v:сообщила} {s:пресс-служба клуба}.", "пресс-служба клуба"),
])
@pytest.mark.xfail(strict=True, reason="a clause that opens with a quotation mark is left to the rules for quotes in marks; "
                   "letting the trailing cue take it when the marks close early found 1 more gold quote and more false "
                   "ones (cross-validated extraction F1 0.853 → 0.851), so it is not done")
def test_attribution_a_clause_opening_with_a_name_in_marks_is_signed_off_after_it(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text", [
    "Как сообщается, мост откроют после ремонта.",
    "Как выяснилось, пожар начался из-за проводки.",
    "Как отмечается, цены на овощи снизились.",
])
def test_attribution_an_impersonal_as_phrase_names_no_source_and_makes_no_quote(text):
    assert analyzed(text)["quotes"] == [], text


def test_attribution_no_quote_without_a_source_or_by_request():
    for text in ("Сообщалось, что завод закроют к зиме.", "По просьбе родственников похороны перенесли.",
                 "Его считают лучшим вратарём мира.", "Компания назвала сроки запуска.",
                 "Суд признал его виновным в мошенничестве.", "Это выяснилось, когда проверили счета."):
        assert analyzed(text)["quotes"] == [], text


# --- coreference for sources ---------------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("Газета «Вечерний город» взяла интервью у ректора МГУ Виктора Садовничего. "
     "{v:По данным} {s:издания}, {c:набор студентов вырастет}.", "Вечерний город"),
    ("Агентство Bloomberg опросило экономистов Сбербанка. {v:Как сообщает} {s:агентство}, {c:инфляция замедлится}.",
     "Bloomberg"),
    ("Президент Франции Эммануэль Макрон прибыл в Берлин. {s:Глава государства} {v:заявил}, что {c:союз устоит}.",
     "Эммануэль Макрон"),
    ("Певица Валерия Лунина дала концерт в Казани. {s:Артистка} {v:рассказала}, что {c:готовит новый альбом}.",
     "Валерия Лунина"),
    ("Пожар потушили за час, пишет «Северный вестник». {s:Издание} {v:уточняет}, что {c:никто не пострадал}.",
     "Северный вестник"),  # what «пишет» or «сообщает» before its name is an outlet
])
def test_attribution_description_resolves_to_the_entity_it_describes(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Решение окончательное}», — {v:сказал} {s:собеседник агентства}. Министр Илья Котов промолчал.",
     "собеседник агентства"),
    ("В {s:пресс-службе министерства} {v:заявили}, что {c:проверка завершена}.", "пресс-служба министерства"),
    ("{s:Брат футболиста Сергея Орлова} {v:сообщил}, что {c:семья ждёт новостей из больницы}.",
     "брат футболиста Сергея Орлова"),
    ("{s:Родственники погибшей альпинистки Нины Зуевой} {v:заявили}, что {c:подадут иск к турфирме}.",
     "родственники погибшей альпинистки Нины Зуевой"),
])
def test_attribution_a_description_of_someone_elses_associate_stays_a_description(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [  # as the guideline names a source: the owner by name
    ("Губернатор Олег Мухин посетил завод. {s:Пресс-секретарь губернатора} {v:сообщил}, что {c:визит продлится два дня}.",
     "пресс-секретарь Олега Мухина"),
    ("Министр Анна Серова открыла форум. {s:Советник министра} {v:рассказал}, что {c:итоги подведут в мае}.",
     "советник Анны Серовой"),
    ("Теннисист Игорь Лавров снялся с турнира. {s:Тренер спортсмена} {v:пояснил}, что {c:травма несерьёзная}.",
     "тренер Игоря Лаврова"),
])
def test_attribution_an_associate_is_named_after_the_owner_named_before(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Помощник министра Анны Лебедевой {s:Олег Дымов} {v:заявил}, что {c:реформу отложат}.", "Олег Дымов"),
    ("Тренер клуба «Ротор» {s:Иван Гусев} {v:сказал}, что {c:сезон будет трудным}.", "Иван Гусев"),
    ("{c:Рост цен замедлится к осени}. Об этом {v:сказала} экономист, доцент кафедры финансов Ташкентского "
     "университета {s:Гульнара Исмаилова}.", "Гульнара Исмаилова"),
])
def test_attribution_the_name_in_apposition_speaks_not_the_one_in_the_genitive(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Министр Илья Фомин посетил завод. Позже {s:президент} {v:заявил}, что {c:завод получит заказы}.", "президент"),
    ("Губернатор Олег Мухин открыл мост. {s:Мэр} {v:сказал}, что {c:пробки исчезнут}.", "мэр"),
    ("Премьер-министр Ян Новак прибыл в Прагу. {s:Премьер} {v:сообщил}, что {c:кабинет уйдёт в отставку}.",
     "Ян Новак"),
])
def test_attribution_a_title_names_its_own_holder_not_another_leader(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Фермеры}, вышедшие на протест в среду утром, {v:заявляют}, что {c:цены на топливо разорят их}.", "фермеры"),
    ("{s:Шахтёры}, бастовавшие с начала марта, {v:утверждают}, что {c:зарплату задерживают полгода}.", "шахтёры"),
])
def test_attribution_a_time_is_never_the_body_a_plural_cue_speaks_through(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Группа {s:врачей} {v:подтвердила}, что {c:вакцина безопасна для детей}.", ANY),
    ("Часть {s:депутатов} {v:считает}, что {c:закон нужно отложить}.", ANY),
])
def test_attribution_people_counted_by_a_noun_of_quantity_are_a_source(marked, speaker):  # «врачи» or «группа врачей»
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Мэр Ольга Зуева} {v:выразила пожелание}, чтобы {c:горожане чаще ездили на трамваях}.", "Ольга Зуева"),
    ("{s:Экономист Лев Гранин} {v:выразил опасение}, что {c:кредиты подорожают}.", "Лев Гранин"),
])
def test_attribution_collocations_of_wish_and_fear_report_their_clause(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Фермеры и экологи} {v:уверяют}, что {c:комбинат загрязняет озеро}.", "фермеры и экологи"),
    ("{s:Жена и адвокат Петра Власова} {v:утверждают}, что {c:он невиновен}.", "жена и адвокат Петра Власова"),
])
def test_attribution_two_descriptions_joined_by_and_are_one_source(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Свидетельница {s:Ирина Котова}, {v:уверявшая}, что {c:видела стрелка}, позже изменила показания.",
     "Ирина Котова"),
])
def test_attribution_a_participles_clause_ends_where_the_sentence_goes_on(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:Как рассказал} {s:Олег Дроздов}, главный инженер порта, {c:новый причал примет суда в августе}.",
     "Олег Дроздов"),
    ("{v:Как пояснила} {s:Вера Ушакова}, представитель фонда, который собирает деньги, {c:сбор продлится до весны}.",
     "Вера Ушакова"),
])
def test_attribution_a_role_set_off_after_the_source_is_not_what_it_said(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{c:Выставка в Эрмитаже продлится до марта}. Об этом {v:сообщил} директор музея {s:Михаил Пиотровский}, "
     "который открыл её в субботу.", "Михаил Пиотровский"),
    ("{c:Сборная вышла в финал турнира}. Об этом {v:рассказал} {s:тренер команды Юрий Сёмин}, чей контракт истекает летом.",
     "Юрий Сёмин"),
])
def test_attribution_a_clause_about_the_source_is_not_its_words(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{c:Трассу М-4 открыли после ремонта}, {v:сообщило} в пятницу, 3 июня, {s:управление ГИБДД по Ростовской области}.",
     ANY),
])
def test_attribution_a_date_set_off_by_commas_keeps_the_sign_off(marked, speaker):
    expect(marked, speaker, "indirect")


# --- patterns of issue 14, part 4 (each in other words than the examples) ----------------
@pytest.mark.parametrize("marked, speaker", [
    ("{s:Вице-мэр Ольга Лесная} {v:сказала} корреспондентам, что {c:метро продлят до аэропорта}.", "Ольга Лесная"),
    ("{s:Ректор Павел Гусев} {v:рассказал} «Известиям», что {c:общежития отремонтируют}.", "Павел Гусев"),
    ("«{c:Пострадавших нет}», — {v:сообщили} «Интерфаксу» в {s:пресс-службе МЧС}.", "пресс-служба МЧС"),
    ("{v:Как рассказал} журналистам {s:близкий друг актрисы Марии Ковалёвой}, {c:свадьба пройдёт в июне}.",
     "близкий друг актрисы Марии Ковалёвой"),
    ("{v:Как сообщил} телеканалу НТВ {s:сосед погибшего водителя Ильи Жукова}, {c:авария случилась ночью}.",
     "сосед погибшего водителя Ильи Жукова"),
])
def test_attribution_a_dative_addressee_is_never_the_speaker(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Виктор Рябов} покинул пост, {v:заявив}, что {c:устал от политики}.", "Виктор Рябов"),
    ("{s:Инженер Семён Гаврилов} ответил на вопросы, {v:уточнив}, что {c:ремонт займёт месяц}.", "Семён Гаврилов"),
    ("{s:Хирург Нина Орлова}, {v:отметившая}, что {c:операция прошла успешно}, покинула клинику.", "Нина Орлова"),
])
def test_attribution_gerund_and_participle_cues(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Эколог Дарья Смирнова} {v:назвала} вырубку парка {c:преступлением}.", "Дарья Смирнова"),  # the word said
    ("{s:Профсоюз} {v:считает} {c:реформу несправедливой}.", "профсоюз"),
    ("{s:Мэр Олег Кравцов} {v:назвал} его {c:настоящим героем}.", "Олег Кравцов"),
    ("{s:Актриса Ирина Белова} {v:призналась}, что {c:боится высоты}.", "Ирина Белова"),
    ("В {s:Минздраве} {v:уверены}, что {c:эпидемия пошла на спад}.", "Минздрав"),
    ("В {s:Минтрансе} {v:считают}, что {c:тарифы пора пересмотреть}.", "Минтранс"),
])
def test_attribution_naming_believing_and_ministries_that_believe(marked, speaker):
    expect(marked, speaker)


def test_attribution_colon_lead_in_with_an_addressee_takes_the_next_paragraph():
    text = ("Главный тренер Сергей Лосев сказал журналистам после игры:\n"
            "Мы проиграли заслуженно и будем работать над ошибками.")
    [q] = analyzed(text)["quotes"]
    assert q["text"].startswith("Мы проиграли") and q["speaker"]["name"] == "Сергей Лосев"


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Прокурор округа Марин Роберт Грин} {v:заявил}, что {c:дело передадут в суд}.", "Роберт Грин"),
    ("{s:Шериф округа Тревис Дэн Уокер} {v:сообщил}, что {c:подозреваемый задержан}.", "Дэн Уокер"),
])
def test_attribution_a_place_inside_a_title_is_not_a_person(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Выплаты начнутся в мае}», — {v:говорится} в сообщении компании «{s:Ростелеком}».", "Ростелеком"),
    ("На сайте {s:Мосгордумы} {v:значится}, что {c:заседание перенесено}.", "Мосгордума"),
    ("{v:Согласно} показаниям {s:сотрудника полиции}, {c:водитель был пьян}.", "сотрудник полиции"),
])
def test_attribution_documents_and_sites_speak_for_their_authors(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Денег в бюджете нет}», — {v:цитирует} «РБК» министра финансов {s:Антона Иванова}.", "Антон Иванов"),
    ("Министр Антон Иванов выступил в Думе. «{c:Мы не отступим}», — {v:приводит его слова} «Коммерсантъ».",
     "Антон Иванов"),
    ("Слова губернатора {s:Петра Орлова} {v:передаёт} ТАСС: «{c:Дорогу достроят к осени}».", "Пётр Орлов"),
    ("{c:Цены на бензин вырастут}, {v:сообщает} {s:ТАСС}.", "ТАСС"),
    ("{c:Выборы перенесут на осень}, {v:пишет} {s:газета «Ведомости»}.", "Ведомости"),
    ("Тренер Олег Киселёв дал интервью. «{c:Сезон провален}», — {v:цитируют} {s:Киселёва} спортивные издания.", "Олег Киселёв"),
    ("«{c:Мост откроют в мае}», — {v:приводит слова} мэра {s:Ильи Зотова} местная газета.", "Илья Зотов"),
])
def test_attribution_an_outlet_relaying_words_is_not_their_speaker(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Депутат Игорь Сидоров выступил в Думе. «{c:Закон нужен}», — {v:цитируют} {s:Сидорова} СМИ.", "Игорь Сидоров"),
    ("«{c:Я остаюсь}», — {v:приводят слова} {s:Ковалёвой} журналисты. Анна Ковалёва — тренер сборной.", "Анна Ковалёва"),
])
def test_attribution_the_speaker_is_named_in_the_nominative(marked, speaker):
    expect(marked, speaker)


# --- more mechanisms found missing on the annotated documents ------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("{s:Критик} {v:назвал} фильм «{c:скучным}», «{c2:затянутым}» и «{c3:пустым}».", "критик"),
    ("{s:Болельщики} начали {v:скандировать}: «{c:Вперёд!}», «{c2:Победа!}».", "болельщики"),
    ("Слышно, как {s:охранник} {v:кричит} «{c:Все на выход}».", "охранник"),
])
def test_attribution_fragments_and_shouts_after_one_cue(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("Компания закрыла склад в Самаре ({v:по её словам}, {c:аренда стала слишком дорогой}) и уволила сорок человек.",
     ANY),
    ("{c:Цех простоит до конца месяца}. Это {v:сообщил} директор завода {s:Игорь Сомов}.", "Игорь Сомов"),
    ("{s:Министр Лев Гуров} поспешил {v:заявить}, что {c:отставки не будет}.", "Лев Гуров"),
    ("«{c:Спрос упал вдвое}, — {v:продолжает} {s:Юрий Белов}. — {c2:Склады переполнены}».", "Юрий Белов"),
])
def test_attribution_brackets_lead_sentences_infinitives_and_weak_verbs(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Глава района Олег Пахомов} {v:сообщил}, что {c:мост открыт}, и {v2:призвал} водителей {c2:не спешить}.",
     "Олег Пахомов"),
    ("{s:Посол} {v:отметил}, что {c:переговоры идут трудно}, и что {c2:стороны близки к соглашению}.", "посол"),
    ("{s:Минск} {v:считает}, что {c:долг погашен}, а Москва уверена, что долг остался.", "Белоруссия"),  # a capital speaks for its state
])
def test_attribution_one_sentence_two_reports(marked, speaker):
    expect(marked, speaker)


# --- names of speakers ---------------------------------------------------------------------------
@pytest.mark.parametrize("marked, speaker", [
    ("Спринтер Ноа Лайлз победил в финале. Шелли-Энн Фрейзер заняла второе место. "
     "«{c:Мне не хватило сил}», — {v:сказала} {s:она}.", "Шелли-Энн Фрейзер"),  # her gender from «заняла»
    ("Центральная избирательная комиссия объявила итоги. {s:ЦИК} {v:сообщила}, что {c:явка составила 60 процентов}.",
     "Центральная избирательная комиссия"),
    ("Министерство обороны провело учения. В {s:Минобороны} {v:заявили}, что {c:учения завершены}.",
     "Министерство обороны"),
    ("Аналитик Питер Ринн выступил в Сиднее. {v:По словам} {s:Ринна}, {c:рынок растёт}.", "Питер Ринн"),
])
def test_attribution_a_speaker_goes_by_the_fullest_name_of_the_article(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Управление Росреестра по Калужской области} {v:сообщило}, что {c:приём документов возобновлён}.",
     "управление Росреестра по Калужской области"),  # not a name the NER knows: a description, as written
    ("{s:Прокуратура Кировского района Уфы} {v:сообщила}, что {c:иск направлен в суд}.",
     "Прокуратура Кировского района Уфы"),
    ("{v:Как сообщили} в {s:Управлении МЧС по Алтайскому краю}, {c:паводок пошёл на спад}.",
     "Управление МЧС по Алтайскому краю"),
    ("{s:Департамент образования Казани} {v:заявил}, что {c:занятия перенесут на неделю}.",
     "Департамент образования Казани"),
    ("{s:Сбербанк} {v:сообщил} вкладчикам, что {c:ставки останутся прежними}.", "Сбербанк"),  # no place: the name alone
])
def test_attribution_a_body_is_named_with_the_body_and_region_it_belongs_to(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:По данным} {s:МИДа Латвии}, {c:посольство работает}.", "МИД Латвии"),
    ("{v:Как сообщили} в {s:пресс-службе ОМОНа}, {c:задержаны трое}.", "пресс-служба ОМОНа"),  # a description keeps its words
    ("{v:По словам} пресс-секретаря ФСИН {s:Анны Котовой}, {c:заключённый здоров}.", "Анна Котова"),
    ("{v:По словам} представителя ВОЗ {s:Лиама Бёрна}, {c:вакцин хватит всем}.", "Лиам Бёрн"),
])
def test_attribution_abbreviations_keep_their_capitals_and_a_role_holder_named_after_the_body_speaks(marked, speaker):
    expect(marked, speaker, "indirect")


# --- what the speaker model sees of a candidate against the others ------------------------------
def candidate(name, entity, tokens_to_cue):
    from quotegraph.stages.speaker_candidates import Candidate
    from quotegraph.stages.speakers import Speaker

    return Candidate(Speaker(name, entity, None, None), "name" if entity else "description", None,
                     {"abs_tokens_to_cue": abs(tokens_to_cue), "tokens_to_cue": tokens_to_cue})


@pytest.mark.parametrize("values, expected", [
    ([3.0, 1.0, 2.0], [2, 0, 1]),
    ([5.0, 5.0, 0.0], [1, 1, 0]),
    ([], []),
])
def test_attribution_ranks_count_the_smaller_values(values, expected):
    from quotegraph.stages.speaker_candidates import ranks
    assert ranks(values) == expected


@pytest.mark.parametrize("feature, expected", [
    ("dist_rank", [1.0, 0.0, 2.0, 3.0]),
    ("before_rank", [0.0, math.nan, 1.0, math.nan]),
    ("named_rank", [0.0, math.nan, 1.0, 2.0]),
    ("mentions_rank", [0.0, math.nan, 1.0, 0.0]),
    ("most_mentioned", [1.0, 0.0, 0.0, 1.0]),
    ("same_name", [1.0, 0.0, 0.0, 1.0]),
])
def test_attribution_relative_features_place_a_candidate_among_the_others(feature, expected):
    from quotegraph.model import Entity, Mention
    from quotegraph.stages.speaker_candidates import relative_features

    def entity(eid, n):
        return Entity(eid, "PER", eid, mentions=[Mention(k, k + 1, "x", "name") for k in range(n)])
    cands = [candidate("Нина Орлова", "e1", -4), candidate("эксперт", None, 2), candidate("Юрий Лавров", "e2", -9),
             candidate("Нина Орлова", "e1", 12)]
    relative_features(cands, {"entities": {"e1": entity("e1", 3), "e2": entity("e2", 1)}, "top_mentions": 3})
    got = [c.features[feature] for c in cands]
    assert [("nan" if math.isnan(v) else v) for v in got] == [("nan" if math.isnan(v) else v) for v in expected]


# --- who the speaker model may choose -------------------------------------------------------------
def _candidate(name: str, kind: str, at: int):
    from quotegraph.nlp import Token
    from quotegraph.stages.speaker_candidates import Candidate
    from quotegraph.stages.speakers import Speaker

    return Candidate(Speaker(name, "e1" if kind == "name" else None, None), kind, Token(at, at + 5, name[:5], "PROPN", {}))


@pytest.mark.parametrize("rule, mention, kept", [
    ("Ольга Шульц и Жан Дюпон", None, ["представитель"]),  # a joint source carried on: its members go
    ("Ольга Шульц и Жан Дюпон", (0, 40), ["представитель"]),  # named in its phrase: the names inside go
    ("представитель партии Шульц", (0, 30), ["представитель"]),  # the owner inside a description goes
    ("Ольга Шульц", (0, 11), ["Ольга Шульц", "Жан Дюпон", "представитель"]),  # a person: all stay
])
def test_attribution_names_inside_the_rules_source_are_no_candidates_of_their_own(rule, mention, kept):
    from quotegraph.model import Mention
    from quotegraph.stages.speaker_candidates import SpeakerCandidates
    from quotegraph.stages.speakers import Speaker

    cands = [_candidate("Ольга Шульц", "name", 0), _candidate("Жан Дюпон", "name", 20),
             _candidate("представитель", "description", 50)]
    m = Mention(*mention, "x" * (mention[1] - mention[0]), "name") if mention else None
    speaker = Speaker(rule, "e1" if rule == "Ольга Шульц" else None, m)
    assert [c.speaker.name for c in SpeakerCandidates.without_parts(speaker, cands)] == kept


@pytest.mark.parametrize("marked, speaker", [
    ("Писатель Олег Рябов выступил в Твери. {s:Лауреат литературной премии} {v:сказал}, что {c:книга выйдет весной}.",
     "Олег Рябов"),
    ("Хоккеист Денис Котов провёл сотый матч. {s:Капитан сборной} {v:признался}, что {c:устал от перелётов}.",
     "Денис Котов"),
    ("В субботу Дарья Котова провела сотый матч. {s:Капитан сборной} {v:призналась}, что {c:устала от перелётов}.",
     "Дарья Котова"),  # a masculine title names a woman when its verb does
    ("Врач Игорь Белов осмотрел пациента. {s:Знакомый семьи} {v:сказал}, что {c:мальчик поправится}.", "знакомый семьи"),
    ("Пожар начался на улице Кирова. {s:Корреспондент телеканала «Восток»} {v:сообщил}, что {c:жильцов эвакуировали}.",
     "корреспондент телеканала «Восток»"),
])
def test_attribution_a_description_with_its_complement_is_the_person_spoken_of(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Тренер Максим Лодыгин похвалил команду. «{c:Мы играли смело и умно}», — и {v:добавил}, что {c2:впереди финал}.",
     "Максим Лодыгин"),
    ("Певица Анна Рыкова дала интервью. «{c:Гастроли пройдут осенью}», — и {v:уточнила}, что {c2:билеты уже продают}.",
     "Анна Рыкова"),
    ("{s:Мэр Игорь Лунёв} {v:сказал}, что {c:«мост откроют в мае»}, и пообещал ускорить ремонт дорог.", "Игорь Лунёв"),
])
def test_attribution_a_verb_without_a_subject_speaks_for_the_one_named_before(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Глава холдинга «Северсталь» Алексей Мордашов приехал в Вологду. {s:Глава холдинга «Северсталь»} {v:сказал}, "
     "что {c:завод расширят}.", "Алексей Мордашов"),
    ("Директор фонда «Живая вода» Нина Осипова открыла приют. {s:Директор фонда «Живая вода»} {v:уверена}, что "
     "{c:приют примет сто собак}.", "Нина Осипова"),
    ("{s:Телеканал «Звезда»} {v:сообщил}, что {c:учения завершились}.", "Звезда"),
])
def test_attribution_a_role_of_a_body_named_in_marks_is_a_person_not_the_body(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Токио} {v:заявил}, что {c:переговоры продолжатся}.", "Япония"),
    ("{v:По словам} {s:Анкары}, {c:граница останется закрытой}.", "Турция"),
    ("Власти Ирана ответили на санкции. {s:Тегеран} {v:считает}, что {c:они незаконны}.", "Иран"),
    ("В {s:Париже} {v:считают}, что {c:выставку перенесут}.", "Париж"),
])
def test_attribution_a_capital_that_speaks_stands_for_its_state(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Совет директоров собрался в среду. Сам {s:Пётр Сомов} оказался сдержаннее: «{c:Мы подождём решения суда. "
     "Спешить некуда}».", "Пётр Сомов"),
    ("Вечером {s:Газпром} разослал партнёрам письмо: «{c:Поставки возобновятся в понедельник}».", "Газпром"),
])
def test_attribution_sentences_after_a_colon_are_the_words_of_the_clauses_subject(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("text", [
    "Вечером в городе открылась выставка под названием: «Старые улицы».",
])
def test_attribution_a_title_after_a_colon_is_not_a_quote(text):
    assert analyzed(text)["quotes"] == []


@pytest.mark.parametrize("text, wrong", [
    ("Министр Иван Лосев уволен, подтвердило в пятницу, 3 марта 2020 года, правительство после публикации указа.",
     "Иван Лосев"),
    ("Певица Ольга Ким покинула группу, сообщил во вторник, 4 мая 2021 года, продюсер после концерта.", "Ольга Ким"),
])
def test_attribution_a_cue_set_off_by_commas_never_speaks_for_the_name_before_it(text, wrong):
    assert all(q["speaker"]["name"] != wrong for q in analyzed(text)["quotes"]), analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, source", [
    ("Вчера агентство Bloomberg опубликовало обзор рынка. В обзоре {v:отмечено}, что {c:нефть подешевеет к зиме}.",
     "Bloomberg"),
    ("На сайте {s:Минобороны} {v:указано}, что {c:учения продлятся неделю}.", "Минобороны"),
])
def test_attribution_an_impersonal_passive_speaks_for_its_document(marked, source):
    rec, case = expect(marked, ANY, "indirect")
    _, q = quote_at(rec, case.quotes[1]["c"])
    assert source in (q["speaker"]["name"] or ""), q["speaker"]


@pytest.mark.parametrize("text", [
    "Раньше было сказано, что проверка завершена.",
    "Сказано — сделано: мост построили за год.",
])
def test_attribution_an_impersonal_passive_with_no_document_names_no_source(text):
    assert analyzed(text)["quotes"] == []


@pytest.mark.parametrize("marked, speaker", [
    ("Спасатели осмотрели завал. По {s:их} словам, {c:под плитами никого нет}.", "спасатели"),
    ("МВД и ФСБ проверили сообщение. {s:Они} {v:заявили}, что {c:угрозы не было}.", "МВД и ФСБ"),
    ("Жители посёлка и фермеры вышли на площадь. {s:Они} {v:требуют}, чтобы {c:свалку закрыли}.", "жители посёлка и фермеры"),
])
def test_attribution_they_stand_for_the_plural_subject_before(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Рынок перегрет}», — {v:отметил} {s:один из аналитиков банка}.", "один из аналитиков банка"),
    ("{v:По словам} {s:одной из участниц протеста}, {c:полиция задержала десять человек}.", "одна из участниц протеста"),
    ("Министр Глеб Орлов уехал в Сочи. {v:По словам} {s:одного из помощников министра}, {c:визит продлится неделю}.",
     "один из помощников Глеба Орлова"),
])
def test_attribution_one_of_many_stays_one(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Фермеры}, продавшие зерно в «Агрохолдинг» по низкой цене прошлым летом, {v:требуют}, чтобы "
     "{c:им вернули деньги}.", "фермеры"),
    ("{s:Либералы}, получившие новые места в Бундестаге после весенних выборов, {v:заявили}, что "
     "{c:поддержат коалицию}.", "либералы"),
])
def test_attribution_a_body_named_inside_the_subjects_clause_does_not_speak_for_it(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("«{c:Сделка закрыта}», — {v:цитирует} «Интерфакс» {s:директора завода}.", "директор завода"),
    ("«{c:Цены не вырастут}», — {v:приводит ТАСС слова} {s:губернатора}.", "губернатор"),
    ("Тренер Олег Силин дал интервью. «{c:Мы готовы к финалу}», — {v:цитирует} {s:его} «Спорт-Экспресс».",
     "Олег Силин"),
])
def test_attribution_an_outlet_that_quotes_someone_is_not_the_speaker(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("В {s:пресс-службе «Ростелекома»} «Интерфаксу» {v:пояснили}, что {c:сбой устранён}.", "пресс-служба «Ростелекома»"),
    ("{c:Сбой в сети устранён к утру}, {v:сообщили} ТАСС в {s:пресс-службе «Ростелекома»}.", "пресс-служба «Ростелекома»"),
    ("{v:Как рассказали} РИА Новости в {s:пресс-службе суда}, {c:заседание перенесли на май}.", "пресс-служба суда"),
    ("В {s:Росгидромете} ТАСС {v:заявили}, что {c:морозы продлятся неделю}.", "Росгидромет"),
])
def test_attribution_an_outlet_told_beside_a_source_in_a_place_is_not_the_speaker(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Собеседник, осведомлённый о ходе сделки}, {v:пояснил}, что {c:банк откажется от покупки}.",
     "собеседник, осведомлённый о ходе сделки"),
    ("{v:По словам} {s:источника, близкого к руководству клуба}, {c:тренера уволят летом}.",
     "источник, близкий к руководству клуба"),
    ("«{c:Банк откажется от покупки}», — {v:уточнил} {s:источник, знакомый с условиями контракта}.",
     "источник, знакомый с условиями контракта"),
])
def test_attribution_an_anonymous_source_keeps_the_modifier_set_off_after_it(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Журнал Der Spiegel пишет, что у него нашли деньги.\n\n{s:Источник}, знакомый с делом, {v:сообщил} агентству "
     "Reuters, что {c:Браун, вероятно, покинет страну}.", "источник, знакомый с делом"),
])
def test_attribution_a_body_named_after_a_dative_is_told_not_the_speaker(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:Как считают} {s:аналитики «Финам»}, {c:рубль укрепится к лету}.", "аналитики «Финам»"),
    ("{v:По мнению} {s:экспертов «Газпромбанка»}, {c:спрос на жильё упадёт}.", "эксперты «Газпромбанка»"),
])
def test_attribution_people_of_a_body_named_in_marks_are_the_source_not_the_body(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:По данным} {s:источника «Коммерсанта» в мэрии}, {c:тендер отменят}.", "источник «Коммерсанта» в мэрии"),
    ("{s:Собеседник ТАСС в оборонном ведомстве} {v:уточнил}, что {c:учения перенесут}.",
     "собеседник ТАСС в оборонном ведомстве"),
    ("{v:Как пояснили} в {s:городском управлении образования}, {c:занятия возобновятся в среду}.",
     "городское управление образования"),
])
def test_attribution_an_anonymous_or_local_source_is_named_in_full(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Банк «Восток» закрыл отделение. «{c:Клиентов обслужат в соседнем офисе}», — {v:говорится} в сообщении банка.",
     "Банк «Восток»"),
])
def test_attribution_a_document_of_a_body_named_by_its_kind_speaks_for_the_body(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:Как рассказали} «Интерфаксу» {s:очевидцы}, {c:взрыв прогремел около полуночи}.", "очевидцы"),
    ("{v:Как уточнили} РИА Новости {s:источники в прокуратуре}, {c:обвинение предъявят завтра}.",
     "источники в прокуратуре"),
])
def test_attribution_an_outlet_told_before_the_source_is_not_the_speaker(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text, wrong", [
    ("Депутат Олег Рябов ответил критикам. В своем микроблоге Twitter он написал, что никого не оскорблял.", "Twitter"),
    ("Актриса Вера Лисина удивила поклонников. На странице в Instagram она сообщила, что ждёт ребёнка.", "Instagram"),
])
def test_attribution_a_platform_named_in_a_place_phrase_is_not_the_speaker(text, wrong):
    assert all(q["speaker"]["name"] != wrong for q in analyzed(text)["quotes"]), analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, speaker", [
    ("Газета «Заря» вышла утром. Местные {s:издания} {v:пишут}, что {c:мост закроют на ремонт}.", "местные издания"),
])
def test_attribution_a_plural_kind_of_body_is_not_the_one_body_named_before(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Тренер Серены Уильямс Рик Мацци} {v:сказал}, что {c:она готова к турниру}.", "Рик Мацци"),
    ("{s:Агент Джонни Деппа Жан Моро} {v:заявила}, что {c:актёр вернётся в кино}.", "Жан Моро"),
])
def test_attribution_of_two_names_after_a_role_the_second_holds_it(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    # names whose look misleads («Прит» reads as a feminine genitive): their verbs show the gender
    ("Судья Прит Кумар заметил, что дело сложное. «{c:Приговор вынесут в мае}», — {v:добавил} {s:судья}.",
     "Прит Кумар"),
    ("Посол Эд Мартин прилетел в Минск. «{c:Переговоры будут долгими}», — {v:сказал} {s:посол}.", "Эд Мартин"),
])
def test_attribution_a_persons_gender_is_what_their_verbs_show(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("Ольга Миронова возглавила городскую больницу. Миронова двадцать лет проработала хирургом. Новый {s:руководитель "
     "больницы} {v:пообещала}, что {c:очереди сократятся}.", "Ольга Миронова"),
])
def test_attribution_a_head_of_a_body_is_the_person_spoken_of_before(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("{v:Слова} {s:губернатора} на совещании: «{c:Школу откроют к сентябрю}».", "губернатор"),
    ("{v:Комментарий} {s:Минтранса}: «{c:Тарифы останутся прежними}».", "Минтранс"),
])
def test_attribution_whose_words_a_colon_lead_in_names_speak(marked, speaker):
    expect(marked, speaker, "direct")


@pytest.mark.parametrize("marked, speaker", [
    ("Сенатор Пол Грин умер в пятницу, сообщил телеканал NBC. О смерти сенатора объявила его вдова. {s:Она} {v:сказала}, "
     "что {c:муж болел давно}.", "вдова Пола Грина"),
    ("Губернатор Иван Лосев приехал в посёлок. Пожилая женщина вышла к воротам. {s:Она} {v:пожаловалась}, что {c:дорогу "
     "не чинят}.", "пожилая женщина"),
])
def test_attribution_a_pronoun_stands_for_the_person_described_as_the_subject_last(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Певица Анна Рыжова выступила в Казани. Затем отказалась от премии министра культуры Олега Кравцова, "
     "{v:объяснив} это тем, что {c:«награды ей не нужны»}.", "Анна Рыжова"),
])
def test_attribution_a_gerund_of_a_verb_without_subject_speaks_for_the_subject_before(marked, speaker):
    expect(marked, speaker)


@pytest.mark.parametrize("marked, speaker", [
    ("Тренер Илья Орлов погиб в аварии. Внуки тренера опубликовали письмо, в котором {s:они} {v:утверждали}, что "
     "{c:водитель виновен}.", "внуки Ильи Орлова"),
])
def test_attribution_they_stand_for_relatives_named_together_before(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, source", [
    ("В сообщении {s:мэрии Твери} {v:говорится}, что {c:мост закроют на ремонт}.", "мэрия Твери"),
    ("В заявлении {s:губернатора Тульской области} {v:говорится}, что {c:дороги отремонтируют}.",
     "губернатор Тульской области"),
])
def test_attribution_a_document_speaks_for_the_body_described_with_its_place(marked, source):
    rec, case = expect(marked, ANY, "indirect")
    _, q = quote_at(rec, case.quotes[1]["c"])
    assert q["speaker"]["name"] == source, q["speaker"]


@pytest.mark.parametrize("text, inner", [
    ("Директор завода сказал: «Мы выпустим тракторы „Беларус“ и комбайны „Нива“ к весне».", "Беларус"),
    ("По словам тренера, «команда забыла слово „поражение“ и играет смело».", "поражение"),
])
def test_attribution_a_word_in_marks_inside_a_quote_is_not_a_quote_of_its_own(text, inner):
    assert inner not in [q["text"] for q in analyzed(text)["quotes"]], analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, speaker", [
    ("На форуме выступали {s:противники новых тарифов}, которые {v:утверждали}, что {c:цены вырастут вдвое}.",
     "противники новых тарифов"),
])
def test_attribution_a_relative_pronoun_stands_for_the_head_not_its_complement(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Футболист Рахим Сингх получил травму. {s:Брат Сингха} {v:заявил}, что {c:операция прошла успешно}.",
     "брат Рахима Сингха"),
])
def test_attribution_a_relative_of_someone_named_is_named_by_the_full_name(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text, content", [
    ("Как сообщило радио «Эхо», {c:в посёлке отключили воду}. Об этом сообщил глава района Олег Носов.",
     "в посёлке отключили воду"),
    ("Жители считают, что {c:мост построили с нарушениями}. Об этом заявил депутат Олег Носов.",
     "мост построили с нарушениями"),
])
def test_attribution_about_this_confirms_the_news_inside_a_report_before(text, content):
    plain = text.replace("{c:", "").replace("}", "")
    quotes = analyzed(plain)["quotes"]
    assert any(q["text"] == content and q["speaker"]["name"] == "Олег Носов" for q in quotes), quotes


@pytest.mark.parametrize("text", [
    "Завод построили в 1950 году. Об этом здании говорят разное.",
])
def test_attribution_about_this_with_a_noun_is_no_cue(text):
    assert analyzed(text)["quotes"] == []


@pytest.mark.parametrize("text", [
    "Водителю грозит штраф и лишение права управлять автомобилем.",
    "Директор пообещал премию и возможность работать из дома.",
])
def test_attribution_an_infinitive_of_a_noun_phrase_is_not_the_cues_request(text):
    assert analyzed(text)["quotes"] == [], analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, speaker", [
    ("Тренер Олег Гусев дал интервью. {v:По его словам} {c:команда готова к сезону}.", "Олег Гусев"),
    ("{v:По словам} {s:источника}, знакомого с ходом следствия по делу, {c:обвинение предъявят в среду}.",
     "источник, знакомый с ходом следствия по делу"),
])
def test_attribution_a_phrase_cue_without_a_comma_or_with_an_aside_opens_its_clause(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("О том, что {c:завод закроют в марте}, {v:сообщил} {s:директор Пётр Ломов}.", "Пётр Ломов"),
])
def test_attribution_a_clause_fronted_with_o_tom_chto_starts_after_chto(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("Актриса Вера Лисина снялась в сорока фильмах. Её дочь Соня учится в Праге. В беседе с критиком актриса говорила, "
     "что любит театр. {s:Она} {v:отметила}, что {c:вернётся на сцену}.", "Вера Лисина"),
])
def test_attribution_a_pronoun_stands_for_the_speaker_before_once_all_are_known(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{v:По словам} {s:собеседника Fontanka.ru}, {c:тендер отменят}.", "собеседник Fontanka.ru"),
])
def test_attribution_a_site_named_after_a_source_is_part_of_it(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text", [
    "Тренер настаивал на ротации вратарей, что вызвало конфликт в команде.",
    "Министр подчеркнул важность реформы, что позволило партии выиграть выборы.",
])
def test_attribution_a_relative_chto_after_a_comma_reports_nothing(text):
    assert analyzed(text)["quotes"] == [], analyzed(text)["quotes"]


@pytest.mark.parametrize("text", [
    "Археологи нашли монеты. Найденное свидетельствует о том, что здесь шла торговля.",
    "Археологи нашли монеты. Последнее говорит о том, что здесь шла торговля.",
])
def test_attribution_a_thing_named_by_an_adjective_that_shows_is_no_source(text):
    assert analyzed(text)["quotes"] == [], analyzed(text)["quotes"]


@pytest.mark.parametrize("marked, speaker", [
    ("{v:По словам} пресс-атташе консульства {s:Олега Дымова}, {c:визы выдают в обычном порядке}.", "Олег Дымов"),
    ("{v:По словам} советника посольства {s:Андрея Жукова}, {c:переговоры продолжатся}.", "Андрей Жуков"),
])
def test_attribution_a_role_of_a_body_then_a_name_is_that_person(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("marked, speaker", [
    ("{s:Собравшиеся на площади} {v:потребовали}, чтобы {c:мэр ушёл в отставку}.", "собравшиеся на площади"),
    ("{s:Пострадавшие} {v:заявили}, что {c:компенсацию не получили}.", "пострадавшие"),
])
def test_attribution_people_named_by_what_they_do_speak(marked, speaker):
    expect(marked, speaker, "indirect")


@pytest.mark.parametrize("text, cue", [
    ("Дед рассказывал, что ушло их двести, а вернулось двадцать.", "рассказывал"),  # a clause with its subject after
])
def test_attribution_a_neuter_verb_right_after_cue_and_chto_is_a_reported_clause(text, cue):
    assert [q["cue"]["text"] for q in analyzed(text)["quotes"]] == [cue]


@pytest.mark.parametrize("text, mention", [
    ("Студент Олег, пришедший на митинг с друзьями, говорит, что такие слухи ходят во всех пабликах, в том числе в "
     "группе \"Новости Керчи\", на которую подписаны тысячи.", "Студент Олег"),
])
def test_attribution_a_speakers_mention_never_runs_over_words_left_out_of_the_subject(text, mention):
    quotes = analyzed(text)["quotes"]
    assert [q["speaker"]["mention"]["text"] for q in quotes] == [mention], quotes
