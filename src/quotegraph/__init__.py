"""quotegraph: who said what, about whom, and when, in Russian news.

    >>> from quotegraph import Pipeline
    >>> record = Pipeline()(article)          # one Article -> one record (a dict)
    >>> for rec in Pipeline().pipe(articles): ...
"""
__version__ = "0.1.0"

from .model import Article  # noqa: E402
from .pipeline import Pipeline, analyze  # noqa: E402

__all__ = ["Article", "Pipeline", "analyze", "__version__"]
