"""The scribe's view (issue 13): a whole meeting in few actions, and nothing typed is lost
through a minute without a connection. See docs/meeting-mode.md.
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

from meetings.models import AgendaItem, Agreement, Meeting
from networks.models import MDOGroup
from register.models import Patient
from tests.factories import PatientFactory

from .axe import assert_no_violations
from .test_register_settings import sign_in

pytestmark = pytest.mark.browser

CHAIR = "voorzitter@demo.mdo-portaal.nl"
PATIENTS = 10
MAX_ACTIONS = 60
OFFLINE_MS = 60_000
ATTENDEES = ("Marleen Visser", "Anouk de Vries")


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


def _meeting(patients: int) -> Meeting:
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    now = timezone.now().replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        group=group, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1)
    )
    chosen = list(
        Patient.objects.filter(group=group, status=Patient.Status.ACTIVE).order_by("pk")[:patients]
    )
    chosen += [PatientFactory(group=group) for _ in range(patients - len(chosen))]
    for position, patient in enumerate(chosen, start=1):
        AgendaItem.objects.create(meeting=meeting, patient=patient, position=position)
    return meeting


def _url(live_server, name, meeting, *args):
    return live_server.url + reverse(name, args=[meeting.group_id, meeting.pk, *args])


class Actions:
    """The scribe's clicks and key presses, counted: a typed or filled text is one action
    per field (the brief's rule), every click and key press (Enter, a shortcut) is one."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def press(self, keys):
        self.count += 1
        self.page.keyboard.press(keys)

    def type(self, text):
        self.count += 1
        self.page.keyboard.type(text)

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)


def _advice(page):
    return page.get_by_role("textbox", name=re.compile("^Advies"))


def _wait_for(check, timeout_s=15.0):
    """Polls the database until `check()` holds (the browser saves in the background)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "not saved in time"
        time.sleep(0.1)


def test_a_meeting_of_ten_patients_takes_at_most_sixty_actions(browser, live_server, demo_data):
    meeting = _meeting(PATIENTS)
    page = browser.new_context(locale="nl-NL", viewport={"width": 1600, "height": 1000}).new_page()
    sign_in(page, live_server.url, CHAIR)
    page.goto(_url(live_server, "meeting_run:mode", meeting))
    scribe = Actions(page)

    for name in ATTENDEES:
        scribe.click(page.get_by_label(re.compile(f"^{name}")))
    expect(page.locator("form .save-status").first).to_contain_text("Opgeslagen om")
    scribe.click(page.get_by_role("button", name="Overleg starten"))
    for number in range(1, PATIENTS + 1):
        expect(page.locator(".meeting-nav")).to_contain_text(f"Patiënt {number} van {PATIENTS}")
        # The advice has the focus on arrival; it saves itself while typed.
        expect(_advice(page)).to_be_focused()
        scribe.type(f"Advies {number}: proactieve zorgplanning bespreken.")
        scribe.fill(page.locator("input[name=new-what]").last, f"Afspraak {number}a")
        scribe.press("Enter")  # saved; an empty row below has the focus
        expect(page.locator("input[name=new-what]").last).to_be_focused()
        scribe.type(f"Afspraak {number}b")
        if number == 1:
            assert_no_violations(page)
        if number < PATIENTS:
            scribe.press("Alt+ArrowDown")
        else:
            scribe.click(page.get_by_role("link", name="Overleg afsluiten"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Overleg afsluiten")
    assert_no_violations(page)
    scribe.click(page.get_by_role("button", name="Overleg afsluiten en verslag versturen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verslag van het overleg")

    assert scribe.count <= MAX_ACTIONS, scribe.count
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    items = list(meeting.agenda_items.order_by("position"))
    assert all(item.discussed for item in items)  # ticked by the first words of advice
    assert meeting.attendances.count() == len(ATTENDEES)
    assert [item.advice for item in items] == [
        f"Advies {n}: proactieve zorgplanning bespreken." for n in range(1, PATIENTS + 1)
    ]
    saved = Agreement.objects.filter(agenda_item__meeting=meeting)
    assert sorted(saved.values_list("what", flat=True)) == sorted(
        f"Afspraak {n}{x}" for n in range(1, PATIENTS + 1) for x in "ab"
    )
    # Due on the next meeting's day unless the scribe chose another.
    next_meeting = Meeting.objects.filter(group=meeting.group, starts_at__gt=meeting.starts_at)
    assert next_meeting.exists()
    assert {a.due_date for a in saved} == {
        timezone.localdate(next_meeting.order_by("starts_at").first().starts_at)
    }


def test_a_minute_offline_with_a_reload_loses_nothing_and_saves_once(
    browser, live_server, demo_data
):
    """Advice typed, then a minute without a connection while an agreement is added, a
    reload while still offline, the connection back: both saved, each exactly once.

    Playwright's clock runs the page's timers (the debounce, the 3 s retries) through
    the minute at once, so the test does not wait it out."""
    meeting = _meeting(2)
    item = meeting.agenda_items.order_by("position").first()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.clock.install()
    sign_in(page, live_server.url, CHAIR)
    page.goto(_url(live_server, "meeting_run:mode", meeting))
    page.get_by_role("button", name="Overleg starten").click()
    expect(_advice(page)).to_be_focused()
    page.keyboard.type("Eerste deel.")
    expect(page.locator("form .save-status").first).to_contain_text("Opgeslagen om")

    context.set_offline(True)
    _advice(page).press("End")
    page.keyboard.type(" Tweede deel, offline getypt.")
    page.locator("input[name=new-what]").fill("Familiegesprek plannen")
    page.keyboard.press("Enter")
    page.keyboard.type("Thuiszorg vragen")
    page.clock.run_for(OFFLINE_MS)
    expect(page.locator("[data-typed-status]")).to_have_text(
        "niet opgeslagen — wordt opnieuw geprobeerd"
    )
    expect(page.locator("form .save-status").first).to_contain_text("Nog niet opgeslagen")
    item.refresh_from_db()
    assert item.advice == "Eerste deel."  # nothing got through while offline
    assert not Agreement.objects.filter(agenda_item=item).exists()
    with pytest.raises(Exception):  # noqa: B017 - the browser's own offline error page
        page.reload()

    context.set_offline(False)
    page.goto(_url(live_server, "meeting_run:item", meeting, item.pk))
    expected = ["Familiegesprek plannen", "Thuiszorg vragen"]

    def saved():
        item.refresh_from_db()
        rows = Agreement.objects.filter(agenda_item=item).order_by("pk")
        return item.advice.endswith("offline getypt.") and len(rows) >= len(expected)

    _wait_for(saved)
    page.clock.run_for(10_000)  # any retry still queued would be sent now
    page.reload()
    expect(_advice(page)).to_have_value("Eerste deel. Tweede deel, offline getypt.")
    item.refresh_from_db()
    assert item.advice == "Eerste deel. Tweede deel, offline getypt."
    rows = list(Agreement.objects.filter(agenda_item=item).order_by("pk"))
    assert [row.what for row in rows] == expected
    # The page empties its local queue when the server's answer arrives, which may be just
    # after the rows are in the database: wait for it (fails after 10 s if it never empties).
    page.wait_for_function(
        "Object.keys(localStorage).filter(k => k.startsWith('mdo-typed:')).length === 0",
        timeout=10_000,
    )
    assert_no_violations(page)
    context.close()
