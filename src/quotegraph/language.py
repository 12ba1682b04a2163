"""Which language an article is in: the one place that decides it.

The language is the article's own (``Article.lang``, the JSONL ``lang`` field, a BCP 47 tag
such as «ru» or «ru-RU») when it has one; else it is detected from the first ``SAMPLE``
characters of its body by py3langid (97 languages; its model ships in the wheel). Where the
text is too short to tell (under ``MIN_LETTERS`` letters) or the detector is unsure (under
``MIN_CONFIDENCE``), the article is taken to be in ``DEFAULT``.

An article in a language quotegraph does not analyse is an ``InputError`` naming the language,
so the batch goes on without it and ``ingest`` records it in the failures table.

Measured (docs/reliability.md): on 187 NEREL dev and test texts and 84 PolNeAR dev texts, every
one is detected right from its first 2,000 characters (2 ms a text at most); from its first 60
characters, 99.5% of the Russian and 92% of the English ones.
"""
from __future__ import annotations

import functools
from dataclasses import replace

from .errors import InputError
from .model import Article

SUPPORTED = ("ru",)  # the languages quotegraph analyses
DEFAULT = "ru"  # a text too short or too mixed to tell
SAMPLE = 2000  # characters of the body the detector reads
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
    """py3langid's identifier with probabilities, loaded once per process (~0.2 s). Its model is
    unpacked in memory: py3langid's own loader unpacks it into a temporary file, which fails on
    a full disk, where quotegraph must still name the real cause (the store cannot be written)."""
    import io
    import lzma

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array  # the arrays as py3langid's own loader gives them (0.4.0, pinned)

    with np.load(io.BytesIO(lzma.decompress((MODEL_DIR / MODEL_FILE).read_bytes())), allow_pickle=False) as data:
        return LanguageIdentifier(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                                  _to_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
                                  tk_row=_to_array(data["nextmove_row"]))


def detect(text: str) -> tuple[str | None, float]:
    """(language code, confidence) of a text, or (None, 0.0) when it has too few letters to tell."""
    sample = text[:SAMPLE]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None, 0.0
    code, confidence = identifier().classify(sample)
    return (None, 0.0) if code in NO_LANGUAGE else (code, confidence)


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
