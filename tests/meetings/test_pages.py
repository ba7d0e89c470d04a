"""Meeting pages cost a fixed number of queries; demo data plans a meeting per group."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.demo import load_demo_meetings
from meetings.models import Meeting
from networks.models import MDOGroup
from tests.factories import MeetingFactory, MembershipFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_meetings_page_and_dashboard_queries_do_not_grow_with_meetings(client, group):
    chair = MembershipFactory(group=group, role="chair")
    other = MembershipFactory(user=chair.user)
    sign_in(client, chair.user)
    urls = [reverse("meetings:list", args=[group.pk]), reverse("networks:dashboard")]

    def add(count):
        for _ in range(count):
            day = timezone.now() + timedelta(days=7 + Meeting.objects.count())
            MeetingFactory(group=group, starts_at=day, ends_at=day + timedelta(hours=1))
            MeetingFactory(group=other.group, starts_at=day, ends_at=day + timedelta(hours=1))

    add(2)
    for url in urls:
        client.get(url)  # warm up: the site menu is cached after its first build
    few = [_queries(client, url) for url in urls]
    add(20)
    many = [_queries(client, url) for url in urls]
    assert few == many


def test_demo_data_has_one_upcoming_meeting_per_group():
    call_command("load_demo_data", stdout=StringIO())
    load_demo_meetings()  # twice: still one each
    for group in MDOGroup.objects.all():
        upcoming = Meeting.objects.filter(
            group=group, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        )
        assert upcoming.count() == 1, group


def test_the_meetings_page_leads_to_meeting_mode_input_and_reports(client, group):
    from meetings.models import Report

    chair = MembershipFactory(group=group, role="chair")
    nurse = MembershipFactory(group=group, role="nurse")
    ahead = timezone.now() + timedelta(days=10)
    upcoming = MeetingFactory(group=group, starts_at=ahead, ends_at=ahead + timedelta(hours=1))
    before = timezone.now() - timedelta(days=30)
    held = MeetingFactory(
        group=group, starts_at=before, ends_at=before + timedelta(hours=1), status="closed"
    )
    Report.objects.create(meeting=held, content={})
    url = reverse("meetings:list", args=[group.pk])
    base = url

    sign_in(client, chair.user)
    page = client.get(url).content.decode()
    assert f'href="{base}{upcoming.pk}/modus/"' in page
    assert f'href="{base}{upcoming.pk}/inbreng/"' in page
    assert f'href="{base}{held.pk}/verslag/"' in page
    client.logout()

    sign_in(client, nurse.user)
    page = client.get(url).content.decode()
    assert f'href="{base}{upcoming.pk}/modus/"' not in page
    assert f'href="{base}{upcoming.pk}/inbreng/"' in page
    assert f'href="{base}{held.pk}/verslag/"' in page
