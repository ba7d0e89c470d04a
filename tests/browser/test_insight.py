"""A coordinator opens the insight page from the dashboard; axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from insight.services import tallies_refresh

from .axe import assert_accessible
from .test_register_settings import COORDINATOR, demo_data, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def test_coordinator_insight_page_passes_axe(browser, live_server, demo_data):  # noqa: F811
    tallies_refresh()
    page = browser.new_context(locale="nl-NL").new_page()
    sign_in(page, live_server.url, COORDINATOR)
    page.get_by_role("link", name="Geanonimiseerd inzicht voor uw netwerk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inzicht")
    # Sections start collapsed (a compact page); opening one shows its charts.
    expect(page.locator("svg.insight-chart").first).not_to_be_visible()
    page.locator("details.insight-section > summary").first.click()
    expect(page.locator("svg.insight-chart").first).to_be_visible()
    font_size = page.locator("svg.insight-chart text").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a"
    )
    assert font_size >= 12
    expect(page.locator("main")).to_contain_text("< 5")
    assert_accessible(page)
    page.locator("select[name=granularity]").select_option("quarter")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"granularity=quarter"))
    assert_accessible(page)
