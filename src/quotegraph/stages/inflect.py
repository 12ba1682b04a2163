"""Words and phrases to the nominative, for names pymorphy knows and for those it does not.

Case and gender come from slovnet's tags in context; pymorphy3 inflects known words; suffix
rules cover unknown surnames (Жампетовой → Жампетова) and foreign names (Трампа → Трамп).
"""
from __future__ import annotations

import functools
import re

from ..nlp import Token, parse_word

FEMININE_ADJECTIVAL = [("ой", "ая"), ("ую", "ая")]  # Стреляной → Стреляная
CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
VOWELS = "аеёиоуыэюя"

# (ending in an oblique case, nominative ending), by gender, longest first
SURNAME_RULES = {
    "femn": [("ской", "ская"), ("цкой", "цкая"), ("скую", "ская"), ("цкую", "цкая"),
             ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"),
             ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("ыну", "ына")],
    "masc": [("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"),
             ("цкого", "цкий"), ("цкому", "цкий"), ("цким", "цкий"), ("цком", "цкий"),
             ("ова", "ов"), ("ову", "ов"), ("овым", "ов"), ("ове", "ов"),
             ("ева", "ев"), ("еву", "ев"), ("евым", "ев"), ("еве", "ев"),
             ("ёва", "ёв"), ("ёву", "ёв"), ("ёвым", "ёв"), ("ёве", "ёв"),
             ("ина", "ин"), ("ину", "ин"), ("иным", "ин"), ("ине", "ин"),
             ("ына", "ын"), ("ыну", "ын"), ("ыным", "ын"), ("ыне", "ын")],
}
# oblique endings of masculine names on a consonant, by case: Трампа → Трамп, Гоголя → Гоголь
CONSONANT_ENDINGS = {"Gen": ("а", "я"), "Acc": ("а", "я"), "Dat": ("у", "ю"), "Ins": ("ом", "ем", "ём"), "Loc": ("е",)}
SOFT = {"я", "ю", "ем", "ём"}  # soft stems: Гоголя → Гоголь, Карзая → Карзай
# endings no nominative name has: tagged Nom by mistake, they are inflected all the same
NEVER_NOMINATIVE = re.compile(r"(овой|евой|ёвой|иной|ыной|ского|цкого|скому|цкому|овым|евым|ским|цким)$")


def match_case(original: str, new: str) -> str:
    """Give ``new`` the capitalisation of ``original`` (word by word, hyphen parts too)."""
    if original.isupper() and len(original) > 1:
        return new.upper()
    inflected_abbreviation = re.fullmatch(r"([A-ZА-ЯЁ]{2,})[a-zа-яё]{1,3}", original)  # «МИДа», «ОМОНом»
    if inflected_abbreviation and new.lower() == inflected_abbreviation.group(1).lower():
        return inflected_abbreviation.group(1)
    parts, out = re.split(r"(-)", new), []
    orig_parts = re.split(r"(-)", original)
    for i, p in enumerate(parts):
        o = orig_parts[i] if i < len(orig_parts) else original
        out.append(p[:1].upper() + p[1:] if o[:1].isupper() else p)
    return "".join(out)


def tags_of(p) -> set[str]:
    return set(str(p.tag).replace(" ", ",").split(","))


def inflect_known(word: str, case: str | None, gender: str | None, want: str) -> str | None:
    """pymorphy3's nominative of a word it knows as ``want`` (Name, Surn, Patr), or None."""
    pm_case, pm_gender = CASES.get(case or ""), GENDERS.get(gender or "")
    for p in parse_word(word.lower()):
        t = tags_of(p)
        if want not in t or (pm_case and pm_case not in t) or "plur" in t:
            continue
        if pm_gender and "ms-f" not in t and p.tag.gender and str(p.tag.gender) != pm_gender:
            continue
        grams = {"nomn", "sing"} | ({p.tag.gender} if p.tag.gender in ("masc", "femn") else set())
        form = p.inflect(grams)
        return form.word if form else None
    return None


def adjectival_surname(word: str, case: str | None, gender: str | None) -> str | None:
    """Surnames and epithets declined as adjectives: Долгорукому → Долгорукий, Первозванного → Первозванный."""
    pm_case, pm_gender = CASES.get(case or ""), GENDERS.get(gender or "")
    if not pm_case or pm_case == "nomn":
        return None
    for p in parse_word(word.lower()):
        if p.tag.POS != "ADJF" or pm_case not in p.tag or "plur" in p.tag:
            continue
        g = pm_gender if pm_gender in ("masc", "femn") else None
        form = p.inflect({"nomn", "sing"} | ({g} if g else set()))
        if form:
            return form.word
    return None


def surname_by_rule(word: str, case: str | None, gender: str | None) -> str:
    low = word.lower()
    if case == "Nom":
        return low
    if case is None:  # an oblique form tagged Nom: the ending tells
        case = "Gen"
    g = GENDERS.get(gender or "", "")
    for ending, nom in SURNAME_RULES.get(g, []) + (FEMININE_ADJECTIVAL if g == "femn" else []):
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return low[: -len(ending)] + nom
    if g == "masc" and case == "Gen" and re.search(r"[^аеёиоуыэюя]([кгх]и|ы)$", low) and len(low) > 4:
        return low[:-1] + "а"  # Дерипаски → Дерипаска
    if g == "masc":
        for ending in CONSONANT_ENDINGS.get(case or "", ()):
            stem = low[: -len(ending)]
            if not low.endswith(ending) or len(stem) < 3:
                continue
            if stem[-1] in "аеоуэ" and ending in SOFT:
                return stem + "й"
            if stem[-1] not in VOWELS:
                return stem + ("ь" if ending in SOFT and stem[-1] in "лнрдтсзм" else "")
    return low


