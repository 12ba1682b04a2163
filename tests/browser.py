"""Debian's chromium driven by Playwright (no browser is ever downloaded): shared by the browser
tests and bench/screenshots.py."""
from __future__ import annotations

import contextlib
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# headless, and quiet: without the background-networking flags chromium keeps trying to reach
# Google's hosts, which a closed network refuses
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def available() -> bool:
    return shutil.which("chromium") is not None


@contextlib.contextmanager
def launch():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
