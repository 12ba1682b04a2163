"""quotegraph.cues: the lexicon of Russian reporting expressions (lang/ru/cues.txt)."""
from __future__ import annotations

from importlib.resources import files

import pymorphy3
import pytest

from quotegraph.cues import (CLASSES, ROLES, adjective_class, aspect_pair, cue_lemmas, is_cue_adjective,
                             noun_class, phrases, verb_class)

MORPH = pymorphy3.MorphAnalyzer()
ROWS = [line.split("\t") for line in
        (files("quotegraph") / "lang" / "ru" / "cues.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")]
VERB_ROWS = [row[1:] for row in ROWS if row[0] == "verb"]


def normal(word: str, pos: tuple[str, ...] = ()) -> str:
    """pymorphy3's normal form (ё→е): of the first parse, or of the first parse with a POS in pos."""
    parses = [p for p in MORPH.parse(word) if not pos or p.tag.POS in pos]
    return parses[0].normal_form.replace("ё", "е")


def words_at(text: str) -> tuple[list[str], list[str]]:
    words = text.lower().replace("ё", "е").split()
    return words, [normal(w) for w in words]


def first_phrase(text: str):
    words, lemmas = words_at(text)
    return next((p for p in phrases() if p.match(words, lemmas, 0)), None)


@pytest.mark.parametrize("form, cls", [
    ("заявил", "speech"), ("заявляла", "speech"), ("сообщили", "speech"), ("подчеркнула", "speech"),
    ("отмечал", "speech"), ("сказал", "speech"), ("говорит", "speech"), ("пояснил", "speech"),
    ("признаётся", "speech"), ("отшутился", "speech"), ("порассуждал", "speech"), ("раскритиковал", "speech"),
    ("считает", "opinion"), ("полагают", "opinion"), ("опасается", "opinion"), ("усомнился", "opinion"),
    ("говорится", "report"), ("сообщается", "report"), ("подчёркивается", "report"),
    ("пообещал", "intent"), ("потребовали", "intent"), ("пригрозил", "intent"), ("призывает", "intent"),
])
def test_cues_finite_form_maps_to_class(form, cls):
    assert verb_class(normal(form)) == cls


@pytest.mark.parametrize("form", ["пошёл", "стол", "сделал", "утвердил"])
def test_cues_non_cue_has_no_class(form):
    assert verb_class(normal(form)) is None


@pytest.mark.parametrize("text, quotes", [
    ("Экипаж не придал этому значения, посчитав, что писатель был пьян.", 1),   # «посчитать, что»: an opinion
    ("Кассир посчитал деньги и закрыл кассу до утра.", 0),                        # «посчитать»: to count
])
def test_cues_weak_verb_reports_only_with_a_that_clause(text, quotes):
    from quotegraph import analyze
    assert len(analyze(text)["quotes"]) == quotes


@pytest.mark.parametrize("form, cls", [
    ("уверен", "opinion"), ("уверена", "opinion"), ("убеждены", "opinion"), ("убеждена", "opinion"),
    ("согласна", "opinion"), ("обеспокоены", "opinion"), ("рада", "opinion"), ("намерен", "intent"),
    ("готовы", "intent"), ("благодарен", "speech"),
])
def test_cues_short_adjective_is_cue(form, cls):
    lemma = normal(form, ("ADJS", "PRTS"))
    assert is_cue_adjective(lemma) and adjective_class(lemma) == cls


@pytest.mark.parametrize("form, cls", [
    ("словам", "speech"), ("мнению", "opinion"), ("данным", "report"), ("сведениям", "report"),
    ("информации", "report"), ("оценкам", "opinion"), ("заявлении", "speech"), ("подсчетам", "report"),
])
def test_cues_noun_maps_to_class(form, cls):
    assert noun_class(normal(form, ("NOUN",))) == cls


