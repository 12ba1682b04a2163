"""Cross-document identities: transliteration keys, the merge rule over hand-made entity rows,
and linking in a store."""
from __future__ import annotations

import random

import pytest

from quotegraph.identity import merge_keys
from quotegraph.identity.person import FAMILY, FULL, INITIALS, REGNAL, SINGLE, person_key
from quotegraph.identity.translit import surname_stem, translit_key
from quotegraph.store.identities import EntityRow


@pytest.mark.parametrize("a, b, same", [
    ("Ilham Aliyev", "Ильхам Алиев", True),           # transliteration, -yev / -ев
    ("Aliev", "Алиев", True),
    ("Zelensky", "Зеленский", True),                  # -sky / -ский
    ("Zelenskiy", "Зеленский", True),
    ("Zelenskyy", "Зеленский", True),
    ("Shoigu", "Шойгу", True),                        # й
    ("Khodorkovsky", "Ходорковский", True),           # Kh / Х
    ("Tsipras", "Ципрас", True),                      # Ts / Ц
    ("Yanukovych", "Янукович", True),                 # Ya / Я
    ("Yeltsin", "Ельцин", True),                      # Ye / Е
    ("Pyotr", "Пётр", True),                          # yo / ё
    ("Gorbachov", "Горбачёв", True),                  # -chov / -чёв
    ("Khrushchev", "Хрущёв", True),                   # shch / щ
    ("Yuri", "Юрий", True),                           # Yu / Ю, -i / -ий
    ("Dmitriy", "Dmitry", True),
    ("Sergey", "Сергей", True),
    ("Navalny", "Навальный", True),
    ("Erdoğan", "Эрдоган", True),                     # diacritics
    ("Macron", "Макрон", True),                       # c before a consonant or a back vowel
    ("Schmidt", "Шмидт", True),                       # German sch
    ("Vučić", "Вучич", True),                         # č, ć
    ("Djokovic", "Джокович", True),                   # dj, -vic
    ("Müller", "Мюллер", True),                       # ü
    ("Бекхэм", "Бехэм", False),                       # к + х is not х
    ("Алиев", "Алиева", False),                       # the key keeps gender; the stem folds it
    ("Путин", "Путник", False),
])
def test_identities_translit_key(a, b, same):
    assert (translit_key(a) == translit_key(b)) is same


@pytest.mark.parametrize("a, b, same", [
    ("Алиев", "Алиева", True),                        # feminine folded into the masculine
    ("Зеленский", "Зеленская", True),
    ("Зеленский", "Зеленского", True),                # inflected form left in a name
    ("Мандела", "Манделы", True),
    ("Мандела", "Манделе", True),
    ("Скрипаль", "Скрипаля", True),
    ("Земан", "Земаном", True),
    ("Толстой", "Толстая", True),                     # adjectival surname
    ("Мюррей", "Мюррея", True),                       # й ends like a vowel
    ("Диас-Канель", "Диаса-Канель", True),            # each part of a hyphenated surname
    ("Zelensky", "Зеленского", True),
    ("Ким", "Кима", True),
    ("Бекхэм", "Бекхэма", True),                      # -эм is no case ending
    ("Абэ", "Аба", False),                            # too short to cut
    ("Иванов", "Ивантеев", False),
])
def test_identities_surname_stem(a, b, same):
    assert (surname_stem(a) == surname_stem(b)) is same


@pytest.mark.parametrize("name, kind, gender", [
    ("Ильхам Алиев", FULL, "Masc"),
    ("Ilham Aliyev", FULL, None),                     # Latin: gender unknown
    ("Мария Алиева", FULL, "Fem"),
    ("Ильхаму Алиеву", FULL, None),                   # dative left in the name: no gender shows
    ("Грызлов Борис Вячеславович", FULL, "Masc"),     # surname first, patronymic last
    ("И. Алиев", INITIALS, "Masc"),
    ("В. В. Путин", INITIALS, None),
    ("Алиев", SINGLE, "Masc"),
    ("Клинтон", SINGLE, None),
    ("Царнаевы", FAMILY, None),                       # a family, not one person
    ("Елизавета II", REGNAL, None),
])
def test_identities_person_key_kind(name, kind, gender):
    p = person_key(name)
    assert (p.kind, p.gender if kind != INITIALS or gender else None) == (kind, gender)


@pytest.mark.parametrize("a, b", [
    ("Грызлов Борис Вячеславович", "Борис Грызлов"),
    ("Уго Уго Чавес", "Уго Чавес"),                   # a word repeated by mistake
    ("56-летний Джобс", "Джобс"),                     # words with digits dropped
    ("Башар аль-Асад", "Башар Асад"),                 # particle
    ("Саша Петров", "Александр Петров"),              # everyday form of the first name
    ("Селене Гомес", "Селена Гомес"),                 # first name left inflected
])
def test_identities_person_key_same_person(a, b):
    pa, pb = person_key(a), person_key(b)
    assert (pa.block, pa.first) == (pb.block, pb.first)


