"""Jinja2 templates (autoescaped: article text is never trusted) and the error page."""
from __future__ import annotations

import functools
import pathlib

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = pathlib.Path(__file__).parent / "templates"


@functools.cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def error_page(status: int, message: str) -> str:
    return render("error.html", status=status, message=message)
