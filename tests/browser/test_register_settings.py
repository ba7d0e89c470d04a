"""Register settings in the Wagtail admin; the register follows.

No code change: an administrator edits a (national) scale label, a non-technical
coordinator their region's home-care list, and a GP sees both in the register at once.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from networks.management.commands.load_demo_data import DEMO_PASSWORD
from register.models import TargetGroup

from .axe import assert_accessible
from .test_login import current_code

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.mdo-portaal.nl"
ADMINISTRATOR = "beheerder@demo.mdo-portaal.nl"
GP = "huisarts@demo.mdo-portaal.nl"


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


def sign_in(page, base_url, email):
    page.goto(base_url + "/account/inloggen/")
    page.locator("main form input[name=username]").fill(email)
    page.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("main form input[name=token]").fill(current_code(email))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portaal/$"))


def test_admin_edits_a_scale_and_coordinator_the_home_care_list(browser, live_server, demo_data):
    palliative = TargetGroup.objects.get(name="Palliatief")

    administrator = browser.new_context(locale="nl-NL").new_page()
    sign_in(administrator, live_server.url, ADMINISTRATOR)
    administrator.goto(
        live_server.url + reverse("wagtailsnippets_register_targetgroup:edit", args=[palliative.pk])
    )
    administrator.locator("input[name='prognosis_options-0-label']").fill("Langer dan een jaar")
    administrator.locator("button.button-longrunning[type=submit]").first.click()
    expect(administrator.locator(".messages")).to_contain_text("Palliatief")

    coordinator = browser.new_context(locale="nl-NL").new_page()
    sign_in(coordinator, live_server.url, COORDINATOR)
    coordinator.goto(live_server.url + reverse("organisation:add"))
    coordinator.locator("select[name=network]").select_option(
        label="Netwerk Palliatieve Zorg Rotterdam & omstreken"
    )
    coordinator.locator("input[name=name]").fill("Thuiszorg Nieuw Licht")
    coordinator.locator("select[name=kind]").select_option(value="homecare")
    coordinator.locator("button.button-longrunning[type=submit]").first.click()
    expect(coordinator.locator(".messages")).to_contain_text("Thuiszorg Nieuw Licht")

    gp = browser.new_context(locale="nl-NL").new_page()
    sign_in(gp, live_server.url, GP)
    gp.get_by_role("link", name=re.compile("Register van PaTz Kralingen")).click()
    expect(gp.get_by_role("heading", level=1)).to_contain_text("Register van PaTz Kralingen")
    expect(gp.locator("table")).to_contain_text("Langer dan een jaar")
    assert_accessible(gp)

    gp.get_by_role("link", name="Patiënt toevoegen").click()
    gp.get_by_label("Palliatief").check()
    gp.locator("main form button[type=submit]").click()
    expect(gp.get_by_text("Langer dan een jaar", exact=True)).to_be_visible()
    expect(gp.get_by_label("Thuiszorg Nieuw Licht")).to_be_visible()
    assert_accessible(gp)


def test_register_pages_pass_axe(browser, live_server, demo_data):
    gp = browser.new_context(locale="nl-NL").new_page()
    sign_in(gp, live_server.url, GP)
    gp.get_by_role("link", name=re.compile("Register van PaTz Kralingen")).click()
    gp.locator("main table tbody tr th a").first.click()
    expect(gp.get_by_role("heading", name="Problemen en krachtbronnen")).to_be_visible()
    assert_accessible(gp)
    gp.get_by_role("link", name="Bewerken").click()
    expect(gp.locator("main form")).to_be_visible()
    assert_accessible(gp)
