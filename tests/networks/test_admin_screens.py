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
    for name in ["network", "mdogroup", "membership"]:
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


class TestRegionalOrganisationList:
    """A coordinator keeps their own network's organisations, and no other's."""

    def setup_coordinator(self, client):
        from networks.models import Organisation
        from tests.factories import OrganisationFactory

        coordinator = UserFactory(with_authenticator=True)
        own, other = NetworkFactory(), NetworkFactory()
        own.coordinators.add(coordinator)
        mine = OrganisationFactory(
            network=own, name="Thuiszorg Eigen Regio", kind=Organisation.Kind.HOMECARE
        )
        theirs = OrganisationFactory(
            network=other, name="Thuiszorg Andere Regio", kind=Organisation.Kind.HOMECARE
        )
        sign_in(client, coordinator)
        return own, other, mine, theirs

    def test_lists_and_edits_only_own_network(self, client):
        own, other, mine, theirs = self.setup_coordinator(client)
        page = client.get(reverse("organisation:index")).content.decode()
        assert mine.name in page and theirs.name not in page
        assert client.get(reverse("organisation:edit", args=[mine.pk])).status_code == 200
        assert client.get(reverse("organisation:edit", args=[theirs.pk])).status_code == 404
        response = client.post(
            reverse("organisation:edit", args=[theirs.pk]),
            {"network": other.pk, "name": "Overgenomen", "kind": "homecare"},
        )
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.name == "Thuiszorg Andere Regio"

    def test_adding_to_another_network_is_refused(self, client):
        from networks.models import Organisation

        own, other, mine, theirs = self.setup_coordinator(client)
        client.post(
            reverse("organisation:add"),
            {"network": other.pk, "name": "Stiekem", "kind": "homecare"},
        )
        assert not Organisation.objects.filter(name="Stiekem").exists()
        response = client.post(
            reverse("organisation:add"),
            {"network": own.pk, "name": "Nieuwe Thuiszorg", "kind": "homecare"},
        )
        assert response.status_code == 302
        assert Organisation.objects.get(name="Nieuwe Thuiszorg").network == own

    def test_new_home_care_organisation_appears_in_the_register_form(self, client):
        from tests.factories import MembershipFactory, target_group

        own, other, mine, theirs = self.setup_coordinator(client)
        client.post(
            reverse("organisation:add"),
            {"network": own.pk, "name": "Thuiszorg Nieuw", "kind": "homecare"},
        )
        gp = MembershipFactory(role="gp", group__network=own)
        from django.test import Client

        gp_client = Client()
        sign_in(gp_client, gp.user)
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={target_group().pk}"
        page = gp_client.get(url).content.decode()
        assert "Thuiszorg Nieuw" in page and "Thuiszorg Andere Regio" not in page


def test_coordinator_looks_at_but_does_not_edit_national_register_settings(client):
    from register.models import TargetGroup

    coordinator = UserFactory(with_authenticator=True)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)
    palliative = TargetGroup.objects.get(name="Palliatief")
    url = reverse("wagtailsnippets_register_targetgroup:inspect", args=[palliative.pk])
    assert client.get(url).status_code == 200
    url = reverse("wagtailsnippets_register_targetgroup:edit", args=[palliative.pk])
    assert client.get(url).status_code != 200


def test_the_menu_offers_website_editing_to_coordinators_only(client):
    coordinator = UserFactory(with_authenticator=True)
    network = NetworkFactory()
    network.coordinators.add(coordinator)
    sign_in(client, coordinator)
    cms_link = f'href="{reverse("wagtailadmin_home")}"'
    assert cms_link in client.get(reverse("accounts:account")).content.decode()
    # The link is cached per user; losing the role must take it away at once.
    network.coordinators.remove(coordinator)
    assert cms_link not in client.get(reverse("accounts:account")).content.decode()


def test_members_see_no_website_editing_link(verified_client):
    page = verified_client.get(reverse("accounts:account")).content.decode()
    assert f'href="{reverse("wagtailadmin_home")}"' not in page
