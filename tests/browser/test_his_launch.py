"""A GP opens a patient in the test HIS, launches the portal, signs in with two steps and
lands on the pre-filled form; the second launch opens the same register entry."""

import re

import pytest
from playwright.sync_api import expect

from his.keys import public_jwks
from his.models import HISConnection
from networks.models import Organisation
from register.models import Patient
from testhis.app import HISState
from testhis.server import RunningHIS

from .axe import assert_accessible
from .test_login import GP_EMAIL, current_code, demo_data, sign_in_with_password, submit  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def his(live_server, demo_data):  # noqa: F811
    with RunningHIS(HISState(portal_url=live_server.url)) as state:
        state.faults["portal_jwks"] = public_jwks()
        HISConnection.objects.create(
            organisation=Organisation.objects.get(name="Huisartsenpraktijk De Linde"),
            name="Test-HIS",
            fhir_base_url=state.issuer,
            client_id=state.client_id,
        )
        yield state


def _open_from_his(page, his):
    page.goto(his.base_url + "/")
    page.get_by_role("listitem").filter(has_text="Jansen-de Vries").get_by_role(
        "link", name="Open MDO-portaal"
    ).click()


def test_gp_launches_from_the_his_and_lands_on_the_prefilled_form(page, live_server, his):
    _open_from_his(page, his)
    # No portal session yet: the portal's own two steps first, then the launch goes on.
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    page.locator("main form input[name=username]").fill(GP_EMAIL)
    from networks.management.commands.load_demo_data import DEMO_PASSWORD

    page.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/account/verifieren/"))
    page.locator("main form input[name=token]").fill(current_code(GP_EMAIL))
    submit(page)

    # Only one group where Anouk may add patients: straight to its form, target group first.
    expect(page).to_have_url(re.compile(r"/his/overnemen/\d+/nieuw/"))
    page.get_by_label("Palliatief", exact=True).check()
    submit(page)
    expect(page.locator("input[name=initials]")).to_have_value("A.M.")
    expect(page.locator("input[name=surname]")).to_have_value("Jansen-de Vries")
    expect(page.locator("input[name=birth_name]")).to_have_value("Jansen")
    expect(page.locator("input[name=date_of_birth]")).to_have_value("1938-04-12")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(r"/register/\d+/$"))
    patient = Patient.objects.get(surname="Jansen-de Vries")

    _open_from_his(page, his)
    expect(page).to_have_url(re.compile(r"/his/overnemen/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("staat al in het register")
    assert_accessible(page)
    page.get_by_role("link", name="Patiënt openen zonder wijzigingen").click()
    expect(page).to_have_url(re.compile(rf"/register/{patient.pk}/$"))
