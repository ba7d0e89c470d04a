"""The private calendar feed: secret token, only its hash stored, revocable."""

import icalendar
import pytest
from django.urls import reverse

from meetings.models import CalendarFeed, Meeting
from meetings.services import feed_token_hash
from tests.factories import MDOGroupFactory, MeetingFactory, MembershipFactory
from tests.helpers import sign_in
from tests.meetings.conftest import feed_path_from

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("meetings:feed_settings")


def _make_link(client) -> str:
    response = client.post(reverse("meetings:feed_renew"))
    assert response.status_code == 200
    return feed_path_from(response)


def test_a_member_subscribes_to_the_meetings_of_all_their_groups(client):
    first = MembershipFactory()
    second = MembershipFactory(user=first.user)
    mine = [
        MeetingFactory(group=first.group, location="Zaal A"),
        MeetingFactory(group=second.group, location="Zaal B"),
        MeetingFactory(group=first.group, status=Meeting.Status.CANCELLED, location="Zaal C"),
    ]
    MeetingFactory(group=MDOGroupFactory(), location="Niet van mij")
    sign_in(client, first.user)
    assert "Agendalink maken" in client.get(SETTINGS_URL).content.decode()
    path = _make_link(client)
    client.logout()

    response = client.get(path)  # no session: what a calendar app does

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"{m.uid}@mdo-portaal" for m in mine}
    assert events[f"{mine[2].uid}@mdo-portaal"]["STATUS"] == "CANCELLED"
    assert all(e["DTSTART"].params["TZID"] == "Europe/Amsterdam" for e in events.values())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert "Niet van mij" not in response.content.decode()


def test_only_the_hash_is_stored_and_a_new_link_replaces_the_old(client, user):
    MembershipFactory(user=user)
    sign_in(client, user)
    old = _make_link(client)
    token = old.removeprefix("/agenda/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=user)
    assert feed.token_hash == feed_token_hash(token) and token not in feed.token_hash
    # The link is shown once: not on the settings page afterwards.
    assert token not in client.get(SETTINGS_URL).content.decode()

    new = _make_link(client)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_or_unknown_link_is_not_found(client, user):
    sign_in(client, user)
    path = _make_link(client)
    response = client.post(reverse("meetings:feed_revoke"), follow=True)
    assert "Uw agendalink is uitgezet." in response.content.decode()
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert client.get(path).status_code == 404
    assert client.get("/agenda/onbekend.ics").status_code == 404


def test_an_inactive_users_link_is_not_found(client, user):
    sign_in(client, user)
    path = _make_link(client)
    user.is_active = False
    user.save()
    assert client.get(path).status_code == 404


def test_the_feed_is_read_only(client, user):
    sign_in(client, user)
    path = _make_link(client)
    client.logout()
    assert client.post(path).status_code == 405
