"""Jinja2 templates (autoescaped: article text is never trusted) and the error page."""
from __future__ import annotations

import functools
import pathlib
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = pathlib.Path(__file__).parent / "templates"
SNIPPET = 420  # characters of a quote shown in a list


def query_string(params: dict, **changes) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` applied; empty values left out."""
    merged = {**params, **changes}
    pairs = [(k, v) for k, v in merged.items() if v not in (None, "") and not (k == "page" and v == 1)]
    return "?" + urlencode(pairs) if pairs else "?"


def identity_url(identity_id: int | None, type: str | None = None, speaks: bool = False) -> str | None:
    """A person's page for a person or anyone quoted, an entity's page for the rest."""
    if identity_id is None:
        return None
    return f"/{'person' if speaks or type == 'PER' else 'entity'}/{int(identity_id)}"


def snippet(text: str | None, limit: int = SNIPPET) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# a quote's tone towards a target: the word said (never colour alone) and the mark shown
TONE_WORDS = {"positive": "praised", "negative": "criticised", "neutral": "mentioned"}
TONE_MARKS = {"positive": "+", "negative": "−", "neutral": "·"}


def tone_word(tone: str | None) -> str:
    return TONE_WORDS.get(tone or "", "tone unknown")


def tone_mark(tone: str | None) -> str:
    return TONE_MARKS.get(tone or "", "?")


def tone_class(tone: str | float | None) -> str:
    """``tone-positive``, ``tone-negative``, ``tone-neutral`` for a label or a signed number;
    ``tone-unknown`` for None."""
    if isinstance(tone, (int, float)):
        tone = "positive" if tone > 0 else "negative" if tone < 0 else "neutral"
    return f"tone-{tone if tone in TONE_WORDS else 'unknown'}"


def signed(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{x:+.{digits}f}"


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(qs=query_string, identity_url=identity_url, tone_word=tone_word, tone_mark=tone_mark,
                       tone_class=tone_class)
    env.filters.update(snippet=snippet, plural=plural, signed=signed, script_lang=script_lang)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def error_page(status: int, message: str) -> str:
    return render("error.html", status=status, message=message)


def script_lang(name: str | None) -> str:
    """The language tag of a name by its letters: Cyrillic is Russian, else English."""
    return "ru" if name and any("\u0400" <= ch <= "\u04ff" for ch in name) else "en"
