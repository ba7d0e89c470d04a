"""The room view follows the scribe; nothing typed in the scribe's view is lost
(a minute offline: tests/browser/test_scribe_meeting.py).

Two browsers: the chair's laptop (signed in) and the projector PC, paired with a
one-time code, at 1920×1080. See docs/meeting-mode.md.
"""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Meeting
from networks.models import MDOGroup
from register.models import Patient

from .axe import assert_accessible
from .test_register_settings import sign_in

pytestmark = pytest.mark.browser

CHAIR = "voorzitter@demo.mdo-portaal.nl"
FOLLOW_WITHIN_S = 2.0


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def meeting(demo_data):
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    now = timezone.now().replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        group=group, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1)
    )
    patients = Patient.objects.filter(group=group).exclude(status="archived").order_by("pk")[:4]
    for position, patient in enumerate(patients, start=1):
        AgendaItem.objects.create(meeting=meeting, patient=patient, position=position)
    return meeting


def _url(live_server, name, meeting, *args):
    return live_server.url + reverse(name, args=[meeting.group_id, meeting.pk, *args])


def _chair(browser, live_server, meeting):
    page = browser.new_context(locale="nl-NL", viewport={"width": 1600, "height": 1000}).new_page()
    sign_in(page, live_server.url, CHAIR)
    page.goto(_url(live_server, "meeting_run:mode", meeting))
    page.get_by_role("button", name="Overleg starten").click()
    expect(
        page.get_by_role("heading", name=re.compile("deze patiënt staat op het scherm"))
    ).to_be_visible()
    return page


def _no_surname(html: str) -> None:
    for surname in Patient.objects.values_list("surname", flat=True):
        assert not re.search(rf"\b{re.escape(surname)}\b", html), surname


def test_paired_room_follows_the_scribes_keyboard(browser, live_server, meeting):
    chair = _chair(browser, live_server, meeting)
    chair.goto(_url(live_server, "meeting_room:displays", meeting))
    chair.get_by_role("button", name="Nieuwe koppelcode").click()
    code = chair.locator(".pairing-code").inner_text()
    assert_accessible(chair)

    projector = browser.new_context(
        locale="nl-NL", viewport={"width": 1920, "height": 1080}
    ).new_page()
    projector.goto(live_server.url + reverse("meeting_room:pair"))
    assert_accessible(projector)
    projector.get_by_label("Koppelcode").fill(code)
    projector.get_by_role("button", name="Koppelen").click()
    expect(projector.locator(".room-bar")).to_contain_text("patiënt 1 van 4")
    size = projector.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 24, size
    main_size = projector.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.room-main dd')).fontSize)"
    )
    assert main_size >= 24, main_size
    assert_accessible(projector)
    _no_surname(projector.content())

    chair.goto(_url(live_server, "meeting_run:item", meeting, meeting.agenda_items.first().pk))
    assert_accessible(chair)
    for number in (2, 3, 4):
        chair.locator("body").press("Alt+ArrowDown")
        expect(
            chair.get_by_role("heading", name=re.compile("deze patiënt staat op het scherm"))
        ).to_be_visible()
        moved = time.monotonic()
        expect(projector.locator(".room-bar")).to_contain_text(
            f"patiënt {number} van 4", timeout=int(FOLLOW_WITHIN_S * 1000)
        )
        assert time.monotonic() - moved <= FOLLOW_WITHIN_S
        _no_surname(projector.content())

    # The chair shows full names on their own screen: the room still never does.
    chair.get_by_role("button", name=re.compile("^Veilig projecteren")).click()
    expect(chair.locator("h1").first).to_be_visible()
    chair.locator("body").press("Alt+ArrowUp")
    third = meeting.agenda_items.order_by("position", "pk")[2].patient
    # The toggle really is off: the chair's own screen names the patient in full.
    expect(chair.locator("h1").first).to_contain_text(third.surname)
    expect(projector.locator(".room-bar")).to_contain_text(
        "patiënt 3 van 4", timeout=int(FOLLOW_WITHIN_S * 1000)
    )
    _no_surname(projector.content())
    assert_accessible(projector)
    assert_accessible(chair)

    # The projector may open nothing else.
    for name in ("meeting_run:mode", "meeting_room:displays"):
        assert projector.context.request.get(_url(live_server, name, meeting)).status == 404


def _advice(page):
    return page.get_by_role("textbox", name=re.compile("^Advies"))


def test_text_typed_just_before_closing_the_tab_is_saved(browser, live_server, meeting):
    chair = _chair(browser, live_server, meeting)
    item = meeting.agenda_items.first()
    _advice(chair).click()
    chair.keyboard.type("Morfine ophogen, evaluatie over een week")
    chair.close(run_before_unload=True)
    text = "Morfine ophogen, evaluatie over een week"
    for _ in range(50):
        item.refresh_from_db()
        if item.advice == text:
            break
        time.sleep(0.1)
    assert item.advice == text
