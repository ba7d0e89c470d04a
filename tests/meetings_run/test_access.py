"""Who may run, close and read: allowed and denied; other groups' meetings do not exist."""

import pytest

from audit.models import AuditEvent
from meetings.models import Meeting
from tests.factories import MembershipFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import MeetingFactory


@pytest.mark.parametrize("role", ["chair", "vice_chair"])
def test_leaders_run_the_meeting(signed_in, group, meeting, item, role):
    client = signed_in(MembershipFactory(group=group, role=role))
    assert client.get(run_url("mode", meeting)).status_code == 200
    assert client.get(run_url("item", meeting, item.pk)).status_code == 200
    assert client.get(run_url("close", meeting)).status_code == 200


@pytest.mark.parametrize("role", ["gp", "nurse", "homecare", "consultant"])
def test_members_do_not_run_the_meeting(signed_in, group, meeting, item, role):
    client = signed_in(MembershipFactory(group=group, role=role))
    assert client.get(run_url("mode", meeting)).status_code == 404
    assert client.get(run_url("item", meeting, item.pk)).status_code == 404
    response = client.post(run_url("advice_save", meeting, item.pk), {"advice": "x", "version": 1})
    assert response.status_code == 404
    assert client.get(run_url("close", meeting)).status_code == 404


def test_the_assigned_scribe_runs_but_does_not_close(signed_in, group, meeting, item):
    scribe = MembershipFactory(group=group, role="nurse")
    meeting.scribe = scribe
    meeting.save()
    client = signed_in(scribe)
    assert client.get(run_url("mode", meeting)).status_code == 200
    response = client.post(
        run_url("advice_save", meeting, item.pk), {"advice": "Notulist typt", "version": 1}
    )
    assert response.status_code == 302
    assert client.get(run_url("close", meeting)).status_code == 404
    assert client.post(run_url("close", meeting), {"plan_next": ""}).status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_chair_assigns_the_scribe(signed_in, chair, group, meeting):
    nurse = MembershipFactory(group=group, role="nurse")
    client = signed_in(chair)
    client.post(run_url("scribe", meeting), {"scribe": nurse.pk})
    assert Meeting.objects.get(pk=meeting.pk).scribe == nurse


def test_meeting_of_another_group_is_404(signed_in, chair, item):
    other = MeetingFactory()
    client = signed_in(chair)
    # Own group id with another group's meeting id, and the other group's ids.
    assert (
        client.get(f"/portaal/groepen/{chair.group_id}/overleggen/{other.pk}/modus/").status_code
        == 404
    )
    assert client.get(run_url("mode", other)).status_code == 404
    assert client.get(run_url("report", other)).status_code == 404


def test_agenda_page_view_is_audited_per_patient(signed_in, chair, meeting, item):
    client = signed_in(chair)
    client.get(run_url("item", meeting, item.pk))
    assert AuditEvent.objects.filter(
        action="view", patient_id=item.patient_id, group_id=meeting.group_id
    ).exists()
    client.get(run_url("mode", meeting))
    assert AuditEvent.objects.filter(action="list", group_id=meeting.group_id).exists()


def test_dashboard_links_the_group_reports(signed_in, gp):
    client = signed_in(gp)
    body = client.get("/portaal/").content.decode()
    assert f"/portaal/groepen/{gp.group_id}/overleggen/verslagen/" in body
    assert "Verslagen van PaTz De Esch" in body


def test_projector_safe_toggle_hides_surnames_and_never_redirects_away(
    signed_in, chair, meeting, item
):
    client = signed_in(chair)
    page = client.get(run_url("item", meeting, item.pk)).content.decode()
    assert item.patient.surname not in page  # safe by default
    assert f"{item.patient.initials} ({item.patient.date_of_birth.year})" in page
    response = client.post(run_url("toggle_safe", meeting), {"next": "https://evil.example/"})
    assert response["Location"] == run_url("mode", meeting)
    assert item.patient.surname in client.get(run_url("item", meeting, item.pk)).content.decode()


def test_reports_page_links_planned_meetings_by_role(signed_in, chair, gp, meeting):
    url = f"/portaal/groepen/{meeting.group_id}/overleggen/verslagen/"
    body = signed_in(chair).get(url).content.decode()
    assert run_url("mode", meeting) in body and run_url("input", meeting) in body
    assert AuditEvent.objects.filter(action="report_view", user_id=chair.user_id).exists()


def test_members_see_input_but_not_meeting_mode_links(signed_in, gp, meeting):
    url = f"/portaal/groepen/{meeting.group_id}/overleggen/verslagen/"
    body = signed_in(gp).get(url).content.decode()
    assert run_url("input", meeting) in body and run_url("mode", meeting) not in body
