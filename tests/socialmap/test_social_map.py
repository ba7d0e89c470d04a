"""The social map (issue 15, point 6): searchable on the public site (Dutch stemming on
PostgreSQL, substrings elsewhere), in the site search, offered next to a patient's
care providers (the group's network only), linked from the tools next to the patient."""

import pytest
from django.db import connection
from django.urls import reverse

from socialmap import selectors
from socialmap.models import SocialMapEntry
from tests.editorial import build_site
from tests.factories import MembershipFactory, NetworkFactory, PatientFactory, target_group
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    network, other = NetworkFactory(name="Netwerk Noord"), NetworkFactory(name="Netwerk Zuid")
    build_site(network)
    make = SocialMapEntry.objects.create
    return {
        "hospice": make(
            network=network,
            kind="hospice",
            name="Hospice De Regenboog",
            place="Rotterdam",
            phone="010 123 45 67",
            email="info@regenboog.example",
            description="Verpleging en begeleiding in de laatste levensfase.",
        ),
        "pharmacy": make(network=network, kind="pharmacy", name="Apotheek Oost", place="Delft"),
        "elsewhere": make(network=other, kind="vptz", name="VPTZ Zuid", place="Breda"),
    }


def names(found):
    return sorted(entry.name for entry in found)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query, expected",
    [
        ("regenboog", ["Hospice De Regenboog"]),
        ("levensfasen", ["Hospice De Regenboog"]),  # stemming: the plural finds the singular
        ("begeleid", ["Hospice De Regenboog"]),
        ("Delft", ["Apotheek Oost"]),
        ("apotheek", ["Apotheek Oost"]),  # the kind's Dutch label ("Apotheek met avonddienst")
        ("vrijwilligers", ["VPTZ Zuid"]),  # the kind's label, not in the name
        ("hospice rotterdam", ["Hospice De Regenboog"]),
    ],
)
def test_dutch_full_text_search(entries, query, expected):
    assert connection.vendor == "postgresql"
    assert names(selectors.select_entries(query=query)) == expected


def test_substring_fallback_without_postgresql(entries, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert names(selectors.select_entries(query="regenboog")) == ["Hospice De Regenboog"]
    assert names(selectors.select_entries(query="apotheek delft")) == ["Apotheek Oost"]


def test_filters_by_network_and_kind(entries):
    network = entries["hospice"].network
    assert names(selectors.select_entries(network=network)) == [
        "Apotheek Oost",
        "Hospice De Regenboog",
    ]
    assert names(selectors.select_entries(kind="vptz")) == ["VPTZ Zuid"]


@pytest.mark.parametrize(
    "query", ['"', "'", '"hospice', "%", "%%", "_", "\\", "x" * 10_000, "a " * 5_000, "OR AND"]
)
def test_hostile_search_input_is_no_error(client, entries, query):
    page = client.get(reverse("socialmap:search"), {"q": query, "kind": query, "network": query})
    assert page.status_code == 200
    site = client.get(reverse("cms:search"), {"q": query})
    assert site.status_code == 200


def test_public_page_lists_and_searches(client, entries):
    page = client.get(reverse("socialmap:search")).content.decode()
    assert "Hospice De Regenboog" in page and "VPTZ Zuid" in page
    assert "010 123 45 67" in page and "Hospice" in page
    page = client.get(reverse("socialmap:search"), {"q": "Breda"}).content.decode()
    assert "VPTZ Zuid" in page and "Hospice De Regenboog" not in page
    network = entries["elsewhere"].network
    page = client.get(reverse("socialmap:search"), {"network": network.pk}).content.decode()
    assert "VPTZ Zuid" in page and "Apotheek Oost" not in page


def test_site_search_includes_the_social_map(client, entries):
    page = client.get(reverse("cms:search"), {"q": "Regenboog"}).content.decode()
    assert "Sociale kaart" in page and "Hospice De Regenboog" in page


def test_patient_form_offers_the_groups_network_only(client, entries):
    gp = MembershipFactory(role="gp", group__network=entries["hospice"].network)
    sign_in(client, gp.user)
    palliative = target_group()
    url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
    page = client.get(url).content.decode()
    assert 'list="social-map-entries"' in page and '<datalist id="social-map-entries">' in page
    assert 'value="Hospice De Regenboog"' in page
    assert 'data-contact="010 123 45 67 · info@regenboog.example"' in page
    assert "VPTZ Zuid" not in page


def test_a_new_provider_can_still_be_typed(client, entries):
    """The datalist only suggests: any name is accepted (and a picked one is plain text)."""
    from tests.register.test_records import create_data

    gp = MembershipFactory(role="gp", group__network=entries["hospice"].network)
    sign_in(client, gp.user)
    palliative = target_group()
    url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
    data = create_data(palliative)
    data.update(
        {
            "providers-TOTAL_FORMS": "1",
            "providers-0-name": "Een nieuwe thuiszorg",
            "providers-0-is_care_coordinator": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert gp.group.patients.get().care_providers.filter(name="Een nieuwe thuiszorg").exists()


def test_tools_next_to_the_patient_link_to_the_networks_social_map(client, entries):
    gp = MembershipFactory(role="gp", group__network=entries["hospice"].network)
    patient = PatientFactory(group=gp.group)
    sign_in(client, gp.user)
    page = client.get(reverse("register:detail", args=[gp.group.pk, patient.pk])).content.decode()
    link = f"{reverse('socialmap:search')}?network={gp.group.network.pk}"
    assert f'href="{link}"' in page
