"""Countries and cities by any of their names: «Россия», «РФ», «Российская Федерация»,
«российский», "Russia" and "Russian Federation" are one place.

The names come from three sources, each a name → place table:

- CLDR's territory names in Russian and English (babel) and ISO 3166's names, official and
  common, with their Russian translations (pycountry): a country's place is its ISO code;
- CLDR's exemplar cities in both languages (babel's time-zone names: Москва and Moscow), whose
  place is the city's Russian name;
- what is curated by hand, as data in each language package (``lang/*/places.tsv``):
  abbreviations («РФ», «США»), adjectives of nationality («российский»; the entity lexicon
  calls them places) and everyday short names («Штаты», "Britain").

A name is compared by ``name_key``: each word's lemma, transliterated, so the cases and
spellings of one name meet. A name that two sources give to two places is left out.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

from .translit import translit_key

LANGUAGES = ("ru", "en")
_PUNCT = re.compile(r"[«»\"“”„'()\[\].,:;!?]")
_DASH = re.compile(r"\s[-–—]\s")  # «Конго - Киншаса»: CLDR's way of telling two of a name apart


@functools.lru_cache(maxsize=500_000)
def name_words(name: str) -> tuple[tuple[str, str], ...]:
    """A name's words, each with its key: its lemma, transliterated (ё → е, case gone); quotes,
    brackets and stress marks left out."""
    from ..lexicon import lemma

    name = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).replace("\u0301", ""))
    return tuple((w, translit_key(lemma(w)) or w.lower()) for w in _PUNCT.sub(" ", _DASH.sub(" ", name)).split())


def name_key(name: str) -> str:
    """A name's comparison key: its words' keys (``name_words``)."""
    return " ".join(key for _, key in name_words(name))


def _official_names() -> list[tuple[str, str]]:
    """(ISO code, name) from CLDR (babel) and ISO 3166 (pycountry), in Russian and English."""
    import gettext

    import pycountry
    from babel import Locale

    pairs = []
    for code in LANGUAGES:
        for territory, name in Locale(code).territories.items():
            if len(territory) == 2 and territory.isalpha() and territory not in ("EU", "EZ", "UN", "ZZ", "QO"):
                pairs.append((territory, name))
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                pairs += [(country.alpha_2, name), (country.alpha_2, russian.gettext(name))]
    return pairs


def _cities() -> list[tuple[str, str]]:
    """(the city's Russian name, name) for CLDR's exemplar cities, in Russian and English."""
    from babel import Locale

    names = {code: Locale(code).time_zones for code in LANGUAGES}
    pairs = []
    for zone, info in names["ru"].items():
        city = info.get("city")
        if city:  # CLDR leaves out an English name that is the zone's own («America/New_York»)
            english = names["en"].get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            pairs += [(city, city), (city, english)]
    return pairs


def parse_places(lines, source: str) -> list[tuple[str, str]]:
    """(ISO code, name) of each 'CODE<TAB>name, name' line (``#`` starts a comment)."""
    pairs = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if line:
            place, sep, names = line.partition("\t")
            if not sep or not re.fullmatch(r"[A-Z]{2}", place.strip()):
                raise ValueError(f"{source} line {number}: '{line}' is not 'CODE<TAB>name, name' (CODE: ISO 3166 alpha-2)")
            pairs += [(place.strip(), name.strip()) for name in names.split(",") if name.strip()]
    return pairs


def _curated() -> list[tuple[str, str]]:
    """(ISO code, name) from each language package's ``places.tsv``."""
    pairs = []
    for code in LANGUAGES:
        path = resources.files("quotegraph") / "lang" / code / "places.tsv"
        pairs += parse_places(path.read_text(encoding="utf-8").splitlines(), f"lang/{code}/places.tsv")
    return pairs


@functools.cache
def places() -> dict[str, str]:
    """name key → place: «=» and the ISO code for a country (``=RU``), the key of its Russian
    name for a city (``moskva``: the key «Москва» has without the table)."""
    found: dict[str, set[str]] = {}
    for place, name in _official_names() + _curated():
        found.setdefault(name_key(name), set()).add(place)
    countries = {key: "=" + next(iter(p)) for key, p in found.items() if len(p) == 1 and key}
    cities: dict[str, set[str]] = {}
    for city, name in _cities():
        cities.setdefault(name_key(name), set()).add(name_key(city))
    for key, city in cities.items():
        if len(city) == 1 and key and key not in found:
            countries[key] = next(iter(city))
    return countries


def place_of(name: str) -> str | None:
    """The place a name means (``places``), if the tables know it."""
    return places().get(name_key(name))