@pytest.mark.parametrize("text, cls, role, length", [
    ("по словам министра", "speech", "after", 2),
    ("по мнению экспертов", "opinion", "after", 2),
    ("по данным Росстата", "report", "after", 2),
    ("по последним данным Росстата", "report", "after", 3),
    ("как сообщил ТАСС", "speech", "after", 2),
    ("как пишет Reuters", "speech", "after", 2),
    ("об этом заявил Лавров", "speech", "after", 3),
    ("говорится в заявлении МИД", "report", "after", 2),
    ("об этом говорилось в сообщении", "report", "after", 4),
    ("со ссылкой на источник", "report", "after", 3),
    ("приводит слова Путина", "speech", "after", 2),
    ("цитирует Пескова", "speech", "after", 1),
    ("по её словам ,", "speech", "anaphor", 3),
    ("по словам которого", "speech", "anaphor", 3),
    ("как она отметила", "speech", "anaphor", 3),
    ("по нашим данным", "report", "self", 3),
    ("по имеющимся данным", "report", "none", 3),
])
def test_cues_phrase_matches_with_role(text, cls, role, length):
    found = first_phrase(text)
    assert (found.cls, found.role, len(found.tokens)) == (cls, role, length)


@pytest.mark.parametrize("text", ["по дороге домой", "как всегда", "об этом деле"])
def test_cues_phrase_rejects_non_cue(text):
    assert first_phrase(text) is None


@pytest.mark.parametrize("lemma, pair", [
    ("заявить", ("заявить", "заявлять")), ("заявлять", ("заявить", "заявлять")),
    ("сказать", ("сказать", "говорить")), ("говорить", ("сказать", "говорить")),
    ("утверждать", (None, "утверждать")), ("констатировать", ("констатировать", "констатировать")),
    ("стол", (None, None)),
])
def test_cues_aspect_pair(lemma, pair):
    assert aspect_pair(lemma) == pair


@pytest.mark.parametrize("perf, impf, cls", VERB_ROWS, ids=lambda v: v)
def test_cues_verb_row_is_pymorphy_normal_form(perf, impf, cls):
    for aspect, lemma in (("perf", perf), ("impf", impf)):
        if lemma != "-":
            parses = MORPH.parse(lemma)
            assert parses[0].normal_form.replace("ё", "е") == lemma
            assert aspect in {p.tag.aspect for p in parses if p.tag.POS == "INFN"}, (lemma, aspect)


def test_cues_at_least_250_verb_rows():
    assert len(VERB_ROWS) >= 250


def test_cues_no_duplicate_rows_or_keys():
    keys = [(row[0], lemma) for row in ROWS for lemma in set(row[1:3] if row[0] == "verb" else row[1:2])
            if lemma != "-"]
    assert len(ROWS) == len({tuple(r) for r in ROWS}) and len(keys) == len(set(keys))


def test_cues_rows_are_well_formed():
    widths = {"verb": 4, "adj": 3, "noun": 3, "phrase": 4, "colloc": 3}
    assert all(len(r) == widths[r[0]] and r[widths[r[0]] - (2 if r[0] == "phrase" else 1)] in CLASSES
               and (r[0] != "phrase" or r[3] in ROLES) and r[1] == r[1].lower() and "ё" not in "".join(r)
               for r in ROWS)


def test_cues_phrase_lemma_slots_are_normal_forms():
    slots = [t[1:-1] for p in phrases() for t in p.tokens if t.startswith("<")]
    assert slots and all(normal(s) == s for s in slots)


def test_cues_phrases_sorted_longest_first_literal_words_before_slots():
    sizes = [(len(p.tokens), "{" not in p.text, len(p.text)) for p in phrases()]
    assert sizes == sorted(sizes, reverse=True)


def test_cues_cue_lemmas_cover_both_aspects():
    assert {"заявить", "заявлять", "говориться"} <= cue_lemmas() and "уверенный" not in cue_lemmas()


@pytest.mark.parametrize("text, cue, speaker", [
    ("Эксперт Иван Петров пришёл к выводу, что глифосат безопасен.", "пришёл к выводу", "Иван Петров"),
    ("Генсек ООН Пан Ги Мун выразил надежду на то, что перемирие будет соблюдаться.", "выразил надежду", "Пан Ги Мун"),
])
def test_cues_collocations_report_with_their_subject(text, cue, speaker):
    from quotegraph import analyze
    [q] = analyze(text)["quotes"]
    assert q["cue"]["text"] == cue and q["speaker"]["name"] == speaker