# --- the merge rule over hand-made rows ---------------------------------------------------

def row(article: int, name: str, roles=(), with_=(), type_: str = "PER", local: str = "e1") -> EntityRow:
    """One entity of one article; ``with_`` names the article's other entities ("LOC:Баку")."""
    return EntityRow(article, local, type_, name, list(roles), 1, None, cooccurring=frozenset(with_))


def filler(n: int, start: int = 1000) -> list[EntityRow]:
    """Unrelated articles with unrelated people, so that idf weights look like a corpus's."""
    letters = "бвгдклмнпрст"
    return [row(start + k, f"Пётр Ба{letters[k % 12]}а{letters[k // 12 % 12]}ов", with_=("LOC:Россия",))
            for k in range(n)]


def together(rows: list[EntityRow], i: int, j: int) -> bool:
    keys = merge_keys(rows)
    return keys[i] == keys[j]


ALIEV = row(1, "Ильхам Алиев", roles=["президент Азербайджана"], with_=("LOC:Азербайджан", "LOC:Шуша"))
AZ = ("LOC:Азербайджан", "LOC:Шуша")


@pytest.mark.parametrize("other, same", [
    (row(2, "Ильхам Алиев"), True),                                     # same full name
    (row(2, "Ilham Aliyev"), True),                                     # transliteration
    (row(2, "Ильхаму Алиеву"), True),                                   # inflected form left in the name
    (row(2, "И. Алиев"), True),                                         # initial fits the only candidate
    (row(2, "Игорь Алиев"), False),                                     # other first name
    (row(2, "Мария Алиева"), False),                                    # other person of that surname
    (row(2, "Алиева"), False),                                          # lone surname of the other gender
    (row(2, "Алиев", with_=AZ), True),                                  # lone surname, evidence: rare neighbours
    (row(2, "Алиев"), False),                                           # lone surname, nothing ties it
    (row(2, "Алиев", with_=("PER:Мария Алиева",)), False),              # ... nor does an unrelated neighbour
    (row(2, "Ильхам"), False),                                          # lone first name, no evidence
    (row(2, "Ильхам", roles=["президент Азербайджана"], with_=AZ), True),  # lone first name, strong evidence
])
def test_identities_merge_with_aliev(other, same):
    rows = [ALIEV, other] + filler(200)
    assert together(rows, 0, 1) is same


def test_identities_initials_between_two_candidates_need_evidence():
    rows = [row(1, "Игорь Петров", roles=["хоккеист"], with_=("ORG:ЦСКА",)),
            row(2, "Иван Петров", roles=["министр"], with_=("ORG:Минфин",)),
            row(3, "И. Петров"),                                        # fits both, nothing picks one
            row(4, "И. Петров", roles=["хоккеист"], with_=("ORG:ЦСКА",))]  # evidence picks the player
    keys = merge_keys(rows + filler(200))
    assert keys[2] not in (keys[0], keys[1])
    assert keys[3] == keys[0]


def test_identities_lone_surname_goes_to_the_person_its_evidence_names():
    rows = [row(1, "Билл Клинтон", roles=["президент США"], with_=("LOC:Арканзас",)),
            row(2, "Хиллари Клинтон", roles=["госсекретарь"], with_=("ORG:Госдепартамент",)),
            row(3, "Клинтон", roles=["госсекретарь"], with_=("ORG:Госдепартамент",)),
            row(4, "Клинтон")]                                          # fits both: stays apart
    keys = merge_keys(rows + filler(200))
    assert keys[2] == keys[1]
    assert keys[3] not in (keys[0], keys[1])


def test_identities_lone_surname_goes_to_the_dominant_person():
    rows = [row(k, "Барак Обама") for k in range(1, 21)] + [row(30, "Мишель Обама"), row(31, "Обама")]
    keys = merge_keys(rows + filler(200))
    assert keys[21] == keys[0] != keys[20]


def test_identities_lone_surname_named_apart_in_its_article_stays_apart():
    rows = [row(1, "Мишель Обама", with_=AZ),
            row(2, "Обама", with_=AZ + ("PER:Мишель Обама",), local="e2"),   # the article set them apart
            row(2, "Мишель Обама", with_=AZ + ("PER:Обама",), local="e1")]
    keys = merge_keys(rows + filler(200))
    assert keys[1] != keys[0]


def test_identities_inflected_leftover_joins_the_full_name_of_its_article():
    rows = [row(1, "Нельсон Мандела", local="e1", with_=("PER:Манделы",)),
            row(1, "Манделы", local="e2", with_=("PER:Нельсон Мандела",)),
            row(2, "Винни Мандела")]
    keys = merge_keys(rows + filler(200))
    assert keys[1] == keys[0] != keys[2]


