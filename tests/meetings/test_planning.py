"""Planning screens: who may plan, change and cancel; what they see; bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.factories import MDOGroupFactory, MeetingFactory, MembershipFactory
from tests.helpers import sign_in
from tests.meetings.conftest import future_day, list_url, meeting_emails, plan_url, row, slot_data

pytestmark = pytest.mark.django_db


def _errors(response) -> str:
    return response.content.decode()


# --- Allowed ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "vice_chair"])
def test_leaders_plan_several_meetings_at_once(client, group, members, role):
    leader = MembershipFactory(group=group, role=role)
    sign_in(client, leader.user)
    days = [future_day(14), future_day(42), future_day(70)]

    response = client.post(
        plan_url(group),
        slot_data(
            [row(day) for day in days[:2]]
            + [row(days[2], location="", video_link="https://meet.example.nl/abc")]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == list_url(group)
    meetings = list(Meeting.objects.filter(group=group))
    assert [timezone.localtime(m.starts_at).date() for m in meetings] == days
    assert all(timezone.localtime(m.starts_at).strftime("%H:%M") == "12:30" for m in meetings)
    assert meetings[2].video_link == "https://meet.example.nl/abc"
    # Every member of the group (4 with the leader) is invited to each meeting.
    assert all(len(meeting_emails(m, "invitation")) == 4 for m in meetings)
    page = client.get(list_url(group)).content.decode()
    assert "3 overleggen gepland; de leden zijn uitgenodigd." in page


def test_members_see_upcoming_and_past_meetings_of_their_group(client, group, members):
    gp = members[1]
    upcoming = MeetingFactory(group=group, location="Zaal De Linde")
    past_start = timezone.now() - timedelta(days=30)
    MeetingFactory(
        group=group,
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=1),
        location="Oude zaal",
    )
    MeetingFactory(location="Zaal van een andere groep")
    sign_in(client, gp.user)

    page = client.get(list_url(group)).content.decode()

    assert "Komende overleggen" in page and "Eerdere overleggen" in page
    assert page.index("Zaal De Linde") < page.index("Eerdere overleggen") < page.index("Oude zaal")
    assert "Zaal van een andere groep" not in page
    assert "Overleggen plannen" not in page  # no planning for a GP
    dashboard = client.get(reverse("networks:dashboard")).content.decode()
    assert "Komende overleggen" in dashboard
    assert upcoming.group.name in dashboard
    assert list_url(group) in dashboard


def test_the_chair_changes_and_cancels_a_meeting(chair_client, group, members):
    meeting = MeetingFactory(group=group)
    edit_url = reverse("meetings:edit", args=[group.pk, meeting.pk])
    day = future_day(20)

    response = chair_client.post(edit_url, row(day, start="09:00", end="10:00", location="Zaal 4"))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 09:00"
    assert meeting.location == "Zaal 4" and meeting.sequence == 1
    assert len(meeting_emails(meeting, "update")) == len(members)

    cancel_url = reverse("meetings:cancel", args=[group.pk, meeting.pk])
    assert "annuleren?" in chair_client.get(cancel_url).content.decode()
    response = chair_client.post(cancel_url, follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 2
    assert "Het overleg is geannuleerd; de leden zijn geïnformeerd." in response.content.decode()
    assert len(meeting_emails(meeting, "cancellation")) == len(members)


# --- Denied -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["gp", "nurse", "homecare", "consultant"])
def test_other_roles_do_not_plan_change_or_cancel(client, group, role):
    member = MembershipFactory(group=group, role=role)
    meeting = MeetingFactory(group=group)
    sign_in(client, member.user)

    assert client.get(list_url(group)).status_code == 200
    assert client.get(plan_url(group)).status_code == 404
    assert client.post(plan_url(group), slot_data([row()])).status_code == 404
    edit_url = reverse("meetings:edit", args=[group.pk, meeting.pk])
    assert client.post(edit_url, row(location="Elders")).status_code == 404
    cancel_url = reverse("meetings:cancel", args=[group.pk, meeting.pk])
    assert client.post(cancel_url).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.location != "Elders"
    assert Meeting.objects.count() == 1
    with pytest.raises(Http404):
        services.meetings_plan(user=member.user, group=group, slots=[])
    with pytest.raises(Http404):
        services.meeting_cancel(user=member.user, meeting=meeting)


def test_another_groups_meetings_do_not_exist_for_a_chair(chair_client, group):
    other = MDOGroupFactory()
    meeting = MeetingFactory(group=other)
    for url in (
        list_url(other),
        plan_url(other),
        reverse("meetings:edit", args=[other.pk, meeting.pk]),
        reverse("meetings:cancel", args=[other.pk, meeting.pk]),
        # The right group in the URL, a meeting of another group.
        reverse("meetings:edit", args=[group.pk, meeting.pk]),
        reverse("meetings:cancel", args=[group.pk, meeting.pk]),
    ):
        assert chair_client.get(url).status_code == 404, url
        # The list is a read: a POST is refused for its method before anything else.
        expected = 405 if url == list_url(other) else 404
        assert chair_client.post(url).status_code == expected, url
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


# --- Bad input --------------------------------------------------------------------------


def test_end_before_start_is_refused(chair_client, group):
    response = chair_client.post(plan_url(group), slot_data([row(start="14:00", end="13:00")]))
    assert response.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in _errors(response)
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused(chair_client, group):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = chair_client.post(plan_url(group), slot_data([row(), row(yesterday)]))
    assert "Dit moment is al voorbij: kies een datum in de toekomst." in _errors(response)
    assert not Meeting.objects.exists()  # all or nothing


def test_planning_the_same_moment_twice_is_refused(chair_client, group, chair_membership):
    day = future_day(21)
    response = chair_client.post(plan_url(group), slot_data([row(day), row(day)]))
    assert "Dezelfde datum en begintijd staan twee keer in de lijst." in _errors(response)

    chair_client.post(plan_url(group), slot_data([row(day)]))
    response = chair_client.post(plan_url(group), slot_data([row(day)]))
    assert "Deze groep heeft al een overleg op" in _errors(response)
    assert Meeting.objects.count() == 1
    # The service refuses too, in Dutch.
    meeting = Meeting.objects.get()
    with pytest.raises(ValidationError) as error:
        services.meetings_plan(
            user=chair_membership.user,
            group=group,
            slots=[{"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "location": "X"}],
        )
    assert "Deze groep heeft al een overleg op" in error.value.messages[0]


def test_a_cancelled_date_may_be_planned_again(chair_client, group, chair_membership):
    meeting = MeetingFactory(group=group)
    services.meeting_cancel(user=chair_membership.user, meeting=meeting)
    (again,) = services.meetings_plan(
        user=chair_membership.user,
        group=group,
        slots=[{"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "location": "Zaal"}],
    )
    assert again.uid != meeting.uid


def test_place_or_video_link_is_required_and_links_are_https(chair_client, group):
    response = chair_client.post(plan_url(group), slot_data([row(location="")]))
    assert "Vul een plaats of een videolink in." in _errors(response)
    response = chair_client.post(
        plan_url(group), slot_data([row(location="", video_link="javascript:alert(1)")])
    )
    assert "Voer een geldige URL in." in _errors(response)
    response = chair_client.post(
        plan_url(group), slot_data([row(location="", video_link="http://meet.example.nl/x")])
    )
    assert "Een videolink begint met https://." in _errors(response)
    assert not Meeting.objects.exists()


def test_an_empty_form_plans_nothing(chair_client, group):
    response = chair_client.post(plan_url(group), slot_data([], extra_empty=3))
    assert "Vul ten minste één datum voor een overleg in." in _errors(response)


@pytest.mark.parametrize("status", [Meeting.Status.CANCELLED, Meeting.Status.CLOSED])
def test_a_cancelled_or_closed_meeting_cannot_be_changed(
    chair_client, group, chair_membership, status
):
    meeting = MeetingFactory(group=group, status=status)
    edit_url = reverse("meetings:edit", args=[group.pk, meeting.pk])

    response = chair_client.post(edit_url, row(location="Elders"), follow=True)

    assert "Dit overleg kan niet meer worden gewijzigd." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location != "Elders" and meeting.sequence == 0
    expected = {
        Meeting.Status.CANCELLED: "Dit overleg is geannuleerd en kan niet meer worden gewijzigd.",
        Meeting.Status.CLOSED: "Dit overleg is afgesloten en kan niet meer worden gewijzigd.",
    }[status]
    for change in (
        lambda: services.meeting_update(user=chair_membership.user, meeting=meeting, location="X"),
        lambda: services.meeting_cancel(user=chair_membership.user, meeting=meeting),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.messages == [expected]
    assert meeting_emails(meeting) == []


def test_html_in_fields_is_shown_as_text(chair_client, group, members):
    html = '<script>alert("x")</script><b>Zaal</b>'
    chair_client.post(plan_url(group), slot_data([row(location=html)]))
    meeting = Meeting.objects.get()
    assert meeting.location == html  # stored as typed ...

    page = chair_client.get(list_url(group)).content.decode()
    assert html not in page  # ... and escaped wherever it is shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Zaal&lt;/b&gt;" in page
    dashboard = chair_client.get(reverse("networks:dashboard")).content.decode()
    assert html not in dashboard and "&lt;b&gt;Zaal&lt;/b&gt;" in dashboard
    # Mails are plain text and the calendar file escapes per RFC 5545.
    message = meeting_emails(meeting, "invitation")[0]
    assert not message.body_html
    assert "LOCATION:" in message.attachments[0]["content"]