def first_name_by_rule(word: str, case: str | None, gender: str | None) -> str:
    low = word.lower()
    if case in (None, "Nom"):
        return low
    if gender == "Masc":
        if low.endswith(("ой", "ою")) and case == "Ins" and len(low) > 4:
            return low[:-2] + "а"  # Нарендрой → Нарендра, Никитой → Никита
        return surname_by_rule(word, case, gender)
    if gender == "Fem":
        for ending, nom in (("ии", "ия"), ("ией", "ия"), ("ию", "ия"), ("ы", "а"), ("е", "а"),
                            ("у", "а"), ("ой", "а"), ("и", "я"), ("ю", "я"), ("ей", "я")):
            if low.endswith(ending) and len(low) > len(ending) + 2:
                return low[: -len(ending)] + nom
    return low


@functools.lru_cache(maxsize=100_000)
def nominative_name_part(token_text: str, kind: str, case: str | None, gender: str | None) -> str:
    """One part of a person's name (kind: first, patronymic, surname) in the nominative."""
    *head, last = token_text.split("-")
    want = {"first": "Name", "patronymic": "Patr", "surname": "Surn"}[kind]
    if case == "Nom" and NEVER_NOMINATIVE.search(last.lower()):
        case = None
    if case == "Nom":
        return token_text
    known = inflect_known(last, case, gender, want)
    if known is None and kind == "surname":
        known = adjectival_surname(last, case, gender)
    if known is None:
        rule = first_name_by_rule if kind == "first" else surname_by_rule
        known = rule(last, case, gender)
    return match_case(token_text, "-".join(head + [match_case(last, known)]))


def nominative_phrase(tokens: list[Token]) -> str:
    """An organisation or place name in the nominative: the head noun and the adjectives
    before it are inflected; what follows the head («университета информационных технологий»)
    stays as written. Words pymorphy does not know stay as written."""
    head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), None)
    if head is None or tokens[head].feats.get("Case") in (None, "Nom"):
        return join_tokens(tokens, [t.text for t in tokens])
    number = "plur" if tokens[head].feats.get("Number") == "Plur" else "sing"
    head_form = inflect_word(tokens[head], {"nomn", number}, None)
    gender = head_form[1] if head_form else None
    words = [t.text for t in tokens]
    if head_form:
        words[head] = match_case(tokens[head].text, head_form[0])
        for i in range(head):
            if tokens[i].pos == "ADJ" and tokens[i].feats.get("Case") == tokens[head].feats.get("Case"):
                grams = {"nomn", number} | ({gender} if gender and number == "sing" else set())
                form = inflect_word(tokens[i], grams, "ADJF")
                if form:
                    words[i] = match_case(tokens[i].text, form[0])
    return join_tokens(tokens, words)


def inflect_word(token: Token, grams: set[str], pos: str | None) -> tuple[str, str | None] | None:
    return inflected(token.text.lower(), token.feats.get("Case", ""), frozenset(grams), pos)


@functools.lru_cache(maxsize=100_000)
def inflected(word: str, case: str, grams: frozenset[str], pos: str | None) -> tuple[str, str | None] | None:
    """The form with ``grams`` of a word in ``case`` (of ``pos``, or a noun), and its gender;
    cached: pymorphy's inflection is slow, and names and roles repeat."""
    pm_case = CASES.get(case)
    for p in parse_word(word):
        if pm_case and pm_case not in tags_of(p):
            continue
        if pos and p.tag.POS != pos:
            continue
        if not pos and p.tag.POS != "NOUN":
            continue
        form = p.inflect(grams)
        if form:
            return form.word, p.tag.gender
    return None


def join_tokens(tokens: list[Token], words: list[str]) -> str:
    """Words rejoined with the spacing of the original tokens (one space where there was any)."""
    out = words[0]
    for prev, tok, w in zip(tokens, tokens[1:], words[1:]):
        out += (" " if tok.start > prev.end else "") + w
    return out


@functools.lru_cache(maxsize=100_000)
def genitive_name(name: str, gender: str | None = None) -> str:
    """A person's canonical name in the genitive («Кшиштоф Пендерецкий» → «Кшиштофа Пендерецкого»),
    word by word where pymorphy knows the word as a name; of a man, a foreign word ending in a
    consonant takes «-а» («Рам Сингх» → «Рама Сингха»); other words stay as they are."""
    out = []
    for word in name.split():
        form = None
        for p in parse_word(word.lower()):
            t = tags_of(p)
            if ({"Name", "Surn", "Patr"} & t or p.tag.POS == "ADJF") and "nomn" in t and "sing" in t:
                inflected = p.inflect({"gent"})
                form = inflected.word if inflected else None
                break
        if form is None and gender == "Masc" and re.fullmatch(r"[А-ЯЁ][а-яё]*[бвгджзклмнпрстфхцчшщ]", word):
            form = word + "а"
        out.append(match_case(word, form) if form else word)
    return " ".join(out)
