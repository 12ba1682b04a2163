"""A canonical person name («Ильхам Алиев», «И. Алиев», «Алиев», «Грызлов Борис Вячеславович»)
→ the parts the merge rule compares: the surname's block, the first name's key, initials, gender.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .rules import rules
from .translit import initial_key, surname_stem, translit_key

INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")
ROMAN = re.compile(r"^[IVXL]{1,6}$")  # «Елизавета II», «Карл XVI Густав»
PATRONYMIC = re.compile(r"(ович|евич|ьич|овна|евна|ична|инична)$")
FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая|овой|евой|ёвой|иной|ыной|ской|цкой)$", re.I)
MALE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий)$", re.I)

FAMILY_SURNAME = re.compile(r"((ов|ев|ёв|ин|ын)ы|(ск|цк)ие)$")  # «Царнаевы»: a family, not one person

FULL, INITIALS, SURNAME, SINGLE, FAMILY, REGNAL, OTHER = \
    "full", "initials", "surname", "single", "family", "regnal", "other"


@dataclass(frozen=True)
class PersonKey:
    kind: str  # FULL, INITIALS, SINGLE (one word: a surname or a first name), FAMILY, REGNAL, OTHER
    block: str = ""  # the surname's stem (SINGLE: the word's stem, should it be a surname)
    first: str = ""  # the first name's key, everyday forms resolved (SINGLE: the word's)
    initial: str = ""  # the first initial's key
    gender: str | None = None  # Masc | Fem | None
    name: str = ""  # REGNAL, OTHER: the whole name's key


@functools.lru_cache(maxsize=500_000)
def person_key(name: str) -> PersonKey:
    words = _name_words(name)
    if any(ROMAN.match(w) for w in words[1:]):
        return PersonKey(REGNAL, name=translit_key(" ".join(words)))
    initials = [w for w in words if INITIAL.match(w)]
    rest = [w for w in words if not INITIAL.match(w)]
    if not rest:
        return PersonKey(OTHER, name=translit_key(name) or name.lower())
    # canonical names are «First Last»; a third word that is a patronymic shows the order
    # «Surname First Patronymic» («Грызлов Борис Вячеславович»)
    if len(rest) >= 3 and PATRONYMIC.search(rest[-1].lower()) and _is_patronymic(rest[-1]):
        first, last = rest[1], rest[0]
    elif len(rest) >= 2:
        first, last = rest[0], rest[-1]
    elif initials:
        first, last = None, rest[0]
    else:
        word = rest[0]
        if FAMILY_SURNAME.search(word):
            return PersonKey(FAMILY, block=surname_stem(word))
        return PersonKey(SINGLE, block=surname_stem(_surname_part(word)), first=first_name_key(word, None),
                         gender=surname_gender(word))
    block = surname_stem(_surname_part(last))
    if not block:
        return PersonKey(OTHER, name=translit_key(name) or name.lower())
    if first:
        gender = first_name_gender(first) or surname_gender(last)
        return PersonKey(FULL, block=block, first=first_name_key(first, gender), gender=gender)
    return PersonKey(INITIALS, block=block, initial=initial_key(initials[0]), gender=surname_gender(last))


@functools.lru_cache(maxsize=50_000)
def _is_patronymic(word: str) -> bool:
    from ..stages.names import is_patronymic
    return is_patronymic(word)


def _name_words(name: str) -> list[str]:
    """The words that name: no lowercase particles or words, no words with digits
    («56-летний»), a word repeated by mistake once («Уго Уго Чавес»)."""
    out: list[str] = []
    for w in name.split():
        if any(ch.isdigit() for ch in w) or not (w[0].isupper() or w.split("-")[-1][:1].isupper()):
            continue  # «56-летний», «ее»; but «аль-Асад» stays
        if out and out[-1].lower() == w.lower():
            continue
        out.append(w)
    return out


def _surname_part(last: str) -> str:
    """«аль-Асад» → «Асад»: a particle glued by a hyphen is no part of the surname."""
    head, dash, tail = last.partition("-")
    if dash and tail and head.lower() in rules().particles:
        return tail
    return last


def surname_gender(last: str) -> str | None:
    """The gender a surname's ending shows: Иванова, Алёхиной → Fem; Иванов → Masc; Клинтон → None."""
    if FEMALE_SURNAME.search(last):
        return "Fem"
    if MALE_SURNAME.search(last):
        return "Masc"
    return None


@functools.lru_cache(maxsize=200_000)
def first_name_gender(first: str) -> str | None:
    """The gender a first name shows as a nominative in pymorphy's dictionary; None for a word
    it does not know (its guesses are often wrong on foreign names) and for names of either
    gender («Мишель»)."""
    from ..nlp import morph_analyzer, parse_word

    word = first.split("-")[-1].lower().replace("ё", "е")
    if not morph_analyzer().word_is_known(word):
        return None
    genders = {p.tag.gender for p in parse_word(word) if "Name" in p.tag and p.tag.case == "nomn"} & {"masc", "femn"}
    if len(genders) != 1:
        return None
    return "Masc" if genders == {"masc"} else "Fem"


def is_first_name(word: str) -> bool:
    """Whether pymorphy's dictionary knows the word as a first name («Филипп», not «Акихито»)."""
    from ..nlp import parse_word

    return any("Name" in p.tag and p.score >= 0.05 for p in parse_word(word.split("-")[-1].lower()))


@functools.lru_cache(maxsize=200_000)
def first_name_key(first: str, gender: str | None) -> str:
    """«Саша» (Masc) → the key of «Александр»; «Ilham» and «Ильхам» → «ilham». Everyday forms
    that stand for one full name of the gender are resolved (lang/ru/diminutives.txt)."""
    from ..stages.names import full_first_names

    low = first.lower().replace("ё", "е")
    full = sorted(full_first_names().get(low, ()))
    if len(full) > 1 and gender:
        full = [f for f in full if first_name_gender(f) in (gender, None)]
    if len(full) == 1:
        low = full[0]
    return surname_stem(low)


def initial_fits(initial: str, first: str) -> bool:
    """Whether an initial's key starts the first name's key: «iu» fits «iuri», «v» fits «vladimir»."""
    return bool(initial) and first.startswith(initial)