def test_identities_family_name_joins_no_single_person():
    rows = [row(1, "Джохар Царнаев", local="e1", with_=("PER:Царнаевы",)),
            row(1, "Царнаевы", local="e2", with_=("PER:Джохар Царнаев",))]
    keys = merge_keys(rows + filler(200))
    assert keys[0] != keys[1]


def test_identities_rows_left_apart_join_each_other_on_strong_evidence():
    shared = ("PER:Елизавета II", "LOC:Букингемский дворец", "ORG:Палата лордов")
    rows = [row(1, "Чарльз", roles=["принц"], with_=shared),
            row(2, "Чарльз", roles=["принц"], with_=shared),
            row(3, "Чарльз", with_=("LOC:Россия",))]
    keys = merge_keys(rows + filler(200))
    assert keys[0] == keys[1] != keys[2]


@pytest.mark.parametrize("a, b, same", [
    (("ORG", "Государственная дума"), ("ORG", "Государственная Дума"), True),  # case
    (("LOC", "Объединённые Арабские Эмираты"), ("LOC", "Объединенные Арабские Эмираты"), True),  # ё
    (("ORG", "«Газпром»"), ("ORG", "Газпром"), True),                          # quotes
    (("ORG", "МВД России"), ("ORG", "МВД Украины"), False),
    (("LOC", "Грузия"), ("ORG", "Грузия"), False),                             # types never merge
])
def test_identities_organisations_and_places(a, b, same):
    rows = [row(1, a[1], type_=a[0]), row(2, b[1], type_=b[0])]
    assert together(rows, 0, 1) is same


@pytest.mark.parametrize("place_1, place_2, same", [
    ("Нью-Йорк", "Москва", False),  # «полиция» of two cities: two bodies
    ("Москва", "Москва", True),  # the same city's police
    (None, None, False),  # no place to tell: each article's own
])
def test_identities_common_noun_organisations_merge_only_about_one_place(place_1, place_2, same):
    rows = [row(1, "полиция", type_="ORG"), row(2, "полиция", type_="ORG")]
    rows += [row(article, place, type_="LOC", local="e2")
             for article, place in ((1, place_1), (2, place_2)) if place]
    assert together(rows, 0, 1) is same


def test_identities_keys_do_not_depend_on_row_order():
    rows = [ALIEV, row(2, "Ilham Aliyev"), row(3, "И. Алиев"), row(4, "Алиев", with_=AZ),
            row(5, "Билл Клинтон"), row(6, "Хиллари Клинтон"), row(7, "Клинтон"),
            row(8, "Чарльз", roles=["принц"], with_=("PER:Елизавета II",)),
            row(9, "Чарльз", roles=["принц"], with_=("PER:Елизавета II",))] + filler(50)
    expected = dict(zip(((r.article_id, r.local_id) for r in rows), merge_keys(rows)))
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    got = dict(zip(((r.article_id, r.local_id) for r in shuffled), merge_keys(shuffled)))
    assert got == expected


# --- linking in a store -------------------------------------------------------------------

def test_identities_link_merges_people_across_articles(tmp_path):
    from quotegraph.pipeline import analyze
    from quotegraph.store.db import open_store
    from quotegraph.store.identities import link_identities
    from quotegraph.store.rows import article_rows
    from quotegraph.store.write import write_article

    texts = {
        "a": "date 2025-11-10 Президент Азербайджана Ильхам Алиев провёл встречу в Баку. "
             "Алиев заявил, что переговоры идут хорошо.",
        "b": "date 2025-11-12 В Шуше побывал Ильхам Алиев. Ильхама Алиева встречали жители города.",
        "c": "date 2025-11-14 Как сообщил И. Алиев, в Баку открылась выставка. "
             "Её куратор Мария Алиева рассказала о картинах.",
    }
    conn = open_store(tmp_path / "store.db")
    for key, text in texts.items():
        write_article(conn, article_rows(analyze(text, id=key)))
    stats = link_identities(conn)
    assert stats is not None and stats.entities == conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    people = {r["name"]: dict(r) for r in conn.execute("SELECT * FROM persons")}
    assert set(people) == {"Ильхам Алиев", "Мария Алиева"}
    aliev = people["Ильхам Алиев"]
    assert (aliev["n_articles"], aliev["first_seen"], aliev["last_seen"]) == (3, "2025-11-10", "2025-11-14")
    places = [r[0] for r in conn.execute("SELECT name FROM places WHERE name = 'Баку'")]
    assert places == ["Баку"]                                    # one place, from two articles
    assert link_identities(conn) is None                         # nothing changed since
