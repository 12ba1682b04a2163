"""The record: what `quotegraph analyze` writes for one article (format v3, docs/record-format.md)."""
from __future__ import annotations

import functools
import json
from importlib import resources

from . import __version__
from .model import Article, DateMention, Entity

NO_TONE = {"tone": 0.0, "positive": 0.0, "negative": 0.0, "polarity": 0.0, "words": 0,
           "positive_words": 0, "negative_words": 0}
SCHEMA_VERSION = 3  # 2: quotes have targets, the record a document tone; 3: web metadata
# Records from this version on hold every result of analysis: an older one is analysed again
ANALYSED_SINCE = 2


def make_record(article: Article, entities: list[Entity], dates: list[DateMention],
                models: list[str], quotes: list[dict] | None = None, tone: dict | None = None,
                limits: dict[str, int] | None = None) -> dict:
    """The record of an article (docs/record-format.md). ``limits``: what per-article bounds left
    out (docs/reliability.md), recorded in ``pipeline.limits`` only when one did."""
    pipeline = {"version": __version__, "models": models, **({"limits": dict(limits)} if limits else {})}
    return {
        "id": article.id,
        "text": article.text,
        "lang": article.lang,
        "date": article.date.isoformat() if article.date else None,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "site": article.site,
        "author": article.author,
        "fetched_at": article.fetched_at,
        "content": article.content,
        "duplicate_of": None,
        "schema_version": SCHEMA_VERSION,
        "pipeline": pipeline,
        "entities": [entity_dict(e) for e in entities],
        "quotes": quotes or [],
        "dates": [{"start": d.start, "end": d.end, "text": d.text, "value": d.value} for d in dates],
        "tone": tone if tone is not None else NO_TONE,
    }


def entity_dict(e: Entity) -> dict:
    return {"id": e.id, "type": e.type, "name": e.name, "roles": list(e.roles),
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind} for m in e.mentions]}


def to_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


@functools.cache
def record_schema() -> dict:
    """The JSON Schema of a record (``schema/record.schema.json`` in the package)."""
    path = resources.files("quotegraph") / "schema" / "record.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))
