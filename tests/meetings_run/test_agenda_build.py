"""The chair builds the agenda from proposals with reasons, orders it and gives minutes;
publishing shows it to every member (within their register access) and e-mails them
without patient data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from meetings import agenda
from meetings.models import (
    AfterDeathAnalysis,
    AgendaItem,
    AgendaRule,
    Agreement,
    Discussion,
    Meeting,
    PreMeetingInput,
)
from outbox.models import OutboundEmail
from tests.factories import MembershipFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory, RegisterPatientFactory


def _closed(group, weeks_ago):
    return MeetingFactory(
        group=group,
        starts_at=timezone.now() - timedelta(weeks=weeks_ago),
        status=Meeting.Status.CLOSED,
    )


def _reasons(meeting):
    return {p.patient.pk: p.reasons for p in agenda.proposals(meeting)}


def _discussed(patient, meeting, **snapshot):
    item = AgendaItemFactory(meeting=meeting, patient=patient, discussed=True)
    return Discussion.objects.create(
        agenda_item=item,
        meeting=meeting,
        patient=patient,
        urgency_id=snapshot.get("urgency", patient.urgency_id),
        prognosis_id=snapshot.get("prognosis", patient.prognosis_id),
        discussed_at=meeting.starts_at,
    )


@pytest.fixture
def next_meeting(group):
    return MeetingFactory(group=group, starts_at=timezone.now() + timedelta(weeks=2))


def test_each_reason_is_proposed(group, next_meeting):
    last = _closed(group, 2)
    tg = RegisterPatientFactory(group=group).target_group
    low, high = tg.urgency_options.order_by("sort_order")[0], tg.urgency_options.last()
    question = RegisterPatientFactory(group=group, question_for_meeting="Hospice?")
    urgent = RegisterPatientFactory(group=group, urgency=high)
    changed = RegisterPatientFactory(group=group, urgency=low)
    _discussed(changed, last, urgency=high.pk)
    stale = RegisterPatientFactory(group=group, urgency=low)
    stale.created_at = timezone.now() - timedelta(weeks=30)
    stale.save()
    for weeks in (8, 14):
        _closed(group, weeks)
    due = RegisterPatientFactory(group=group, urgency=low)
    _discussed(due, last)
    Agreement.objects.create(
        agenda_item=due.agenda_items.get(), what="Bellen", due_date=timezone.localdate()
    )
    died = RegisterPatientFactory(
        group=group, urgency=low, status="deceased", date_of_death=timezone.localdate()
    )
    _discussed(died, last)
    quiet = RegisterPatientFactory(group=group, urgency=low)
    _discussed(quiet, last)

    reasons = _reasons(next_meeting)
    assert reasons[question.pk] == ["vraag voor het MDO"]
    assert "hoogste urgentie" in reasons[urgent.pk]
    assert reasons[changed.pk] == ["urgentie of prognose veranderd sinds de vorige bespreking"]
    assert reasons[stale.pk] == ["3 overleggen niet besproken"]
    assert reasons[due.pk] == ["open afspraak die afloopt"]
    assert reasons[died.pk] == ["overleden sinds het vorige overleg (nabespreking)"]
    assert quiet.pk not in reasons

    AgendaRule.objects.create(group=group, stale_after_meetings=4)
    assert stale.pk not in _reasons(next_meeting)
    AfterDeathAnalysis.objects.create(agenda_item=died.agenda_items.get())
    assert died.pk not in _reasons(next_meeting)


def test_member_input_left_on_an_undiscussed_item_is_a_reason(group, gp, next_meeting):
    patient = RegisterPatientFactory(group=group)
    last = _closed(group, 2)
    item = AgendaItemFactory(meeting=last, patient=patient, discussed=False)
    PreMeetingInput.objects.create(agenda_item=item, author=gp, text="Graag bespreken")
    assert _reasons(next_meeting)[patient.pk] == ["inbreng van een lid"]


def test_accept_skip_reorder_and_minutes(signed_in, chair, group, next_meeting):
    first = RegisterPatientFactory(group=group, question_for_meeting="Eerste?")
    second = RegisterPatientFactory(group=group, question_for_meeting="Tweede?")
    skipped = RegisterPatientFactory(group=group, question_for_meeting="Later?")
    client = signed_in(chair)
    url = run_url("agenda_change", next_meeting)
    for patient in (first, second):
        assert client.post(url, {"action": "accept", "patient": patient.pk}).status_code == 302
    client.post(url, {"action": "skip", "patient": skipped.pk})
    assert skipped.pk not in _reasons(next_meeting)
    assert AuditEvent.objects.filter(patient_id=skipped.pk, changed_fields=["agenda_skip"])
    second_item = AgendaItem.objects.get(patient=second)
    response = client.post(url, {"action": "up", "item": second_item.pk})
    assert response["Location"].endswith(f"#item-{second_item.pk}-up")
    order = list(next_meeting.agenda_items.order_by("position").values_list("patient", flat=True))
    assert order == [second.pk, first.pk]
    client.post(url, {"action": "minutes", "item": second_item.pk, "minutes": "25"})
    assert AgendaItem.objects.get(pk=second_item.pk).minutes == 25
    page = client.get(run_url("agenda_build", next_meeting)).content.decode()
    assert "35 van 90 minuten" in page


def test_bad_changes_are_refused(signed_in, chair, group, next_meeting):
    client = signed_in(chair)
    url = run_url("agenda_change", next_meeting)
    foreign = AgendaItemFactory(meeting=MeetingFactory(group=group))
    assert client.post(url, {"action": "up", "item": foreign.pk}).status_code == 404
    stranger = RegisterPatientFactory()  # another group
    assert client.post(url, {"action": "accept", "patient": stranger.pk}).status_code == 404
    item = AgendaItemFactory(meeting=next_meeting)
    page = client.post(url, {"action": "minutes", "item": item.pk, "minutes": "500"}, follow=True)
    assert "Vul tussen 1 en 120 minuten in." in page.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).minutes == 10
    next_meeting.status = Meeting.Status.CLOSED
    next_meeting.save()
    page = client.post(url, {"action": "publish"}, follow=True).content.decode()
    assert "gesloten" in page
    assert Meeting.objects.get(pk=next_meeting.pk).agenda_published_at is None
    assert not OutboundEmail.objects.exists()


def test_members_see_the_agenda_from_publication_within_their_access(
    signed_in, client, chair, gp, group, next_meeting
):
    homecare = MembershipFactory(group=group, role="homecare")
    theirs = RegisterPatientFactory(group=group, homecare=[homecare.organisation])
    other = RegisterPatientFactory(group=group)
    AgendaItemFactory(meeting=next_meeting, patient=theirs)
    AgendaItemFactory(meeting=next_meeting, patient=other)
    signed_in(homecare)
    assert client.get(run_url("agenda", next_meeting)).status_code == 404
    client.logout()

    signed_in(chair)
    client.post(run_url("agenda_change", next_meeting), {"action": "publish"})
    emails = OutboundEmail.objects.filter(key__contains=f"meeting:{next_meeting.pk}:")
    assert emails.count() == 3
    for email in emails:
        assert theirs.surname not in email.body_text and other.surname not in email.body_text
        assert f"/overleggen/{next_meeting.pk}/agenda/" in email.body_text
    client.logout()

    signed_in(homecare)
    page = client.get(run_url("agenda", next_meeting)).content.decode()
    assert theirs.surname in page
    assert other.surname not in page
    assert f"{other.initials[:1]} ({other.birth_year})" in page
    client.logout()
    signed_in(MembershipFactory(role="gp"))  # another group
    assert client.get(run_url("agenda", next_meeting)).status_code == 404


def test_only_the_chair_builds(signed_in, gp, next_meeting):
    client = signed_in(gp)
    assert client.get(run_url("agenda_build", next_meeting)).status_code == 404
    response = client.post(run_url("agenda_change", next_meeting), {"action": "publish"})
    assert response.status_code == 404
