"""The indexes that keep lookups cheap find exactly what a plain scan of the lexicons finds."""
from __future__ import annotations

import pytest

from quotegraph.cues import phrases
from quotegraph.lexicon import entity_lexicon, lemma, lookup_key
from quotegraph.stages.cues_found import collocation_starts, may_cue, phrases_opening_with, word_cue


def plain_add_hits(words: list[str], lemmas: list[str], i: int) -> list[tuple[int, tuple]]:
    """Every key length tried, longest first: the scan ``Lexicon.add_hits`` saves."""
    lex = entity_lexicon()
    found = ((n, lex.add.get(lookup_key(words, lemmas, i, n))) for n in range(min(lex.longest, len(words) - i), 0, -1))
    return [(n, hit) for n, hit in found if hit]


@pytest.mark.parametrize("text", [
    "Британский премьер встретился с полицией Нью-Йорка и министерством иностранных дел России .",
    "Сотрудники МВД и ФСБ , а также прокуратура Москвы проверяют Белый дом .",
    "Российские и американские дипломаты обсудили Евросоюз , НАТО и ООН .",
    "Верховный суд США и Государственная дума приняли решение в Великобритании .",
    "Abc News сообщает , что the New York Times и Rolling Stone согласны .",
])
def test_lexicon_add_hits_are_those_of_every_key_length(text):
    words = text.split()
    lemmas = [lemma(w) for w in words]
    assert [entity_lexicon().add_hits(words, lemmas, i) for i in range(len(words))] \
        == [plain_add_hits(words, lemmas, i) for i in range(len(words))]


@pytest.mark.parametrize("word", [
    "по", "как", "об", "с", "со", "на", "согласно", "говорится", "сообщается", "приводит", "цитирует",
    "следует", "ссылаясь", "сославшись", "его", "мнению", "стол", "Москва", "42", ",",
])
def test_cues_found_phrases_opening_with_a_word_are_all_that_can_match_it(word):
    low = word.lower().replace("ё", "е")
    assert phrases_opening_with(low, lemma(word)) == tuple(ph for ph in phrases() if ph.opens_with(low, lemma(word)))


@pytest.mark.parametrize("word", [
    "заявил", "Заявили", "сказала", "считает", "уверен", "решил", "посчитав", "Напомним", "утверждаю",
    "Продолжайте", "выразил", "пришло", "стол", "Москва", "и", "42", "«", "ёлка",
])
def test_cues_found_a_word_that_may_not_cue_is_no_cue_at_all(word):
    if not may_cue(word):
        assert all(word_cue(word.lower(), strict, first) is None for strict in (True, False) for first in (True, False))
        assert not (word.isalpha() and lemma(word) in collocation_starts())
