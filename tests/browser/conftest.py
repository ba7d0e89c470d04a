"""Fixtures for the browser tests: Debian's Chromium through Playwright's sync API.

Every test in this folder is marked `browser`: deselect them with `-m "not browser"`.
The tests use pytest-django's `live_server` (a real HTTP server in a thread, on the
test database); no Playwright browser download is needed or used.
"""

from pathlib import Path

import pytest
from django.db import connections

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


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for the tests of this folder.

    Package scope rather than session scope: while Playwright runs, the main thread has
    a running event loop, which would break `asyncio.run()`/`async_to_sync` and swap
    Django's database connections in every test that runs after the browser tests.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    # The test database is set up (django_db_setup) before Playwright starts, so the
    # order is the same whichever test comes first.
    serialized = _serialized_contents()
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in the main thread,
        # and Django refuses ORM calls (fixtures, live_server, the tests' own queries)
        # from such a thread unless told otherwise. Only while the browser runs: set for
        # the whole session it would leak into other tests and their subprocesses.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        _restore_serialized_contents(serialized)
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _serialized_contents() -> dict:
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all(initialized_only=True)
        if hasattr(connection, "_test_serialized_contents")
    }


def _restore_serialized_contents(serialized: dict) -> None:
    """Hands the test database's serialized contents to the connections in use now.

    Django keeps connections per thread, and per asyncio context once an event loop
    runs (as it does while Playwright runs), so the tests here get new connection
    objects without the copy of the migrated database that `serialized_rollback` needs
    to bring back data migrations' rows (groups, Wagtail's root page) after a flush.
    """
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents


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
