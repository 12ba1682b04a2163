"""Russian: natasha 1.6.0 (razdel, slovnet, navec) through quotegraph's fast inference, and
pymorphy3. The stages it runs are in ``quotegraph.stages``; this package's files are their data
(lexicons, role nouns, titles, months) and the shipped models (speakers.json, tone.npz)."""
from __future__ import annotations

import functools

from .. import Analysis, Language, Options


def analyze(article, options: Options) -> Analysis:
    from ...nlp import analyze_text, models
    from ...stages.dates import extract_dates
    from ...stages.decide import decisions
    from ...stages.mentions import find_mentions
    from ...stages.names import build_entities
    from ...stages.quotes import extract_quotes
    from ...stages.roles import attach_roles
    from ...stages.targets import attach_targets
    from ...tone.document import document_tone

    text = article.text
    body_end = len(text)
    sentences, spans = analyze_text(text[article.body_start:body_end], offset=article.body_start)
    tokens = [t for s in sentences for t in s.tokens]
    entities = build_entities(text, tokens, find_mentions(text, tokens, spans))
    attach_roles(text, sentences, entities)
    dates = extract_dates(text[:body_end], article.date, article.body_start)
    trees: dict = {}  # syntax trees by sentence start, shared by quotes and targets
    limits: dict[str, int] = {}
    quotes = extract_quotes(text, sentences, entities, (article.body_start, body_end), trees,
                            decisions(options.collect, options.models), limits) if options.quotes else []
    attach_targets(text, sentences, entities, quotes, lambda wanted: syntax_of(wanted, trees))
    return Analysis(entities, dates, quotes, document_tone(sentences), models().names, limits)


def syntax_of(sentences, trees: dict) -> list:
    """The syntax trees of ``sentences``, parsing (in one batch) only those not in ``trees``."""
    from ...nlp import parse_syntax

    missing = [s for s in sentences if s.start not in trees]
    trees.update(zip([s.start for s in missing], parse_syntax(missing)))
    return [trees[s.start] for s in sentences]


# invented: a quote with a target, a role, a date and a pronoun, so that one analysis of it loads
# every model, lexicon and table a Russian article needs
WARM_UP = ("date 2025-11-12\nГлава компании «Альфа» Иван Петров 8 ноября заявил журналистам: «Мэр Сергей "
           "Собянин поддержал наш проект». По его словам, работы начнутся весной.")


@functools.cache
def preload() -> None:
    """Load everything an analysis needs before the first article, once per process (ingest's workers fork after
    it, sharing the memory; an article's clock starts after it)."""
    from ...model import Article
    from ...readers import parse_header

    date, title, body_start = parse_header(WARM_UP)
    analyze(Article(id="warm-up", text=WARM_UP, date=date, title=title, body_start=body_start), Options())


def rate(text: str, spans, types) -> list:
    from ...tone.given import rate_russian

    return rate_russian(text, spans, types)


LANGUAGE = Language("ru", "Russian", analyze, preload, rate)
