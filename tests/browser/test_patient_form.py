"""A GP adds a patient in one go: two care providers (the second row added in place),
two home-care organisations, the care-coordinator rule shown as they leave the row, and
a single save."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from networks.models import MDOGroup
from register.models import Patient

from .test_portal_shell import problems_on
from .test_register_settings import GP, demo_data, sign_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

RULE = "Wijs precies één betrokken hulpverlener aan als regievoerder."


def test_gp_adds_a_patient_with_two_providers_in_one_save(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    page = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 768}).new_page()
    saves = []
    page.on(
        "request",
        lambda request: (
            saves.append(request)
            if request.method == "POST" and "add_provider" not in (request.post_data or "")
            else None
        ),
    )
    sign_in(page, live_server.url, GP)
    page.goto(live_server.url + reverse("register:list", args=[group.pk]))
    page.get_by_role("link", name="Patiënt toevoegen").click()
    page.get_by_label("Palliatief").check()
    page.locator("main form button[type=submit]").click()
    saves.clear()

    page.get_by_label("Voorletters").fill("Q.")
    page.get_by_label("Achternaam", exact=True).fill("Formuliertest")
    page.get_by_label("Geboortedatum").fill("1944-05-06")
    page.locator("input[name=urgency]").nth(1).check()
    page.locator("input[name=prognosis]").nth(1).check()

    page.locator("input[name='providers-0-name']").fill("Dr. Eerste")
    page.get_by_role("button", name="Hulpverlener toevoegen").click()
    second = page.locator("input[name='providers-1-name']")
    expect(second).to_be_focused()
    expect(page.locator("input[name='providers-0-name']")).to_have_value("Dr. Eerste")
    expect(page.get_by_label("Achternaam", exact=True)).to_have_value("Formuliertest")
    second.fill("Wijkverpleegkundige Tweede")
    page.locator("textarea[name=question_for_meeting]").click()  # leave the provider rows
    expect(page.locator("#coordinator-check")).to_have_text(RULE)
    page.locator("input[name='providers-1-is_care_coordinator']").check()
    expect(page.locator("#coordinator-check")).to_be_hidden()

    page.get_by_label("Thuiszorg Maasoever").check()
    page.get_by_label("Wijkverpleging Rijnmond-Oost").check()
    assert problems_on(page) == []
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(r"/register/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Q. Formuliertest")
    assert len(saves) == 1  # one save, nothing in between
    patient = Patient.objects.get(surname="Formuliertest")
    assert sorted(p.name for p in patient.care_providers.all()) == [
        "Dr. Eerste",
        "Wijkverpleegkundige Tweede",
    ]
    assert patient.care_providers.get(is_care_coordinator=True).name == "Wijkverpleegkundige Tweede"
    assert patient.homecare_organisations.count() == 2
