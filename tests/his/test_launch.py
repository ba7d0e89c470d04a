"""EHR launch from the test HIS: the happy path, linking, and the register import."""

import logging

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from his.models import HISUserLink, PatientLink
from register.models import Patient
from tests.factories import MembershipFactory, PatientFactory, target_group
from tests.his.conftest import (
    authorize_at_his,
    authorize_url,
    launch,
    portal_path,
    query_of,
)

pytestmark = pytest.mark.django_db


def test_authorize_request_carries_pkce_state_nonce_and_aud(gp_client, his, connection):
    response = gp_client.get(portal_path(his.launch_url("p-1001")))
    assert response.status_code == 200
    query = query_of(authorize_url(response))
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["state"] and query["nonce"] and query["aud"] == his.issuer
    assert query["scope"] == "launch openid fhirUser patient/Patient.rs"
    assert query["client_id"] == connection.client_id and query["launch"]


def test_first_launch_links_the_his_user_and_opens_the_prefilled_create_form(
    gp_client, his, connection, gp_membership
):
    response = launch(gp_client, his)
    assert response.status_code == 302 and response["Location"] == reverse("his:import")
    link = HISUserLink.objects.get()
    assert (link.user, link.fhir_user) == (gp_membership.user, "Practitioner/dr-huisarts")

    response = gp_client.get(reverse("his:import"))
    create = reverse("his:create", args=[gp_membership.group_id])
    assert response["Location"] == create
    palliatief = target_group()
    response = gp_client.get(create, {"target_group": palliatief.pk})
    form = response.context["form"]
    assert form["initials"].value() == "A.M."
    assert form["surname"].value() == "Jansen-de Vries"
    assert form["birth_name"].value() == "Jansen"
    assert str(form["date_of_birth"].value()) == "1938-04-12"
    assert form["sex"].value() == "female"
    assert "naamgegevens komen uit uw HIS" in response.content.decode()


def _save_create_form(client, group_id):
    url = reverse("his:create", args=[group_id]) + f"?target_group={target_group().pk}"
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() or "" for name in form.fields if not form.fields[name].disabled
    }
    data.update(
        {
            "status": "active",
            "providers-TOTAL_FORMS": "0",
            "providers-INITIAL_FORMS": "0",
            "date_of_birth": "1938-04-12",
        }
    )
    data = {key: value for key, value in data.items() if value not in (None, [], "")}
    data.pop("homecare_organisations", None)
    data.pop("extra_disciplines", None)
    return client.post(url, data)


def test_saving_links_the_patient_by_keyed_hash_and_a_second_launch_opens_it(
    gp_client, his, connection, gp_membership
):
    launch(gp_client, his)
    response = _save_create_form(gp_client, gp_membership.group_id)
    assert response.status_code == 302, response.context["form"].errors
    patient = Patient.objects.get()
    link = PatientLink.objects.get()
    assert link.patient == patient and len(link.link_hash) == 64
    assert "p-1001" not in link.link_hash and "p-1001" not in link.encrypted_reference

    launch(gp_client, his)
    response = gp_client.get(reverse("his:import"))
    assert response.status_code == 200
    assert response.context["patient"] == patient and response.context["differences"] == []
    assert AuditEvent.objects.filter(action="view", patient_id=patient.pk).exists()


