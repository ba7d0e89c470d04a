"""A chair plans meetings in the browser; a GP sees them; every page passes axe."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from networks.models import MDOGroup

from .axe import assert_accessible
from .test_register_settings import sign_in

pytestmark = pytest.mark.browser

CHAIR = "voorzitter@demo.mdo-portaal.nl"
GP = "huisarts@demo.mdo-portaal.nl"


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


def test_chair_plans_meetings_and_members_see_them(browser, live_server, demo_data):
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    chair = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    sign_in(chair, live_server.url, CHAIR)
    chair.get_by_role("link", name="Alle overleggen van PaTz Kralingen").click()
    expect(chair.get_by_role("heading", level=1)).to_have_text("Overleggen van PaTz Kralingen")
    assert_accessible(chair)

    chair.get_by_role("link", name="Overleggen plannen").click()
    first = timezone.localdate() + timedelta(days=35)
    second = first + timedelta(days=42)
    for index, (day, place) in enumerate([(first, "Zaal De Linde"), (second, "")]):
        chair.locator(f"input[name=slots-{index}-date]").fill(day.isoformat())
        chair.locator(f"input[name=slots-{index}-start]").fill("12:30")
        chair.locator(f"input[name=slots-{index}-end]").fill("14:00")
        chair.locator(f"input[name=slots-{index}-location]").fill(place)
    # The second row has neither place nor video link: refused, with the reason at the row.
    chair.get_by_role("button", name="Plannen en uitnodigingen versturen").click()
    expect(chair.get_by_role("alert").first).to_contain_text("Verbeter de gemarkeerde rijen")
    expect(chair.locator("main")).to_contain_text("Vul een plaats of een videolink in.")
    assert_accessible(chair)
    chair.locator("input[name=slots-1-video_link]").fill("https://meet.example.nl/mdo")
    chair.get_by_role("button", name="Plannen en uitnodigingen versturen").click()

    expect(chair.locator("main")).to_contain_text("2 overleggen gepland")
    assert Meeting.objects.filter(group=group, status="planned").count() == 3  # + demo
    chair.goto(live_server.url + reverse("meetings:feed_settings"))
    chair.get_by_role("button", name="Agendalink maken").click()
    expect(chair.get_by_label("Agendalink")).to_have_value(re.compile(r"/agenda/.+\.ics$"))
    assert_accessible(chair)

    gp = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    sign_in(gp, live_server.url, GP)
    expect(gp.locator("#meetings-heading")).to_have_text("Komende overleggen")
    expect(gp.locator("main")).to_contain_text("Zaal De Linde")
    assert_accessible(gp)
