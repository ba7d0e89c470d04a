"""Bottlenecks followed up (issue 15, point 2): the coordinator of the network gives each
point of a closed meeting a status and a response, in every admin view only for their own
networks; the group sees it on its meetings page."""

import re

import pytest
from django.urls import get_resolver, reverse

from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import Category, Finding, FollowUp, Meeting
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory, UserFactory
from tests.helpers import sign_in
from tests.test_url_access import _walk

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_meetings_finding:"


def one_point_views():
    names = set()
    for pattern, _callback, name in _walk(get_resolver()):
        if name and name.startswith(NAMESPACE) and "pk>" in pattern:
            names.add(name.removeprefix(NAMESPACE))
    return sorted(names)


VIEWS = one_point_views()
# Points come from meetings: nobody deletes one here, not even for their own network.
NEVER = {"delete"}


def finding(meeting, text, kind=Finding.Kind.BOTTLENECK):
    created = Finding.objects.create(
        meeting=meeting, kind=kind, category=Category.objects.first(), text=text
    )
    meeting_texts_anonymise(meeting)  # as closing does
    return created


@pytest.fixture
def setting(client):
    own, other = NetworkFactory(), NetworkFactory()
    gp = MembershipFactory(group__network=own)
    closed = MeetingFactory(group=gp.group, status=Meeting.Status.CLOSED)
    points = {
        "own": finding(closed, "Eigen knelpunt"),
        "open_meeting": finding(MeetingFactory(group=gp.group), "Nog niet gesloten"),
        "other": finding(
            MeetingFactory(group__network=other, status=Meeting.Status.CLOSED), "Ander knelpunt"
        ),
    }
    coordinator = UserFactory(with_authenticator=True)
    own.coordinators.add(coordinator)
    sign_in(client, coordinator)
    return {"points": points, "gp": gp}


def _refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_the_walk_finds_the_views():
    assert {"edit", "inspect", "history", "usage"} <= set(VIEWS)
    assert "copy" not in VIEWS


@pytest.mark.parametrize("view", VIEWS)
def test_coordinator_opens_every_view_of_their_own_networks_point(client, setting, view):
    response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["points"]["own"].pk}))
    if view in NEVER:
        assert _refused(response), view
    else:
        assert response.status_code in (200, 302) and not _refused(response), view


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("which", ["other", "open_meeting"])
def test_coordinator_opens_no_view_of_another_point(client, setting, view, method, which):
    point = setting["points"][which]
    response = getattr(client, method)(reverse(NAMESPACE + view, kwargs={"pk": point.pk}))
    assert _refused(response), response.status_code
    assert point.text not in response.content.decode()
    point.refresh_from_db()
    assert point.followup_status == FollowUp.Status.NEW


def test_nobody_adds_points_in_the_admin(client, setting):
    assert _refused(client.get(reverse(NAMESPACE + "add")))


def test_listing_shows_own_closed_points_only(client, setting):
    listing = client.get(reverse(NAMESPACE + "list")).content.decode()
    assert "Eigen knelpunt" in listing
    assert "Ander knelpunt" not in listing and "Nog niet gesloten" not in listing


def test_response_reaches_the_group_and_insight_counts(client, setting):
    point = setting["points"]["own"]
    response = client.post(
        reverse(NAMESPACE + "edit", kwargs={"pk": point.pk}),
        {"followup_status": "taken_up", "followup_response": "Besproken met de apotheken."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    point.refresh_from_db()
    assert point.followup_status == "taken_up" and point.followup_updated_at
    assert point.text == "Eigen knelpunt"  # read-only for the coordinator

    client.logout()
    gp = setting["gp"]
    sign_in(client, gp.user)
    page = client.get(reverse("meetings:list", args=[gp.group.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Besproken met de apotheken." in text and "Opgepakt" in text


def test_members_of_another_group_do_not_see_the_response(client, setting):
    point = setting["points"]["own"]
    point.followup_response = "Geheim antwoord"
    point.followup_status = "done"
    point.save()
    other_gp = MembershipFactory()
    client.logout()
    sign_in(client, other_gp.user)
    page = client.get(reverse("meetings:list", args=[other_gp.group.pk])).content.decode()
    assert "Geheim antwoord" not in page