def test_changed_name_in_the_his_is_shown_and_taken_over_on_accept(
    gp_client, his, connection, gp_membership
):
    launch(gp_client, his)
    _save_create_form(gp_client, gp_membership.group_id)
    patient = Patient.objects.get()
    his.patients["p-1001"]["name"][0]["given"] = ["A.M.J."]
    launch(gp_client, his)
    response = gp_client.get(reverse("his:import"))
    assert [row["name"] for row in response.context["differences"]] == ["initials"]
    response = gp_client.post(
        reverse("his:import"), {"fields": ["initials"], "version": patient.version}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.initials == "A.M.J."
    update = AuditEvent.objects.get(action="update", patient_id=patient.pk)
    assert update.changed_fields == ["initials"]


def test_gp_with_several_groups_chooses_the_group(gp_client, his, connection, gp_membership):
    MembershipFactory(user=gp_membership.user, role="gp", organisation=gp_membership.organisation)
    launch(gp_client, his)
    response = gp_client.get(reverse("his:import"))
    assert response.status_code == 200
    assert len(response.context["memberships"]) == 2


def test_existing_patient_of_another_group_is_not_shown(gp_client, his, connection, gp_membership):
    """The link hash finds only patients the user may see."""
    other = PatientFactory()
    from his.keys import encrypt_reference, link_hash

    PatientLink.objects.create(
        connection=connection,
        patient=other,
        link_hash=link_hash(his.issuer, "p-1001"),
        encrypted_reference=encrypt_reference("Patient/p-1001"),
    )
    launch(gp_client, his)
    response = gp_client.get(reverse("his:import"))
    assert response["Location"] == reverse("his:create", args=[gp_membership.group_id])


def test_launch_without_verified_session_signs_in_first_and_continues(
    client, his, connection, gp_membership
):
    from tests.factories import PASSWORD
    from tests.helpers import current_code

    url = portal_path(his.launch_url("p-1001"))
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert HISUserLink.objects.count() == 0
    response = client.get(response["Location"])  # the login page keeps `next`
    response = client.post(
        portal_path(response.wsgi_request.get_full_path()),
        {"username": gp_membership.user.email, "password": PASSWORD},
    )
    response = client.post(response["Location"], {"token": current_code(gp_membership.user)})
    assert response.status_code == 302
    assert portal_path(response["Location"]) == url
    response = client.get(url)
    assert authorize_url(response).startswith(his.base_url + "/authorize")
    response = client.get(portal_path(authorize_at_his(authorize_url(response))))
    assert response["Location"] == reverse("his:import")


def test_no_token_or_patient_data_in_logs(gp_client, his, connection, caplog):
    caplog.set_level(logging.DEBUG)
    launch(gp_client, his)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ["Jansen", "Vries", "1938-04-12", "A.M."] + list(his.tokens):
        assert secret not in logged


def test_a_his_proving_multi_factor_sign_in_still_needs_the_portals_two_steps(
    client, his, connection, gp_membership
):
    """SPEC 7a: the portal's own two-step verification always applies (docs/his-link.md,
    "Why no sign-in by the HIS")."""
    HISUserLink.objects.create(
        connection=connection, fhir_user="Practitioner/dr-huisarts", user=gp_membership.user
    )
    his.faults["id_token_claims"] = {"amr": ["mfa", "pwd", "otp"]}
    response = client.get(portal_path(his.launch_url("p-1001")))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = client.get(reverse("his:callback") + "?code=abc&state=def")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    signed_in_half = client  # password only, second step not yet passed
    signed_in_half.force_login(gp_membership.user)
    response = signed_in_half.get(portal_path(his.launch_url("p-1001")))
    assert response.status_code == 302 and reverse("accounts:verify") in response["Location"]


def test_the_prefilled_form_checks_dates_and_adds_rows_without_saving(
    gp_client, his, connection, gp_membership
):
    """The register form's flow holds in the HIS's create form too: the inline date check
    and "add a care provider" post the form and save nothing."""
    launch(gp_client, his)
    url = reverse("his:create", args=[gp_membership.group_id])
    url += f"?target_group={target_group().pk}"
    form = gp_client.get(url).context["form"]
    data = {
        name: form[name].value() or "" for name in form.fields if not form.fields[name].disabled
    }
    data.update(
        {
            "status": "active",
            "date_of_birth": "2999-01-01",
            "providers-TOTAL_FORMS": "0",
            "providers-INITIAL_FORMS": "0",
        }
    )
    data = {key: value for key, value in data.items() if value not in (None, [], "")}
    data.pop("homecare_organisations", None)
    data.pop("extra_disciplines", None)
    check = gp_client.post(url, {**data, "check_dates": "1"})
    assert "Een geboortedatum kan niet in de toekomst liggen." in check.content.decode()
    data["date_of_birth"] = "1938-04-12"
    added = gp_client.post(url, {**data, "add_provider": "1"})
    assert added.status_code == 200
    assert 'name="providers-0-name"' in added.content.decode()
    assert not Patient.objects.exists()
