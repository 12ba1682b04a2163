"""The pipeline: Article → its language (language.py) → that language's analysis (lang/) → record.

One code path for one article and for a batch (``__call__`` is ``pipe`` of one); a failing
article goes to the error handler and the batch goes on.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .errors import AnalysisError
from .language import with_language
from .model import Article
from .readers import DEFAULT_MAX_CHARS, too_long
from .record import make_record


class Pipeline:
    def __init__(self, on_error: Callable[[Article, Exception], None] | None = None, quotes: bool = True,
                 max_chars: int | None = DEFAULT_MAX_CHARS, models="shipped", collect: list | None = None):
        self.on_error = on_error
        self.quotes = quotes  # False: entities and dates only (the quotes list stays empty)
        self.max_chars = max_chars  # a longer article raises InputError (None: no limit)
        self.models = models  # the learned decisions: "shipped", a stages.decide.Models, or None (the rules')
        self.collect = collect  # a list that gets each article's candidate quotes (for training)

    def __call__(self, article: Article) -> dict:
        return self.analyze(article)

    def pipe(self, articles: Iterable[Article]) -> Iterator[dict]:
        """Records of the articles, in order; a failing article is reported and skipped."""
        for article in articles:
            try:
                yield self.analyze(article)
            except Exception as exc:  # one bad article never stops the batch
                if self.on_error is None:
                    raise
                self.on_error(article, exc)

    def analyze(self, article: Article) -> dict:
        from .lang import Options, language

        if error := too_long(article, self.max_chars):  # its cost grows faster than its length
            raise error
        article = with_language(article)  # InputError for a language quotegraph does not analyse
        analyser = language(article.lang)
        if error := too_long(article, self.max_chars, analyser.chars_per_word, analyser.name):
            raise error  # the language's own bound of words and marks (English's words cost more)
        try:
            done = analyser.analyze(article, Options(self.quotes, self.models, self.collect))
        except Exception as exc:
            raise AnalysisError(f"{article.origin or article.id}: analysis failed "
                                f"({type(exc).__name__}: {exc}); please report it with this article") from exc
        return make_record(article, done.entities, done.dates, done.models, done.quotes, done.tone, done.limits)


def analyze(text: str, date=None, id: str = "text", lang: str | None = None) -> dict:
    """The record of one text: the shortest way in from Python. ``lang`` (a BCP 47 tag) is
    detected when not given; a language quotegraph does not analyse raises InputError."""
    from .readers import parse_header

    header_date, title, body_start = parse_header(text)
    return Pipeline()(Article(id=id, text=text, date=date or header_date, title=title,
                              body_start=body_start, origin=id, lang=lang))
