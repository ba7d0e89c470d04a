"""Bad input: other groups' attendees and patients, foreign tools, closed meetings, HTML."""

import pytest

from meetings.models import AgendaItem, Attendance, Finding
from tests.factories import MembershipFactory, target_group
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import RegisterPatientFactory, category
from toolslibrary.models import Tool


def test_attendee_from_another_group_is_refused(signed_in, chair, meeting):
    stranger = MembershipFactory()
    client = signed_in(chair)
    response = client.post(
        run_url("attendance", meeting),
        {"present": [chair.pk, stranger.pk]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Alleen leden van deze groep" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_members_and_guests_are_recorded(signed_in, chair, gp, meeting):
    client = signed_in(chair)
    client.post(run_url("attendance", meeting), {"present": [chair.pk, gp.pk]})
    client.post(
        run_url("guest_add", meeting),
        {"guest_name": "Carla Consulent", "guest_role": "Consulent palliatieve zorg"},
    )
    names = {str(a) for a in Attendance.objects.filter(meeting=meeting)}
    assert "Carla Consulent" in names
    assert Attendance.objects.filter(meeting=meeting, membership__isnull=False).count() == 2


def test_patient_from_another_group_is_refused(signed_in, chair, meeting):
    foreign = RegisterPatientFactory()
    client = signed_in(chair)
    response = client.post(run_url("agenda_add", meeting), {"patient": foreign.pk})
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    page = client.get(run_url("mode", meeting))
    assert "Deze patiënt staat niet in het register van deze groep" in page.content.decode()


def test_tool_of_another_target_group_is_refused(signed_in, chair, meeting, item):
    own = Tool.objects.create(title="Zorgpad Stervensfase")
    own.target_groups.add(item.patient.target_group)
    foreign = Tool.objects.create(title="Valpreventie thuis")
    foreign.target_groups.add(target_group("Kwetsbare ouderen"))
    client = signed_in(chair)
    response = client.post(
        run_url("tools_save", meeting, item.pk),
        {"tools": [own.pk, foreign.pk]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "doelgroep van de patiënt" in response.content.decode()
    assert not item.tools.exists()
    ok = client.post(
        run_url("tools_save", meeting, item.pk), {"tools": [own.pk]}, HTTP_HX_REQUEST="true"
    )
    assert ok.status_code == 200
    assert list(item.tools.all()) == [own]


def test_html_is_escaped_everywhere(signed_in, chair, meeting, item):
    client = signed_in(chair)
    script = "<script>alert(1)</script>"
    client.post(run_url("advice_save", meeting, item.pk), {"advice": script, "version": 1})
    client.post(
        run_url("finding_add", meeting),
        {"kind": "bottleneck", "category": category().pk, "text": script},
    )
    client.post(run_url("guest_add", meeting), {"guest_name": script, "guest_role": script})
    for url in (run_url("mode", meeting), run_url("item", meeting, item.pk)):
        body = client.get(url).content.decode()
        assert script not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_closed_meeting_cannot_be_edited(signed_in, chair, meeting, item):
    meeting.status = "closed"
    meeting.save()
    client = signed_in(chair)
    response = client.post(
        run_url("advice_save", meeting, item.pk),
        {"advice": "te laat", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "Dit overleg is gesloten" in response.content.decode()
    response = client.post(
        run_url("finding_add", meeting),
        {"kind": "bottleneck", "category": category().pk, "text": "te laat"},
    )
    assert not Finding.objects.exists()
    assert AgendaItem.objects.get(pk=item.pk).advice == ""


@pytest.mark.parametrize("role", ["gp", "nurse"])
def test_members_give_input_only_on_patients_they_see(signed_in, group, meeting, role):
    member = MembershipFactory(group=group, role=role)
    visible = RegisterPatientFactory(group=group, question_for_meeting="Vraag")
    if role == "nurse":
        visible.homecare_organisations.add(member.organisation)
    hidden = RegisterPatientFactory(group=group, question_for_meeting="Vraag")
    client = signed_in(member)
    page = client.get(run_url("input", meeting)).content.decode()
    assert visible.surname in page
    assert (hidden.surname in page) == (role == "gp")
    client.post(run_url("input", meeting), {"patient": visible.pk, "text": "Pijn neemt toe"})
    item = AgendaItem.objects.get(meeting=meeting, patient=visible)
    assert item.inputs.get().text == "Pijn neemt toe"
    if role == "nurse":
        response = client.post(run_url("input", meeting), {"patient": hidden.pk, "text": "x"})
        assert response.status_code == 200
        assert not AgendaItem.objects.filter(patient=hidden).exists()
