"""Administrators manage networks and groups in the Wagtail admin; coordinators cannot."""

import pytest
from django.urls import reverse

from networks.models import Network
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

VIEWSETS = ["network", "organisation", "mdogroup", "membership"]


def test_administrator_manages_networks_and_groups(client):
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    NetworkFactory(name="Netwerk Palliatieve Zorg Testregio")
    sign_in(client, admin)
    for name in VIEWSETS:
        assert client.get(reverse(f"{name}:index")).status_code == 200
    page = client.get(reverse("network:index")).content.decode()
    assert "Netwerk Palliatieve Zorg Testregio" in page

    response = client.post(reverse("network:add"), {"name": "Netwerk Nieuw"})
    assert response.status_code == 302
    assert Network.objects.filter(name="Netwerk Nieuw").exists()


def test_coordinator_opens_the_cms_but_not_the_network_screens(client):
    coordinator = UserFactory(with_authenticator=True)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for name in VIEWSETS:
        response = client.get(reverse(f"{name}:index"))
        assert response.status_code in (302, 403)
    assert client.post(reverse("network:add"), {"name": "Stiekem"}).status_code in (302, 403)
    assert not Network.objects.filter(name="Stiekem").exists()


def test_removing_the_last_network_takes_away_cms_access(client):
    coordinator = UserFactory(with_authenticator=True)
    network = NetworkFactory()
    network.coordinators.add(coordinator)
    network.coordinators.remove(coordinator)
    sign_in(client, coordinator)
    assert client.get(reverse("wagtailadmin_home")).status_code in (302, 403)


def test_member_without_roles_in_cms_gets_no_admin(verified_client):
    assert verified_client.get(reverse("wagtailadmin_home")).status_code in (302, 403)
