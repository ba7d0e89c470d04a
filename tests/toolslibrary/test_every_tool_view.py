"""The per-network rule holds for every admin view of a tool, not only edit and delete
(issue 10, point 9): history, usage, copy, inspect and whatever the viewset serves."""

import re

import pytest
from django.urls import get_resolver, reverse

from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in
from tests.test_url_access import _walk
from toolslibrary.models import Tool

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_toolslibrary_tool:"
# The views that only look: a national tool may be looked at, not changed.
READ_ONLY = {"inspect"}


def one_tool_views():
    names = set()
    for pattern, _callback, name in _walk(get_resolver()):
        if name and name.startswith(NAMESPACE) and ("pk>" in pattern or "<pk" in pattern):
            assert re.findall(r"<(?:\w+:)?(\w+)>", pattern) == ["pk"], pattern
            names.add(name.removeprefix(NAMESPACE))
    return sorted(names)


VIEWS = one_tool_views()


def test_the_walk_finds_the_views_of_the_report():
    assert {"edit", "delete", "history", "usage", "inspect", "copy"} <= set(VIEWS)


@pytest.fixture
def setting(client):
    own, other = NetworkFactory(name="Eigen netwerk"), NetworkFactory(name="Ander netwerk")
    tools = {
        "own": Tool.objects.create(title="Eigen tool", summary="x", network=own),
        "other": Tool.objects.create(title="Andere tool", summary="x", network=other),
        "national": Tool.objects.create(title="Landelijke tool", summary="x"),
    }
    coordinator = UserFactory(with_authenticator=True)
    own.coordinators.add(coordinator)
    sign_in(client, coordinator)
    return tools


def _refused(response):
    """Wagtail answers PermissionDenied with a redirect to the admin home and a message."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] in (reverse("wagtailadmin_home"),)
    )


@pytest.mark.parametrize("view", VIEWS)
def test_coordinator_opens_every_view_of_their_own_networks_tool(client, setting, view):
    response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["own"].pk}))
    assert response.status_code in (200, 302), response.status_code
    assert not _refused(response)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_coordinator_opens_no_view_of_another_networks_tool(client, setting, view, method):
    tool = setting["other"]
    response = getattr(client, method)(reverse(NAMESPACE + view, kwargs={"pk": tool.pk}))
    assert _refused(response), response.status_code
    assert "Andere tool" not in response.content.decode()
    tool.refresh_from_db()
    assert tool.title == "Andere tool" and Tool.objects.filter(title="Andere tool").count() == 1


@pytest.mark.parametrize("view", VIEWS)
def test_national_tools_are_only_looked_at(client, setting, view):
    response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["national"].pk}))
    if view in READ_ONLY:
        assert response.status_code == 200
    else:
        assert _refused(response), response.status_code


def test_listing_shows_own_and_national_tools_only(client, setting):
    listing = client.get(reverse(NAMESPACE + "list")).content.decode()
    assert "Eigen tool" in listing and "Landelijke tool" in listing
    assert "Andere tool" not in listing


def test_a_coordinator_searches_the_listing(client, setting):
    """The search filters on the network field: it was a 500 for coordinators."""
    response = client.get(reverse(NAMESPACE + "list"), {"q": "tool"})
    assert response.status_code == 200
    listing = response.content.decode()
    assert "Eigen tool" in listing and "Landelijke tool" in listing
    assert "Andere tool" not in listing


def test_administrator_opens_every_view_of_every_tool(client, setting):
    client.logout()
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    for view in VIEWS:
        response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["other"].pk}))
        assert response.status_code in (200, 302) and not _refused(response), view
