"""Every way a launch can go wrong ends on a Dutch message, never on a half import."""

import json
import time

import pytest
from django.urls import reverse

from his.models import HISConnection, HISUserLink
from his.services import IMPORT_KEY
from tests.factories import UserFactory
from tests.his.conftest import authorize_at_his, authorize_url, launch, portal_path

pytestmark = pytest.mark.django_db


def assert_refused(response, dutch: str, status: int = 400):
    text = response.content.decode()
    assert response.status_code == status, text[:300]
    assert "Openen vanuit het HIS is niet gelukt" in text
    assert dutch in text
    assert IMPORT_KEY not in response.wsgi_request.session


def test_unknown_issuer(gp_client, his, connection):
    response = gp_client.get("/his/start/?iss=https://evil.example/fhir&launch=abc")
    assert_refused(response, "Dit HIS is niet gekoppeld aan het MDO-portaal", 403)


def test_issuer_with_launch_switched_off(gp_client, his, connection):
    HISConnection.objects.update(launch_enabled=False)
    assert_refused(launch(gp_client, his), "Dit HIS is niet gekoppeld", 403)


def test_missing_launch(gp_client, his, connection):
    response = gp_client.get(f"/his/start/?iss={his.issuer}")
    assert_refused(response, "De start vanuit het HIS is onvolledig")


def test_replayed_launch(gp_client, his, connection):
    url = his.launch_url("p-1001")
    launch(gp_client, his, launch_url=url)
    assert_refused(gp_client.get(portal_path(url)), "Deze start vanuit het HIS is al gebruikt")


def test_wrong_state(gp_client, his, connection):
    gp_client.get(portal_path(his.launch_url("p-1001")))
    response = gp_client.get(reverse("his:callback") + "?code=abc&state=not-mine")
    assert_refused(response, "hoort niet bij deze sessie")


def _callback_url(client, his):
    response = client.get(portal_path(his.launch_url("p-1001")))
    return portal_path(authorize_at_his(authorize_url(response)))


def test_reused_code(gp_client, his, connection):
    first = _callback_url(gp_client, his)
    assert gp_client.get(first).status_code == 302
    second = _callback_url(gp_client, his)
    old_code = first.split("code=")[1].split("&")[0]
    new_code = second.split("code=")[1].split("&")[0]
    response = gp_client.get(second.replace(new_code, old_code))
    assert_refused(response, "Het HIS weigerde de inlogcode")


def test_expired_code(gp_client, his, connection):
    url = _callback_url(gp_client, his)
    for grant in his.codes.values():
        grant["expires"] = time.time() - 1
    assert_refused(gp_client.get(url), "Het HIS weigerde de inlogcode")


@pytest.mark.parametrize(
    "fault",
    [
        {"id_token_foreign_key": True},
        {"id_token_claims": {"aud": "another-app"}},
        {"id_token_claims": {"nonce": "replayed-nonce"}},
        {"id_token_claims": {"exp": 1_000_000_000}},
        {"id_token_claims": {"iss": "https://other-his.example/fhir"}},
    ],
    ids=["bad-signature", "wrong-aud", "wrong-nonce", "expired", "wrong-iss"],
)
def test_invalid_id_token(gp_client, his, connection, fault):
    his.faults.update(fault)
    assert_refused(launch(gp_client, his), "Het HIS stuurde een ongeldige aanmelding")
    assert HISUserLink.objects.count() == 0


def test_his_user_linked_to_another_account(gp_client, his, connection):
    HISUserLink.objects.create(
        connection=connection, fhir_user="Practitioner/dr-huisarts", user=UserFactory()
    )
    assert_refused(launch(gp_client, his), "gekoppeld aan een ander portaalaccount", 403)


def test_account_linked_to_another_his_user(gp_client, his, connection, gp_membership):
    HISUserLink.objects.create(
        connection=connection, fhir_user="Practitioner/someone-else", user=gp_membership.user
    )
    assert_refused(launch(gp_client, his), "gekoppeld aan een ander portaalaccount", 403)


def _patient_without(field):
    resource = {
        "resourceType": "Patient",
        "id": "p-1001",
        "name": [{"family": "Jansen", "given": ["A."]}],
        "birthDate": "1938-04-12",
    }
    resource.pop(field)
    return json.dumps(resource)


@pytest.mark.parametrize(
    "body, dutch",
    [
        (_patient_without("name"), "gaf geen naam of geboortedatum"),
        (_patient_without("birthDate"), "gaf geen naam of geboortedatum"),
        ('{"resourceType": "Patient", "birthDate": "1938"', "niet kan lezen"),
        ('["not", "an", "object"]', "niet kan lezen"),
        ('{"resourceType": "Patient", "x": "' + "a" * 300_000 + '"}', "niet kan lezen"),
    ],
    ids=["no-name", "no-birth-date", "malformed-json", "not-an-object", "too-large"],
)
def test_unusable_patient(gp_client, his, connection, gp_membership, body, dutch):
    his.faults["patient_body"] = body
    response = launch(gp_client, his)
    assert_refused(response, dutch, 502)
    create = reverse("register:create", args=[gp_membership.group_id])
    assert create in response.content.decode()  # the form by hand stays the way


@pytest.mark.parametrize(
    "fault",
    [{"status": 500}, {"patient_status": 500}, {"token_status": 500}, {"delay": 1.0}],
    ids=["config-500", "patient-500", "token-500", "slow"],
)
def test_his_down_or_slow(gp_client, his, connection, gp_membership, settings, fault):
    settings.HIS_HTTP_TIMEOUT_SECONDS = 0.3
    his.faults.update(fault)
    response = launch(gp_client, his)
    assert_refused(response, "Het HIS antwoordde niet (op tijd)", 502)
    create = reverse("register:create", args=[gp_membership.group_id])
    assert gp_client.get(create).status_code == 200
