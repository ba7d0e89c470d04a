"""Calendar files as real clients read them: the mailed attachment decoded from the MIME
message, then parsed by icalendar and by vobject (a second, independent parser)."""

import email
from datetime import UTC, datetime, timedelta
from email import policy

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse

from meetings import services
from meetings.calendar import AMSTERDAM
from outbox.services import email_deliver
from tests.factories import MDOGroupFactory, MembershipFactory, UserFactory
from tests.helpers import sign_in
from tests.meetings.conftest import feed_path_from, meeting_emails

pytestmark = pytest.mark.django_db

GROUP = "PaTz Zoë – Noord"
PERSON = "Daniëlle van den Bërg"
PLACE = "Gezondheidscentrum ’t Hoogt – zaal 2"


@pytest.fixture
def chair():
    group = MDOGroupFactory(name=GROUP)
    user = UserFactory(full_name=PERSON, with_authenticator=True)
    return MembershipFactory(group=group, user=user, role="chair")


def _plan(chair, starts_at):
    (meeting,) = services.meetings_plan(
        user=chair.user,
        group=chair.group,
        slots=[
            {
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=90),
                "location": PLACE,
                "video_link": "",
            }
        ],
    )
    return meeting


def _mailed(meeting):
    """The invitation as sent: the raw MIME message, parsed back like a mail client does."""
    (row,) = meeting_emails(meeting, "invitation")
    assert email_deliver(message_id=row.pk) == "sent"
    return email.message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)


def _attachment_text(message) -> str:
    (part,) = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert part.get_content_type() == "application/ics"
    assert part.get_content_charset() == "utf-8"
    return part.get_payload(decode=True).decode("utf-8")


def _inline_text(message) -> str:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True).decode(part.get_content_charset())


def _future(month, day, hour):
    year = datetime.now(AMSTERDAM).year + 1
    return datetime(year, month, day, hour, 30, tzinfo=AMSTERDAM)


def test_the_attachment_and_the_inline_part_carry_non_ascii_text_intact(chair):
    meeting = _plan(chair, _future(6, 10, 12))
    message = _mailed(meeting)
    for text in (_attachment_text(message), _inline_text(message)):
        (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
        assert str(event["SUMMARY"]) == f"MDO {GROUP}"
        assert str(event["LOCATION"]) == PLACE
        assert event["ATTENDEE"].params["CN"] == PERSON
        assert event["ORGANIZER"].params["CN"] == GROUP

        parsed = vobject.readOne(text)
        assert parsed.vevent.summary.value == f"MDO {GROUP}"
        assert parsed.vevent.location.value == PLACE
        assert parsed.vevent.attendee.params["CN"] == [PERSON]


def test_no_reply_is_asked_for_replies_go_nowhere(chair):
    meeting = _plan(chair, _future(6, 10, 12))
    (event,) = icalendar.Calendar.from_ical(_attachment_text(_mailed(meeting))).walk("VEVENT")
    assert "RSVP" not in event["ATTENDEE"].params


@pytest.mark.parametrize(
    ("month", "day", "hour", "utc_hour"),
    [(7, 14, 12, 10), (1, 14, 12, 11), (4, 2, 9, 7), (11, 2, 9, 8)],
    ids=["summer", "winter", "after-spring-change", "after-autumn-change"],
)
def test_summer_and_winter_meetings_start_at_the_right_utc_time(chair, month, day, hour, utc_hour):
    starts_at = _future(month, day, hour)
    expected = starts_at.astimezone(UTC)
    assert expected.hour == utc_hour
    text = _attachment_text(_mailed(_plan(chair, starts_at)))

    calendar = icalendar.Calendar.from_ical(text)
    (timezone_block,) = calendar.walk("VTIMEZONE")
    assert "RDATE" not in timezone_block.to_ical().decode()
    rules = {str(sub["TZNAME"]): sub["RRULE"] for sub in timezone_block.subcomponents}
    assert rules == {
        "CEST": {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]},
        "CET": {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]},
    }
    # The file's own time-zone block, not the parser's tz database, gives the offset.
    (event,) = calendar.walk("VEVENT")
    local = event["DTSTART"].dt.replace(tzinfo=None)
    assert local.replace(tzinfo=timezone_block.to_tz()).astimezone(UTC) == expected

    parsed = vobject.readOne(text)
    assert parsed.vevent.dtstart.value.astimezone(UTC) == expected


def test_the_subscribed_feed_reads_the_same_in_both_parsers(client, chair):
    summer = _plan(chair, _future(7, 14, 12))
    winter = _plan(chair, _future(1, 14, 12))
    sign_in(client, chair.user)
    response = client.post(reverse("meetings:feed_renew"))
    feed = client.get(feed_path_from(response))
    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode("utf-8")
    starts = sorted(
        event.dtstart.value.astimezone(UTC) for event in vobject.readOne(text).vevent_list
    )
    assert starts == sorted([summer.starts_at, winter.starts_at])
    assert "RDATE" not in text
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        assert str(event["SUMMARY"]) == f"MDO {GROUP}"
