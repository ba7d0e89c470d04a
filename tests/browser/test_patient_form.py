"""A GP adds a patient in one go: two care providers (the second row added in place),
two home-care organisations, the care-coordinator rule and a date rule shown as they
leave the field, and a single save that brings them back to the section they were in."""

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
FUTURE_BIRTH = "Een geboortedatum kan niet in de toekomst liggen."


def test_gp_adds_a_patient_with_two_providers_in_one_save(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    page = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 768}).new_page()
    saves = []
    page.on(
        "request",
        lambda request: (
            saves.append(request)
            if request.method == "POST"
            and not any(k in (request.post_data or "") for k in ("add_provider", "check_dates"))
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
    birth = page.get_by_label("Geboortedatum")
    birth.fill("2944-05-06")  # a typing error
    page.get_by_label("Voorletters").click()  # leave the date field
    expect(page.locator("#id_date_of_birth_error")).to_have_text(FUTURE_BIRTH)
    expect(birth).to_have_attribute("aria-invalid", "true")
    birth.fill("1944-05-06")
    page.get_by_label("Voorletters").click()
    expect(page.locator("#id_date_of_birth_error")).to_be_empty()
    expect(page.locator("#id_date_of_birth_error")).to_be_hidden()
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

    # Saved from the "Involved" section: back at that part of the patient page.
    expect(page).to_have_url(re.compile(r"/register/\d+/#involved-heading$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Q. Formuliertest")
    assert len(saves) == 1  # one save, nothing in between (the date checks save nothing)
    patient = Patient.objects.get(surname="Formuliertest")
    assert sorted(p.name for p in patient.care_providers.all()) == [
        "Dr. Eerste",
        "Wijkverpleegkundige Tweede",
    ]
    assert patient.care_providers.get(is_care_coordinator=True).name == "Wijkverpleegkundige Tweede"
    assert patient.homecare_organisations.count() == 2
