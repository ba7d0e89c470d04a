"""The reminder says when the meeting is, counted from the day it is sent."""

from datetime import datetime, timedelta

import pytest

from meetings import services
from meetings.calendar import AMSTERDAM
from tests.factories import MeetingFactory
from tests.meetings.conftest import meeting_emails

pytestmark = pytest.mark.django_db

TUESDAY = datetime(2026, 12, 22, 12, 30, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("sent", "phrase"),
    [
        (datetime(2026, 12, 18, 9, 0), "is op dinsdag 22 december, over 4 dagen."),
        (datetime(2026, 12, 15, 13, 0), "is op dinsdag 22 december, over 7 dagen."),
        (datetime(2026, 12, 21, 23, 0), "is morgen, dinsdag 22 december."),
        (datetime(2026, 12, 22, 8, 0), "is vandaag, dinsdag 22 december."),
    ],
)
def test_the_reminder_gives_the_real_distance(group, members, sent, phrase):
    meeting = MeetingFactory(group=group, starts_at=TUESDAY, ends_at=TUESDAY + timedelta(hours=1))
    services.reminders_enqueue_due(now=sent.replace(tzinfo=AMSTERDAM))
    text = meeting_emails(meeting, "reminder")[0].body_text
    assert f"Het multidisciplinair overleg (MDO) van {group.name} {phrase}" in text
    assert "week" not in text
