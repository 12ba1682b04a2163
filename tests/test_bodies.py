"""Organisations and places across articles: one identity whatever the form of the name
(CLDR and ISO 3166 names, abbreviations, adjectives, Latin spellings, a country inside the name
or given by the article), and one canonical name with every alias searchable."""
from __future__ import annotations

from collections import Counter

import pytest

from quotegraph.identity import merge_keys
from quotegraph.identity.aliases import abbreviations, initials, is_abbreviation, parse_learned
from quotegraph.identity.bodies import parse_bodies
from quotegraph.identity.places import name_words, parse_places, place_of
from quotegraph.store.identities import EntityRow, canonical_name


def row(article: int, name: str, type_: str = "ORG", local: str = "e1", n: int = 1) -> EntityRow:
    return EntityRow(article, local, type_, name, [], n, None)


def together(rows: list[EntityRow], i: int = 0, j: int = 1) -> bool:
    keys = merge_keys(rows)
    return keys[i] == keys[j]


@pytest.mark.parametrize("a, b", [
    ("Франция", "Французская Республика"),            # ISO 3166 official name, in Russian
    ("Франции", "France"),                            # inflected, and the English name
    ("ФРГ", "Германии"),                              # an abbreviation (lang/ru/places.tsv)
    ("Соединённого Королевства", "UK"),
    ("Japan", "Японией"),
    ("японский", "Япония"),                           # an adjective the lexicon calls a place
    ("Исламской Республики Иран", "Iran"),            # ISO 3166 names carry stress marks
    ("Токио", "Tokyo"),                               # a city: CLDR's exemplar cities
    ("Каире", "Cairo"),
])
def test_bodies_one_place_under_any_name(a, b):
    assert place_of(a) is not None and place_of(a) == place_of(b)


@pytest.mark.parametrize("a, b", [
    ("Австрия", "Австралия"),
    ("Северная Корея", "Южная Корея"),
    ("Нигер", "Нигерия"),
    ("Словакия", "Словения"),
])
def test_bodies_places_with_close_names_stay_apart(a, b):
    assert place_of(a) != place_of(b)


@pytest.mark.parametrize("a, b, same", [
    (("LOC", "Норвегия"), ("LOC", "Norway"), True),
    (("LOC", "норвежский"), ("LOC", "Норвегии"), True),
    (("LOC", "Норвегия"), ("ORG", "Норвегия"), False),                       # types never merge
    (("ORG", "Министерство финансов Японии"), ("ORG", "японское Министерство финансов"), True),
    (("ORG", "Министерство финансов Японии"), ("ORG", "Министерство финансов Japan"), True),
    (("ORG", "Министерство финансов Японии"), ("ORG", "Министерство финансов Кореи"), False),
    (("ORG", "Минводхоз Японии"), ("ORG", "Министерство водного хозяйства Японии"), False),  # no table says so
])
def test_bodies_a_country_inside_an_organisations_name_in_any_form(a, b, same):
    assert together([row(1, a[1], a[0]), row(2, b[1], b[0])]) is same


@pytest.mark.parametrize("a, b", [
    ("Минздрав Казахстана", "Министерство здравоохранения Республики Казахстан"),  # a contraction (bodies.tsv)
    ("казахстанский Минздрав", "Минздрав Казахстана"),
    ("Всемирная организация здравоохранения", "ВОЗ"),
    ("Североатлантический альянс", "НАТО"),
    ("the Department of Justice", "Justice Department"),                           # English; function words aside
    ("Canadian Defence Ministry", "Ministry of Defense of Canada"),
])
def test_bodies_other_names_of_one_body_meet(a, b):
    assert together([row(1, a), row(2, b)])


def test_bodies_an_abbreviation_its_corpus_spells_out_joins_the_full_name():
    rows = [row(1, "ЦИК"), row(2, "Центральной избирательной комиссии"),
            row(3, "Центральная избирательная комиссия", local="e1"), row(3, "ЦИК", local="e2")]
    assert together(rows, 0, 1)
    assert not together(rows[:2], 0, 1)  # without the article that gives both forms


@pytest.mark.parametrize("short, long", [("ВВС", "Верховный суд"), ("ЦИКа", "Центральная избирательная комиссия")])
def test_bodies_abbreviations_meet_only_their_own_letters(short, long):
    rows = [row(1, short), row(2, long), row(3, "Верховный суд", local="e1"), row(3, "ВС", local="e2"),
            row(4, "Центральная избирательная комиссия", local="e1"), row(4, "ЦИК", local="e2")]
    assert together(rows) is (short == "ЦИКа")  # «ВВС» is not «ВС»; «ЦИКа» is «ЦИК» inflected


@pytest.mark.parametrize("bare_in, with_country, same", [
    (("Египет", "Египет"), "Кнессет Израиля", True),        # the only country the corpus names it with
    (("Чили", "Чили"), "Сенат Чили", True),                 # bodies of several countries: the article's
    (("Чили", "Чили"), "Сенат Франции", False),
    (("Франция", "Франции"), "Сенат Франции", True),
])
def test_bodies_a_body_named_without_its_country_takes_the_corpus_or_article_one(bare_in, with_country, same):
    base = with_country.split()[0]
    rows = [row(1, base), row(1, bare_in[0], "LOC", "e2", n=5), row(2, with_country),
            row(3, "Сенат Чили"), row(4, "Сенат Франции")]
    assert together(rows, 0, 2) is same


