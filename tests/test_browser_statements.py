"""The statement page in a real browser: the first occurrence marked, each rendering with its
differences from the statement's text."""
from __future__ import annotations

import pytest

from browser import available, launch, served
from test_statements import ARTICLES, statement_of, store

pytestmark = pytest.mark.skipif(not available(), reason="needs Debian's chromium (`make browser` installs it)")


def test_browser_statement_page_shows_its_first_occurrence_and_variants(tmp_path):
    db = store(tmp_path, ARTICLES)
    sid = statement_of(db, "эскалации")["id"]
    with served(db) as base, launch() as browser:
        page = browser.new_page()
        page.goto(f"{base}/statement/{sid}")
        items = page.locator("li.occurrence")
        first = page.locator("li.occurrence.first")
        assert (items.count(), first.count()) == (3, 1)
        assert "first seen" in first.inner_text().lower() and "tass.example" in first.inner_text()
        assert first.locator("ins, del").count() == 0  # the agency's rendering is the statement's text
        later = items.nth(2)  # the reported rendering: its own words added, the statement's left out
        assert later.locator("ins").count() >= 1 and later.locator("del").count() >= 1
        assert "press.example" in later.inner_text()
