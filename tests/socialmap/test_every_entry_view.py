"""Issue 15, bad input: a coordinator of another network is refused on every admin view
of a social map entry (list, edit, delete, copy, history, usage, inspect and whatever the
viewset serves), by GET and POST; administrators reach all."""

import re

import pytest
from django.urls import get_resolver, reverse

from socialmap.models import SocialMapEntry
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in
from tests.test_url_access import _walk

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_socialmap_socialmapentry:"


def one_entry_views():
    names = set()
    for pattern, _callback, name in _walk(get_resolver()):
        if name and name.startswith(NAMESPACE) and ("pk>" in pattern or "<pk" in pattern):
            assert re.findall(r"<(?:\w+:)?(\w+)>", pattern) == ["pk"], pattern
            names.add(name.removeprefix(NAMESPACE))
    return sorted(names)


VIEWS = one_entry_views()


def test_the_walk_finds_every_view():
    assert {"edit", "delete", "history", "usage", "inspect", "copy"} <= set(VIEWS)


@pytest.fixture
def setting(client):
    own, other = NetworkFactory(name="Eigen netwerk"), NetworkFactory(name="Ander netwerk")
    entries = {
        "own": SocialMapEntry.objects.create(network=own, kind="hospice", name="Eigen hospice"),
        "other": SocialMapEntry.objects.create(network=other, kind="hospice", name="Ander hospice"),
    }
    coordinator = UserFactory(with_authenticator=True)
    own.coordinators.add(coordinator)
    sign_in(client, coordinator)
    return entries


def _refused(response):
    """Wagtail answers PermissionDenied with a redirect to the admin home and a message."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize("view", VIEWS)
def test_coordinator_opens_every_view_of_their_own_networks_entry(client, setting, view):
    response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["own"].pk}))
    assert response.status_code in (200, 302) and not _refused(response), response.status_code


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_coordinator_opens_no_view_of_another_networks_entry(client, setting, view, method):
    entry = setting["other"]
    response = getattr(client, method)(reverse(NAMESPACE + view, kwargs={"pk": entry.pk}))
    assert _refused(response), response.status_code
    assert "Ander hospice" not in response.content.decode()
    entry.refresh_from_db()
    assert entry.name == "Ander hospice"
    assert SocialMapEntry.objects.filter(name="Ander hospice").count() == 1


def test_listing_and_search_show_own_entries_only(client, setting):
    for params in ({}, {"q": "hospice"}):
        listing = client.get(reverse(NAMESPACE + "list"), params).content.decode()
        assert "Eigen hospice" in listing
        assert "Ander hospice" not in listing


def test_a_coordinator_adds_only_to_their_own_network(client, setting):
    own, other = setting["own"].network, setting["other"].network
    form = client.get(reverse(NAMESPACE + "add")).content.decode()
    assert "Eigen netwerk" in form and "Ander netwerk" not in form
    data = {"kind": "vptz", "name": "Vrijwilligers", "network": other.pk}
    client.post(reverse(NAMESPACE + "add"), data)
    assert not SocialMapEntry.objects.filter(name="Vrijwilligers").exists()
    client.post(reverse(NAMESPACE + "add"), {**data, "network": own.pk})
    assert SocialMapEntry.objects.get(name="Vrijwilligers").network == own


def test_administrator_opens_every_view_of_every_entry(client, setting):
    client.logout()
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    for view in VIEWS:
        response = client.get(reverse(NAMESPACE + view, kwargs={"pk": setting["other"].pk}))
        assert response.status_code in (200, 302) and not _refused(response), view
    assert "Ander hospice" in client.get(reverse(NAMESPACE + "list")).content.decode()
