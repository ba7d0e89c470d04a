"""HIS connections are configured by administrators only; keys come from the environment."""

import pytest
from joserfc.jwk import ECKey

from his import keys
from his.models import HISConnection
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
ADMIN_URL = "/cms/his_connections/"


def test_administrator_adds_a_connection_in_the_admin(client):
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    practice = OrganisationFactory()
    sign_in(client, admin)
    assert client.get(ADMIN_URL).status_code == 200
    response = client.post(
        ADMIN_URL + "new/",
        {
            "organisation": practice.pk,
            "name": "Test-HIS",
            "client_id": "mdo-portaal",
            "fhir_base_url": "https://his.example.nl/fhir/",
            "launch_enabled": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    connection = HISConnection.objects.get()
    assert connection.fhir_base_url == "https://his.example.nl/fhir"  # one spelling
    assert not connection.writeback_enabled


def test_no_connection_setting_lets_a_his_sign_in_for_the_portal(client):
    """A launch never replaces the portal's own two steps (SPEC 7a), so the admin offers
    no "trusted for sign-in" switch (removed in his 0002; docs/his-link.md)."""
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    form = client.get(ADMIN_URL + "new/").content.decode()
    assert 'name="launch_enabled"' in form and 'name="trusted_for_sign_in"' not in form
    assert "trusted_for_sign_in" not in {f.name for f in HISConnection._meta.get_fields()}


def test_coordinator_in_the_admin_cannot_see_connections(client):
    coordinator = UserFactory(with_authenticator=True)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)
    assert client.get("/cms/").status_code == 200  # a coordinator works in the admin
    assert client.get(ADMIN_URL).status_code in {302, 403}
    assert client.get(ADMIN_URL + "new/").status_code in {302, 403}


def test_jwks_publishes_only_the_public_key(client):
    document = client.get("/his/jwks.json").json()
    [key] = document["keys"]
    assert key["kty"] == "EC" and key["alg"] == "ES384" and "kid" in key
    assert "d" not in key


def test_signing_key_comes_from_the_environment(settings):
    pem = ECKey.generate_key("P-384").as_pem(private=True).decode()
    settings.HIS_SIGNING_KEY = pem
    keys.signing_key.cache_clear()
    try:
        assert keys.signing_key().as_pem(private=True).decode() == pem
    finally:
        keys.signing_key.cache_clear()


def test_without_a_key_outside_the_demo_nothing_is_published(settings, client):
    settings.HIS_SIGNING_KEY = ""
    settings.DEMO_MODE = False
    keys.signing_key.cache_clear()
    try:
        assert client.get("/his/jwks.json").json() == {"keys": []}
    finally:
        keys.signing_key.cache_clear()


def test_link_hash_is_keyed_and_hides_the_patient_id(settings):
    first = keys.link_hash("https://his.example.nl/fhir", "p-1")
    settings.HIS_LINK_SECRET = "another secret"
    assert keys.link_hash("https://his.example.nl/fhir", "p-1") != first
    assert "p-1" not in first


def test_demo_links_the_demo_practice_to_the_test_his(settings):
    from his.demo import DEMO_PRACTICE, load_demo_his

    settings.TESTHIS_URL = "http://127.0.0.1:8001"
    OrganisationFactory(name=DEMO_PRACTICE)
    load_demo_his()
    connection = HISConnection.objects.get()
    assert connection.fhir_base_url == "http://127.0.0.1:8001/fhir"
    assert connection.launch_enabled and connection.writeback_enabled
