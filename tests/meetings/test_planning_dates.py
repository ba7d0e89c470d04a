"""Meeting dates must be plausible: not in the past, not beyond two years ahead (year
9999); nothing is planned and nobody invited when refused (issue 10, point 7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from outbox.models import OutboundEmail
from tests.factories import MembershipFactory
from tests.helpers import sign_in
from tests.meetings.conftest import future_day, plan_url, row, slot_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(client, group, members):
    leader = MembershipFactory(group=group, role="chair")
    sign_in(client, leader.user)
    return leader


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(9999, 12, 1), "hoogstens twee jaar vooruit"),
        (timezone.localdate() + timedelta(days=3 * 365), "hoogstens twee jaar vooruit"),
        (timezone.localdate() - timedelta(days=400), "al voorbij"),
    ],
    ids=["year-9999", "three-years-ahead", "last-year"],
)
def test_implausible_meeting_dates_are_refused_and_nobody_is_invited(
    client, group, chair, day, message
):
    response = client.post(plan_url(group), slot_data([row(day)]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_date_within_two_years_is_planned(client, group, chair):
    response = client.post(plan_url(group), slot_data([row(future_day(600))]))
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


def test_changing_a_meeting_to_year_9999_is_refused(client, group, chair):
    client.post(plan_url(group), slot_data([row(future_day(14))]))
    meeting = Meeting.objects.get()
    sent = OutboundEmail.objects.count()
    url = reverse("meetings:edit", args=[group.pk, meeting.pk])
    response = client.post(url, row(date(9999, 1, 5)))
    assert response.status_code == 200
    assert "hoogstens twee jaar vooruit" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at.year != 9999
    assert OutboundEmail.objects.count() == sent
