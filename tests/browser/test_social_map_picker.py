"""A GP adding a care provider picks a service from the network's social map: the name
is offered, choosing it fills the row's contact details; the form passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from networks.models import MDOGroup

from .test_portal_shell import problems_on
from .test_register_settings import GP, demo_data, sign_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def test_gp_picks_a_provider_from_the_social_map(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")  # Rotterdam
    page = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, live_server.url, GP)
    page.goto(live_server.url + reverse("register:list", args=[group.pk]))
    page.get_by_role("link", name="Patiënt toevoegen").click()
    page.get_by_label("Palliatief").check()
    page.locator("main form button[type=submit]").click()

    name = page.locator("input[name='providers-0-name']")
    expect(name).to_have_attribute("list", "social-map-entries")  # the form has loaded
    options = page.locator("datalist#social-map-entries option")
    values = options.evaluate_all("(items) => items.map((item) => item.value)")
    assert "Hospice De Regenboog" in values
    assert "Hospice Domstad" not in values  # Utrecht's map, not this group's network
    name.fill("Hospice De Regenboog")
    name.blur()  # "change", as when an option of the list is chosen
    expect(page.locator("input[name='providers-0-contact']")).to_have_value(
        "010 123 45 67 · info@hospice-regenboog.example"
    )
    assert problems_on(page) == []
