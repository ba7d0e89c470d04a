"""Invitations, updates and cancellations: every calendar file parsed with icalendar."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from networks.services import invitation_accept, invitation_create
from outbox.services import email_deliver
from tests.factories import MeetingFactory, UserFactory
from tests.meetings.conftest import meeting_emails, parse_ics

pytestmark = pytest.mark.django_db


def _plan(chair_membership, days=14, **extra):
    starts_at = (timezone.localtime() + timedelta(days=days)).replace(
        hour=12, minute=30, second=0, microsecond=0
    )
    slot = {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=90),
        "location": "Zaal 2",
        "video_link": "",
        **extra,
    }
    (meeting,) = services.meetings_plan(
        user=chair_membership.user, group=chair_membership.group, slots=[slot]
    )
    return meeting


def _event(message):
    calendar = parse_ics(message)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_every_member_gets_an_invitation_that_calendars_accept(members, chair_membership):
    meeting = _plan(chair_membership)

    emails = meeting_emails(meeting, "invitation")
    assert sorted(e.to for e in emails) == sorted(m.user.email for m in members)
    for message in emails:
        calendar, event = _event(message)
        assert calendar["METHOD"] == "REQUEST"
        assert message.attachments[0]["method"] == "REQUEST"
        assert str(event["UID"]) == f"{meeting.uid}@mdo-portaal"
        assert event["SEQUENCE"] == 0
        assert event["STATUS"] == "CONFIRMED"
        # Local time in Europe/Amsterdam, with its VTIMEZONE in the file.
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert event.start == meeting.starts_at
        assert event.end == meeting.ends_at
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
        assert str(event["ORGANIZER"]) == "mailto:noreply@mdo-portaal.nl"
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{message.to}"
        assert "RSVP" not in attendee.params  # replies would go to a no-reply mailbox
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert message.subject.startswith(f"MDO {meeting.group.name} op ")


def test_the_mail_carries_a_text_calendar_part_with_the_same_method(chair_membership):
    meeting = _plan(chair_membership)
    (message,) = meeting_emails(meeting, "invitation")
    assert email_deliver(message_id=message.pk) == "sent"

    sent = mail.outbox[-1].message()
    parts = {part.get_content_type(): part for part in sent.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in calendar_part.get_payload(decode=True).decode()
    assert "application/ics" in parts  # the .ics file for clients that want an attachment
    body = mail.outbox[-1].body
    assert "U bent uitgenodigd voor het multidisciplinair overleg (MDO)" in body
    assert f"/portaal/groepen/{meeting.group_id}/overleggen/" in body
    assert "(inloggen vereist)" in body


def test_a_change_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    members, chair_membership
):
    meeting = _plan(chair_membership)
    new_start = meeting.starts_at + timedelta(days=1)

    services.meeting_update(
        user=chair_membership.user,
        meeting=meeting,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
    )
    services.meeting_update(user=chair_membership.user, meeting=meeting, location="Zaal 3")

    updates = meeting_emails(meeting, "update")
    assert len(updates) == 2 * len(members)
    sequences = {}
    for message in updates:
        calendar, event = _event(message)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == f"{meeting.uid}@mdo-portaal"
        sequences.setdefault(message.to, []).append(event["SEQUENCE"])
        assert message.subject.startswith("Gewijzigd: ")
    assert all(sorted(seq) == [1, 2] for seq in sequences.values())
    latest = max(updates, key=lambda m: _event(m)[1]["SEQUENCE"])
    assert _event(latest)[1]["LOCATION"] == "Zaal 3"
    assert _event(latest)[1].start == new_start


def test_saving_without_a_change_sends_nothing(members, chair_membership):
    meeting = _plan(chair_membership)
    services.meeting_update(user=chair_membership.user, meeting=meeting, location="Zaal 2")
    assert meeting_emails(meeting, "update") == []
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_a_cancellation_removes_the_meeting_from_calendars(members, chair_membership):
    meeting = _plan(chair_membership)
    services.meeting_update(user=chair_membership.user, meeting=meeting, location="Zaal 3")

    services.meeting_cancel(user=chair_membership.user, meeting=meeting)

    cancellations = meeting_emails(meeting, "cancellation")
    assert len(cancellations) == len(members)
    for message in cancellations:
        calendar, event = _event(message)
        assert calendar["METHOD"] == "CANCEL"
        assert message.attachments[0]["method"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert str(event["UID"]) == f"{meeting.uid}@mdo-portaal"
        assert event["SEQUENCE"] == 2
        assert str(event["ATTENDEE"]) == f"mailto:{message.to}"
        assert message.subject.startswith("Geannuleerd: ")


def test_keys_are_per_meeting_recipient_kind_and_sequence(members, chair_membership):
    meeting = _plan(chair_membership)
    keys = {m.key for m in meeting_emails(meeting)}
    assert keys == {f"meeting:{meeting.pk}:user:{m.user_id}:invitation:0" for m in members}
    # Sending the same thing again (a retried request, say) queues nothing new.
    services._send(meeting, services.Kind.INVITATION, services._recipients(meeting.group_id))
    assert {m.key for m in meeting_emails(meeting)} == keys


def test_nothing_is_queued_when_planning_fails(members, chair_membership):
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError):
        services.meetings_plan(
            user=chair_membership.user,
            group=chair_membership.group,
            slots=[
                {
                    "starts_at": past + timedelta(days=20),
                    "ends_at": past + timedelta(days=20, hours=1),
                },
                {"starts_at": past, "ends_at": past + timedelta(hours=1)},
            ],
        )
    assert not Meeting.objects.exists()


def test_a_new_member_gets_the_invitations_for_planned_meetings(group, chair_membership):
    ahead = _plan(chair_membership, days=10)
    later = _plan(chair_membership, days=40)
    cancelled = _plan(chair_membership, days=20)
    services.meeting_cancel(user=chair_membership.user, meeting=cancelled)
    MeetingFactory(
        group=group,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
    )
    newcomer = UserFactory(with_authenticator=True)
    invitation = invitation_create(
        group=group,
        email=newcomer.email,
        role="gp",
        organisation=None,
        invited_by=chair_membership.user,
    )

    invitation_accept(invitation=invitation, user=newcomer)

    mine = [m for m in meeting_emails(ahead) + meeting_emails(later) if m.to == newcomer.email]
    assert len(mine) == 2
    for message in mine:
        calendar, event = _event(message)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["ATTENDEE"]) == f"mailto:{newcomer.email}"
    assert not [m for m in meeting_emails(cancelled) if m.to == newcomer.email]
