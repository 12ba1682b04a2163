"""Errors quotegraph raises. Each message is one line: what failed, where, and how to fix it.

Library code raises these; only the CLI prints them.
"""
from __future__ import annotations


class QuotegraphError(Exception):
    """Base class of every error quotegraph raises on purpose."""


class InputError(QuotegraphError):
    """An input (file, line or article) cannot be read; the batch goes on without it.

    ``where`` names the file, and the line where there is one (``news.jsonl:17``).
    """

    def __init__(self, where: str, problem: str, fix: str = ""):
        self.where, self.problem, self.fix = where, problem, fix
        super().__init__(f"{where}: {problem}" + (f"; {fix}" if fix else ""))


class Skipped(InputError):
    """An input item read and left out on purpose (a WARC revisit, a 404 page, a PDF): counted
    as skipped, not failed, and kept with its reason in the failures table all the same."""


class AnalysisError(QuotegraphError):
    """An article was read but a pipeline stage failed on it; the batch goes on."""


class SetupError(QuotegraphError):
    """A model or a dependency is missing; reinstall with `make setup`."""
