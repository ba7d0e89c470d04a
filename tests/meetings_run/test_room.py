"""The room view: who sees it, what it shows (never a surname), states, what moves it."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from meetings import room
from meetings.models import Agreement, AttentionPoint, Meeting
from register.models import CareProvider, ProblemAndStrength, SubField, TargetGroup
from tests.factories import MembershipFactory, OrganisationFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory, category


def room_url(name, meeting, *args):
    return reverse(f"meeting_room:{name}", args=[meeting.group_id, meeting.pk, *args])


@pytest.fixture
def agenda(meeting):
    return [AgendaItemFactory(meeting=meeting) for _ in range(3)]


def _start(client, meeting):
    response = client.post(room_url("start", meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    return meeting


def test_waiting_screen_before_the_start(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    response = client.get(room_url("room", meeting))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Het overleg is nog niet begonnen" in body
    assert "site-header" not in body  # no site navigation on the projector


def test_chair_starts_and_the_room_shows_the_first_patient(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    meeting = _start(client, meeting)
    assert meeting.started_at is not None and meeting.started_by == chair.user
    assert meeting.current_item == agenda[0]
    body = client.get(room_url("room", meeting)).content.decode()
    patient = agenda[0].patient
    assert f"{patient.initials} ({patient.date_of_birth.year})" in body
    assert "patiënt 1 van 3" in body


def test_room_shows_the_whole_context_and_never_a_surname(signed_in, chair, meeting, agenda):
    patient = agenda[0].patient
    patient.diagnoses = "COPD GOLD 4"
    patient.surprise_question = "no"
    patient.spict_done, patient.spict_date = True, date(2026, 10, 1)
    patient.preferred_place_of_death = "Thuis"
    patient.save()
    sub = SubField.objects.exclude(dimension__name=room.ADVANCE_CARE_PLANNING).first()
    ProblemAndStrength.objects.create(patient=patient, sub_field=sub, problem="Benauwd")
    CareProvider.objects.create(
        patient=patient, name="Wijkverpleging Noord", is_care_coordinator=True
    )
    earlier = MeetingFactory(group=meeting.group, status=Meeting.Status.CLOSED)
    old_item = AgendaItemFactory(meeting=earlier, patient=patient, advice="Morfine starten")
    Agreement.objects.create(agenda_item=old_item, what="Gesprek familie", who="Huisarts")
    item = agenda[0]
    item.advice = "Hospice bespreken"
    item.save()
    AttentionPoint.objects.create(agenda_item=item, category=category(), text="Wachtlijst")
    client = signed_in(chair)
    client.post(reverse("meeting_run:toggle_safe", args=[meeting.group_id, meeting.pk]))
    _start(client, meeting)
    body = client.get(room_url("room", meeting)).content.decode()
    for text in [
        "COPD GOLD 4",
        "Benauwd",
        "Proactieve zorgplanning",  # advance care planning: always, even empty
        "Wijkverpleging Noord",
        "Thuis",
        "Morfine starten",
        "Gesprek familie",
        "Hospice bespreken",
        "Wachtlijst",
        patient.target_group.name,
    ]:
        assert text in body, text
    # Projector-safe toggled off for the chair: the room still has no surname at all.
    for other in agenda:
        assert other.patient.surname not in body
        assert other.patient.birth_name not in body


def test_room_is_for_those_who_run_the_meeting(signed_in, gp, meeting, agenda):
    client = signed_in(gp)
    assert client.get(room_url("room", meeting)).status_code == 404
    assert client.get(room_url("poll", meeting)).status_code == 404
    other = MeetingFactory()
    chair = MembershipFactory(group=meeting.group, role="chair")
    client = signed_in(chair)
    url = reverse("meeting_room:room", args=[meeting.group_id, other.pk])
    assert client.get(url).status_code == 404


def test_scribe_may_open_the_room(signed_in, gp, meeting, agenda):
    meeting.scribe = gp
    meeting.save()
    assert signed_in(gp).get(room_url("room", meeting)).status_code == 200


def test_anonymous_is_sent_to_sign_in(client, meeting):
    response = client.get(room_url("room", meeting))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_poll_answers_204_until_something_changes(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    version = meeting.room_version
    assert client.get(room_url("poll", meeting), {"v": version}).status_code == 204
    client.post(room_url("current", meeting), {"item": agenda[1].pk})
    changed = client.get(room_url("poll", meeting), {"v": version})
    assert changed.status_code == 200
    assert int(changed["X-Room-Version"]) > version
    patient = agenda[1].patient
    assert f"{patient.initials} ({patient.date_of_birth.year})" in changed.content.decode()
    assert "patiënt 2 van 3" in changed.content.decode()


def test_typing_the_advice_moves_the_room(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    version = Meeting.objects.get(pk=meeting.pk).room_version
    client.post(
        run_url("advice_save", meeting, agenda[0].pk),
        {"advice": "Palliatieve sedatie bespreken", "version": 1},
    )
    changed = client.get(room_url("poll", meeting), {"v": version})
    assert changed.status_code == 200
    assert "Palliatieve sedatie bespreken" in changed.content.decode()


def test_choosing_a_patient_goes_to_its_page(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    response = client.post(room_url("current", meeting), {"item": agenda[2].pk})
    assert response["Location"] == run_url("item", meeting, agenda[2].pk)
    meeting.refresh_from_db()
    assert meeting.current_item == agenda[2]


def test_another_meetings_item_is_refused(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    stranger = AgendaItemFactory()
    client.post(room_url("current", meeting), {"item": stranger.pk})
    meeting.refresh_from_db()
    assert meeting.current_item == agenda[0]


def test_target_group_filter_keeps_the_agenda_order(signed_in, chair, meeting, agenda):
    other = TargetGroup.objects.exclude(pk=agenda[0].patient.target_group_id).first()
    for item in (agenda[0], agenda[2]):
        item.patient.target_group = other
        item.patient.save()
    client = signed_in(chair)
    _start(client, meeting)
    response = client.post(room_url("current", meeting), {"doelgroep": other.pk})
    meeting.refresh_from_db()
    assert meeting.current_item == agenda[0]
    assert response["Location"].endswith(f"?doelgroep={other.pk}")
    body = client.get(room_url("room", meeting)).content.decode()
    assert "patiënt 1 van 2" in body
    page = client.get(response["Location"]).content.decode()
    assert f'name="item" value="{agenda[2].pk}"' in page  # next within the group skips agenda[1]


def test_closed_meeting_shows_what_was_discussed(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    agenda[1].discussed = True
    agenda[1].save()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    body = client.get(room_url("room", meeting)).content.decode()
    assert "Het overleg is afgelopen" in body
    patient = agenda[1].patient
    assert f"{patient.initials} ({patient.date_of_birth.year})" in body


def test_each_room_page_is_in_the_access_log(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    client.get(room_url("room", meeting))
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.patient_id) == ("view", agenda[0].patient_id)


def test_scribe_page_documents_the_keyboard(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    _start(client, meeting)
    page = client.get(run_url("item", meeting, agenda[0].pk)).content.decode()
    assert "Alt</kbd>+<kbd>↓</kbd>" in page
    assert "deze patiënt staat op het scherm" in page
    assert 'id="room-next"' in page and 'id="room-previous"' not in page


def test_starting_is_for_the_chair(signed_in, gp, meeting, agenda):
    meeting.scribe = gp
    meeting.save()
    assert signed_in(gp).post(room_url("start", meeting)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.started_at is None


def test_organisations_of_the_patient_are_shown(signed_in, chair, meeting, agenda):
    organisation = OrganisationFactory(network=meeting.group.network, name="Thuiszorg West")
    agenda[0].patient.homecare_organisations.add(organisation)
    client = signed_in(chair)
    _start(client, meeting)
    assert "Thuiszorg West" in client.get(room_url("room", meeting)).content.decode()


def _room_queries(client, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(room_url("poll", meeting), {"v": "0"}).status_code == 200
    with CaptureQueriesContext(connection) as unchanged:
        version = Meeting.objects.get(pk=meeting.pk).room_version
        assert client.get(room_url("poll", meeting), {"v": version}).status_code == 204
    return len(captured), len(unchanged) - 1  # minus the version read of this test


def test_room_queries_do_not_grow_with_the_agenda(signed_in, chair, meeting, agenda):
    earlier = MeetingFactory(group=meeting.group, status=Meeting.Status.CLOSED)
    old = AgendaItemFactory(meeting=earlier, patient=agenda[0].patient, advice="Eerder")
    Agreement.objects.create(agenda_item=old, what="Open", who="Huisarts")
    client = signed_in(chair)
    _start(client, meeting)
    few = _room_queries(client, meeting)
    for _ in range(10):
        item = AgendaItemFactory(meeting=meeting)
        Agreement.objects.create(agenda_item=item, what="Bellen", who="Huisarts")
    assert _room_queries(client, meeting) == few
    assert few[0] <= 14 and few[1] <= 3


def test_the_poll_is_in_the_access_log_only_when_it_shows_something(
    signed_in, chair, meeting, agenda
):
    client = signed_in(chair)
    _start(client, meeting)
    version = Meeting.objects.get(pk=meeting.pk).room_version
    before = AuditEvent.objects.count()
    assert client.get(room_url("poll", meeting), {"v": version}).status_code == 204
    assert AuditEvent.objects.count() == before
    assert client.get(room_url("poll", meeting), {"v": 0}).status_code == 200
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.patient_id, event.membership_id) == (
        "view",
        agenda[0].patient_id,
        chair.pk,
    )
