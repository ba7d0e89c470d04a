"""Before the meeting: the chair builds the agenda from proposals and reorders it from the
keyboard, then publishes; a GP follows the reminder's link, signs in and is done with
three patients in at most four page loads; home care sees only what its access allows.
axe must pass on every new page."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from meetings.models import AgendaItem, Meeting
from meetings.services import reminders_enqueue_due
from networks.models import MDOGroup
from outbox.models import OutboundEmail
from register.access import in_care_with
from register.models import Patient

from .axe import assert_no_violations
from .test_register_settings import DEMO_PASSWORD, current_code, sign_in

pytestmark = pytest.mark.browser

CHAIR = "voorzitter@demo.mdo-portaal.nl"
GP = "huisarts@demo.mdo-portaal.nl"
HOMECARE = "thuiszorg@demo.mdo-portaal.nl"


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


def _order(meeting):
    return list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))


def test_agenda_built_published_and_prepared(browser, live_server, demo_data):
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    meeting = Meeting.objects.filter(group=group, status="planned").order_by("starts_at").first()
    meeting.starts_at = timezone.now() + timedelta(days=5)
    meeting.ends_at = meeting.starts_at + timedelta(minutes=90)
    meeting.save()
    gp_user = User.objects.get(email=GP)
    patients = list(Patient.objects.filter(group=group, status="active").order_by("pk"))
    Patient.objects.filter(group=group).update(responsible_gp=None)
    mine = patients[:3]
    Patient.objects.filter(pk__in=[p.pk for p in mine]).update(
        responsible_gp=gp_user, question_for_meeting=""
    )
    for position, patient in enumerate(mine, start=1):
        AgendaItem.objects.get_or_create(
            meeting=meeting, patient=patient, defaults={"position": position}
        )

    # The chair: proposals with reasons, accept two, move the first down by keyboard.
    chair = browser.new_context(locale="nl-NL").new_page()
    sign_in(chair, live_server.url, CHAIR)
    chair.goto(live_server.url + reverse("meeting_run:agenda_build", args=[group.pk, meeting.pk]))
    expect(chair.locator(".proposal-list > li").first).to_be_visible()
    assert_no_violations(chair)
    for _ in range(2):
        chair.get_by_role("button", name="Op de agenda zetten").first.click()
    assert meeting.agenda_items.count() == 5
    before = _order(meeting)
    down = chair.locator(f"#item-{before[0]}-down")
    down.focus()
    chair.keyboard.press("Enter")
    expect(chair.locator(f"#item-{before[0]}-down")).to_be_focused()
    assert _order(meeting)[:2] == [before[1], before[0]]
    chair.keyboard.press("Enter")  # still on the same button: one further down
    expect(chair.locator(f"#item-{before[0]}-down")).to_be_focused()
    assert _order(meeting)[2] == before[0]
    chair.get_by_role("button", name="Agenda publiceren en de leden laten weten").click()
    expect(chair.locator("main")).to_contain_text("De agenda is gepubliceerd")
    assert_no_violations(chair)
    assert OutboundEmail.objects.filter(key__contains=":agenda:").count() >= 3

    # The GP follows the reminder and signs in (sign-in pages not counted).
    reminders_enqueue_due()
    mail = OutboundEmail.objects.get(to=GP, key__contains=":reminder:")
    link = re.search(r"https?://\S+/voorbereiding/", mail.body_text).group(0)
    link = link.replace(settings.PORTAL_BASE_URL.rstrip("/"), live_server.url)
    gp = browser.new_context(locale="nl-NL").new_page()
    gp.goto(link)
    gp.locator("main form input[name=username]").fill(GP)
    gp.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    gp.locator("main form button[type=submit]").click()
    gp.locator("main form input[name=token]").fill(current_code(GP))
    loads = []
    gp.on("load", lambda: loads.append(gp.url))
    gp.locator("main form button[type=submit]").click()
    expect(gp.get_by_role("heading", level=1)).to_contain_text("Mijn voorbereiding")
    assert_no_violations(gp)
    for patient in mine:
        form = gp.locator(f"section[aria-labelledby='patient-{patient.pk}'] form")
        form.get_by_role("textbox", name="Vraag voor het MDO").fill("Wat is het beleid?")
        form.get_by_role("button", name=re.compile("^Bijgewerkt")).click()
        expect(gp.locator(f"#patient-{patient.pk}")).to_contain_text("bijgewerkt")
    expect(gp.locator(".all-done")).to_contain_text("Alles klaar")
    assert len(loads) <= 4, loads
    assert_no_violations(gp)
    gp.goto(live_server.url + reverse("networks:dashboard"))
    assert_no_violations(gp)
    # The patient page with the agreements and discussions includes.
    gp.goto(live_server.url + reverse("register:detail", args=[group.pk, mine[0].pk]))
    expect(gp.locator("#patient-agreements-heading")).to_be_visible()
    expect(gp.locator("#patient-discussions-heading")).to_be_visible()
    assert_no_violations(gp)

    # Home care: the agenda, full only for patients in care with its organisation.
    homecare_user = User.objects.get(email=HOMECARE)
    membership = homecare_user.memberships.get(group=group)
    theirs = set(
        Patient.objects.filter(group=group)
        .filter(in_care_with(membership.organisation_id))
        .values_list("pk", flat=True)
    )
    hidden = [item.patient for item in meeting.agenda_items.all() if item.patient_id not in theirs]
    home = browser.new_context(locale="nl-NL").new_page()
    sign_in(home, live_server.url, HOMECARE)
    home.goto(live_server.url + reverse("meeting_run:agenda", args=[group.pk, meeting.pk]))
    body = home.locator("main").inner_text()
    for patient in hidden:
        assert patient.surname not in body
        assert f"{patient.initials[:1]} ({patient.birth_year})" in body
    assert_no_violations(home)