def test_bodies_a_bare_name_takes_the_country_its_own_article_gives_it():
    rows = [row(1, "Генштаб"), row(1, "Генштаб Сербии", local="e2"), row(1, "Хорватия", "LOC", "e3", n=9),
            row(2, "Генштаб Хорватии"), row(3, "Генштаб Сербии")]
    assert together(rows, 0, 4) and not together(rows, 0, 3)


@pytest.mark.parametrize("place_1, place_2, same", [
    ("Бразилия", "бразильский", True),   # common-noun bodies of one country, named two ways
    ("Бразилия", "Аргентина", False),
])
def test_bodies_common_noun_organisations_join_by_their_articles_country(place_1, place_2, same):
    rows = [row(1, "прокуратура"), row(2, "прокуратура"),
            row(1, place_1, "LOC", "e2"), row(2, place_2, "LOC", "e2")]
    assert together(rows) is same


@pytest.mark.parametrize("word, yes", [("ЦИК", True), ("ЦИКа", True), ("FBI", True), ("Газпром", False),
                                       ("А", False), ("ОБСЕ", True), ("ВКонтакте", False), ("НЕФТЕГАЗСТРОЙ", False)])
def test_bodies_is_abbreviation(word, yes):
    assert is_abbreviation(word) is yes


@pytest.mark.parametrize("words, letters", [("Организация по безопасности и сотрудничеству в Европе", "обсе"),
                                            ("Federal Bureau of Investigation", "fbi")])
def test_bodies_initials_leave_function_words_out(words, letters):
    assert initials(words.split()) == letters


def test_bodies_abbreviations_need_a_clear_reading():
    one = [list(name_words("ЦИК")), list(name_words("Центральная избирательная комиссия"))]
    two = [list(name_words("ЦИК")), list(name_words("Центральный исполнительный комитет"))]
    assert "цик" in abbreviations([one, one])
    assert "цик" not in abbreviations([one, two])  # read two ways, as often: neither


@pytest.mark.parametrize("names, expected", [
    ({"ЦИК": 10, "ЦИК России": 4}, "ЦИК России"),                 # fuller, and common enough
    ({"ЦИК": 10, "Центральная избирательная комиссия РФ": 1}, "ЦИК"),  # fuller, but rare
    ({"Норвегия": 100, "Королевство Норвегия": 10, "норвежский": 30}, "Норвегия"),
    ({"Орбан": 9, "Виктор Орбан": 3}, "Виктор Орбан"),
])
def test_bodies_canonical_name_is_the_fullest_common_form(names, expected):
    assert canonical_name(Counter(names)) == expected


@pytest.mark.parametrize("line", ["ORG\tQ1\tname", "ORG\tQ1\tname\tmany"])
def test_bodies_a_bad_learned_line_names_its_line(line):
    with pytest.raises(ValueError, match="line 2"):
        parse_learned(["# header", line])


@pytest.mark.parametrize("line", ["Минфин", "Министерство финансов\t", "\tМинфин"])
def test_bodies_a_bad_bodies_line_names_its_file_and_line(line):
    with pytest.raises(ValueError, match="bodies.tsv line 2"):
        parse_bodies(["# header", line], "lang/ru/bodies.tsv")


@pytest.mark.parametrize("line", ["NO Норвегия", "Норвегия\tNO"])
def test_bodies_a_bad_places_line_names_its_file_and_line(line):
    with pytest.raises(ValueError, match="places.tsv line 2"):
        parse_places(["# header", line], "lang/ru/places.tsv")


def test_bodies_a_name_the_corpus_never_used_finds_the_identity(tmp_path):
    from quotegraph.pipeline import analyze
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.queries import find_identities
    from quotegraph.store.rows import article_rows
    from quotegraph.store.write import write_article

    conn = open_store(tmp_path / "store.db")
    write_article(conn, article_rows(analyze("date 2025-11-10 Премьер-министр Норвегии прибыл в Осло. "
                                             "В Норвегии прошли выборы.", id="a")))
    link_identities(conn)
    [norway] = [r["id"] for r in conn.execute("SELECT id FROM places WHERE key = 'LOC:=NO'")]
    for name in ("Norway", "Королевство Норвегия", "норвежский"):
        assert [r["id"] for r in find_identities(conn, name)] == [norway], name


def test_bodies_a_country_in_russian_and_english_articles_is_one_place(tmp_path):
    from quotegraph.model import Article
    from quotegraph.pipeline import Pipeline
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.rows import article_rows
    from quotegraph.store.write import write_article

    conn = open_store(tmp_path / "store.db")
    pipeline = Pipeline()
    for key, lang, text in (("ru", "ru", "Министр финансов Норвегии выступил в Осло. Власти Норвегии довольны."),
                            ("en", "en", "The finance minister of Norway spoke in Oslo on Monday. Norway is pleased.")):
        write_article(conn, article_rows(pipeline(Article(id=key, text=text, lang=lang))))
    link_identities(conn)
    names = {r[0] for r in conn.execute("SELECT e.name FROM entities e JOIN identities i ON i.id = e.identity_id"
                                        " WHERE i.key = 'LOC:=NO'")}
    assert {"Норвегия", "Norway"} <= names
