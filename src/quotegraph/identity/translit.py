"""Names in Latin and Cyrillic letters → one comparable key.

The key is not a transliteration anyone would print: it is what two spellings of one name
have in common. Cyrillic is romanised letter by letter (х → h, ц → ts, я → ia), Latin spellings
are folded the same way (kh → h, ya → ia, y → i, w → v, c → k or s), and doubled letters are
collapsed, so «Алиев» and «Aliyev», «Зеленский» and «Zelensky», «Шойгу» and «Shoigu»,
«Ходорковский» and «Khodorkovsky» get one key.

``surname_stem`` goes further, for blocking: it folds the feminine form into the masculine
(Алиева → Алиев) and cuts one case ending (Манделы, Манделе → Мандел), so that inflected
forms left in canonical names meet their nominative.
"""
from __future__ import annotations

import functools
import re
import unicodedata

CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "\x02", "ts", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia", "i", "i", "e",
     "g", "u"]))
# Latin letters that are not a base letter plus accents (Vučić / Вучич, Dvořák / Дворжак)
LATIN_EXTRA = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "dj", "ð": "d", "þ": "th", "ı": "i",
               "č": "ch", "ć": "ch", "š": "sh", "ś": "s", "ž": "zh", "ź": "z", "ż": "zh", "ř": "rzh",
               "ü": "iu", "ö": "e"}  # Müller / Мюллер, Köhler / Кёлер

# Latin spellings folded onto what the romanised Cyrillic gives; in order
FOLDS: list[tuple[re.Pattern, str]] = [(re.compile(a), b) for a, b in [
    (r"shch|sch", "sh"),
    (r"tch", "ch"),
    (r"dzh|dj|zh", "j"),          # Джон / John, Жанна / Jeanne: one sound, many spellings
    (r"kh", "h"),
    (r"ch", "\x01"),              # keep «ch» out of the «c» rules below
    (r"ck|q", "k"),
    (r"x", "ks"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"\x01", "ch"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"(?<![a-z])y[eo]", "e"),    # Yeltsin / Ельцин, Yevgeny / Евгений
    (r"(?<=[aeiou])y[eo]", "e"),  # Aliyev / Алиев, Fyodor after a vowel
    (r"(?<=[^aeiou])yo", "e"),    # Fyodor / Фёдор, Pyotr / Пётр
    (r"ya", "ia"),
    (r"yu", "iu"),
    (r"y", "i"),
    (r"(ch|sh|j)ov\b", r"\1ev"),  # Gorbachov / Горбачёв
    (r"vik\b", "vich"),           # Djokovic / Джокович
    (r"oo|ou", "u"),              # Rousseau / Руссо, Роухани / Рухани
    (r"ee", "i"),
    (r"\x02", "h"),               # Cyrillic х: «кх» stays k + h
    (r"(.)\1+", r"\1"),           # doubled letters: Буффье / Буфье, -skii / -sky
]]

# one case or gender ending cut from a surname's key, longest first: the stem blocks
SURNAME_FOLDS: list[tuple[re.Pattern, str]] = [(re.compile(a), b) for a, b in [
    (r"sk(?:aia|oi|ogo|omu|im|om|uiu|oiu|ih|imi|a|u|i)$", "sk"),  # Зеленский, Зеленская, Зеленского
    (r"(ov|ev|in)(?:a|u|e|im|om|oi|oiu|ih|imi)$", r"\1"),          # Алиева, Путину, Иванову → -ов, -ин
    # -ом, -ой (Земаном, Геварой), not -ем, -им, -ей: most surnames so ending are nominatives
    # (Бекхэм, Ким, Мюррей); й counts as a vowel, so Мюррей and Мюррея meet
    (r"(?:iami|ami|ogo|omu|emu|oiu|eiu|uiu|aia|iah|om|oi|ah|ia|iu|a|e|i|o|u)$", ""),
]]
MIN_STEM = 3


def _romanise(text: str) -> str:
    out = []
    for ch in text.lower():
        mapped = CYRILLIC.get(ch) or LATIN_EXTRA.get(ch)
        if mapped is None:  # other letters: the base letter, accents dropped (é → e, ğ → g)
            mapped = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            mapped = CYRILLIC.get(mapped, mapped)
        out.append(mapped)
    return "".join(out)


def translit_key(text: str) -> str:
    """«Ильхам Алиев» and «Ilham Aliyev» → «ilham aliev»: words romanised and folded, joined by
    one space; hyphens kept, other non-letters dropped."""
    return " ".join(k for k in map(word_key, text.split()) if k)


@functools.lru_cache(maxsize=500_000)
def word_key(word: str) -> str:
    """One word's key (cached: names share their words)."""
    word = re.sub(r"[^a-z\-\x02]", "", _romanise(word))
    for pattern, repl in FOLDS:
        word = pattern.sub(repl, word)
    return word.strip("-")


@functools.lru_cache(maxsize=500_000)
def surname_stem(surname: str) -> str:
    """The block a surname belongs to: its key with the feminine folded into the masculine
    and one case ending cut (each part of a hyphenated surname on its own)."""
    parts = []
    for part in translit_key(surname).replace(" ", "-").split("-"):
        for pattern, repl in SURNAME_FOLDS:
            stem = pattern.sub(repl, part, count=1)
            if stem != part:
                if len(stem) >= MIN_STEM:
                    part = stem
                break
        if part:
            parts.append(part)
    return "-".join(parts)


def initial_key(initial: str) -> str:
    """What a first name's key starts with, for one initial: «Ю.» → «iu», «В» → «v»."""
    return translit_key(initial.rstrip("."))
