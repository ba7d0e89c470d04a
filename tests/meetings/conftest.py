from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboundEmail
from tests.factories import MembershipFactory
from tests.helpers import sign_in


@pytest.fixture
def chair_membership(group):
    return MembershipFactory(group=group, role="chair")


@pytest.fixture
def members(group, chair_membership):
    """The chair plus a GP and a nurse of the same group."""
    return [
        chair_membership,
        MembershipFactory(group=group, role="gp"),
        MembershipFactory(group=group, role="nurse"),
    ]


@pytest.fixture
def chair_client(client, chair_membership):
    sign_in(client, chair_membership.user)
    return client


def future_day(days=14):
    return timezone.localdate() + timedelta(days=days)


def slot_data(rows, *, extra_empty=1):
    """POST data for the planning formset; rows are dicts of the form's fields."""
    rows = list(rows) + [{}] * extra_empty
    data = {
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "24",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"slots-{index}-{field}"] = value
    return data


def row(day=None, start="12:30", end="14:00", location="Zaal 2", video_link=""):
    day = day or future_day()
    return {
        "date": day.isoformat(),
        "start": start,
        "end": end,
        "location": location,
        "video_link": video_link,
    }


def plan_url(group):
    return reverse("meetings:plan", args=[group.pk])


def list_url(group):
    return reverse("meetings:list", args=[group.pk])


def meeting_emails(meeting, kind=None):
    prefix = f"meeting:{meeting.pk}:"
    rows = OutboundEmail.objects.filter(key__startswith=prefix).order_by("key")
    if kind:
        rows = [r for r in rows if r.key.split(":")[4] == kind]
    return list(rows)


def parse_ics(message: OutboundEmail) -> icalendar.Calendar:
    (attachment,) = message.attachments
    return icalendar.Calendar.from_ical(attachment["content"])


def feed_path_from(response) -> str:
    """The new feed link shown once after making it, as a path."""
    import re

    match = re.search(r'id="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    assert match, "no feed link on the page"
    url = match.group(1)
    assert "/agenda/" in url and url.endswith(".ics")
    return url[url.index("/agenda/") :]
