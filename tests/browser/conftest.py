"""Fixtures for the browser tests: Debian's Chromium through Playwright's sync API.

Every test in this folder is marked `browser`: deselect them with `-m "not browser"`.
The tests use pytest-django's `live_server` (a real HTTP server in a thread, on the
test database); no Playwright browser download is needed or used.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in the main thread, and Django
# refuses ORM calls (test fixtures, live_server's set-up) from a thread that has one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Short enough that a missing element fails the test quickly, long enough for a slow CI.
DEFAULT_TIMEOUT_MS = 15_000
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Marks the tests of this folder (only these) as `browser`."""
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_context(browser):
    """A fresh context (cookies, storage) per test.

    The site's strict Content-Security-Policy stays in force: axe is injected through
    the DevTools protocol (tests/browser/axe.py), which the CSP does not govern.
    """
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()
