"""Every role × action × patient kind, in both per-group modes, against the SPEC (AC-02).

The oracle below is the SPEC's table in plain Python, written independently of
register.access; each case is checked through the real pages.
"""

import pytest
from django.urls import reverse

from networks.models import Organisation
from register.models import ConsultantGrant
from tests.factories import (
    MDOGroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PatientFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ROLES = ["gp", "chair", "vice_chair", "nurse", "homecare", "consultant"]
ACTIONS = ["list", "view", "create", "edit", "switch", "export"]
KINDS = ["own_organisation", "other_organisation", "other_group"]
MODES = [("nurse", "all"), ("homecare", "per_patient")]


def oracle(role, mode, action, kind) -> bool:
    """SPEC section 2: what each role may do, and where."""
    nurse_rights, consultant_access = mode
    if role == "nurse" and nurse_rights == "homecare":
        role = "homecare"
    if kind == "other_group":
        return False  # patients of another group do not exist for the user
    full = role in {"gp", "chair", "vice_chair"}
    if action == "create":
        return full or role == "nurse"
    if full:
        return True
    if role in {"nurse", "homecare"}:
        sees = kind == "own_organisation"
        return sees and (
            action in {"list", "view"} or (role == "nurse" and action in {"edit", "switch"})
        )
    if role == "consultant":
        # In per-patient mode only the own-organisation patient was shared with them.
        sees = consultant_access == "all" or kind == "own_organisation"
        return sees and action in {"list", "view"}
    return False


@pytest.fixture
def world():
    group = MDOGroupFactory()
    own = OrganisationFactory(network=group.network, kind=Organisation.Kind.HOMECARE)
    other = OrganisationFactory(network=group.network, kind=Organisation.Kind.HOMECARE)
    patients = {
        "own_organisation": PatientFactory(group=group, homecare=[own]),
        "other_organisation": PatientFactory(group=group, homecare=[other]),
        "other_group": PatientFactory(homecare=[own]),
    }
    return group, own, patients


def outcome(client, action, group, patient) -> bool:
    if action == "list":
        response = client.get(reverse("register:list", args=[patient.group_id]))
        if response.status_code == 404:
            return False
        assert response.status_code == 200
        return f"/register/{patient.pk}/" in response.content.decode()
    if action == "create":
        url = reverse("register:create", args=[patient.group_id])
        response = client.get(url + f"?target_group={patient.target_group_id}")
    else:
        name = {"view": "detail"}.get(action, action)
        url = reverse(f"register:{name}", args=[patient.group_id, patient.pk])
        response = client.get(url)
    assert response.status_code in (200, 404), (action, response.status_code)
    return response.status_code == 200


@pytest.mark.parametrize("mode", MODES, ids=["nurse+all", "homecare+per_patient"])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, mode):
    group, own, patients = world
    group.nurse_rights, group.consultant_access = mode
    group.save()
    member = MembershipFactory(group=group, role=role, organisation=own)
    if role == "consultant" and mode[1] == "per_patient":
        ConsultantGrant.objects.create(patient=patients["own_organisation"], consultant=member.user)
    sign_in(client, member.user)

    mismatches = []
    for action in ACTIONS:
        for kind in KINDS:
            expected = oracle(role, mode, action, kind)
            if outcome(client, action, group, patients[kind]) != expected:
                mismatches.append(
                    (action, kind, "expected allowed" if expected else "expected denied")
                )
    assert mismatches == []


def test_edits_are_refused_where_viewing_is_allowed(client, world):
    """A home-care member sees their patient but a POST to edit it changes nothing."""
    group, own, patients = world
    member = MembershipFactory(group=group, role="homecare", organisation=own)
    patient = patients["own_organisation"]
    sign_in(client, member.user)
    url = reverse("register:edit", args=[group.pk, patient.pk])
    response = client.post(url, {"surname": "Gewijzigd", "version": patient.version})
    assert response.status_code == 404
    patient.refresh_from_db()
    assert patient.surname != "Gewijzigd"


def test_ending_the_care_relation_ends_access_on_the_next_request(client, world):
    group, own, patients = world
    member = MembershipFactory(group=group, role="nurse", organisation=own)
    patient = patients["own_organisation"]
    sign_in(client, member.user)
    url = reverse("register:detail", args=[group.pk, patient.pk])
    assert client.get(url).status_code == 200
    patient.homecare_organisations.remove(own)
    assert client.get(url).status_code == 404


def test_a_patient_id_of_another_group_in_the_url_of_ones_own_group_is_not_found(client, world):
    group, own, patients = world
    gp = MembershipFactory(group=group, role="gp")
    sign_in(client, gp.user)
    stranger = patients["other_group"]
    for name in ("detail", "edit", "switch", "export", "share"):
        assert (
            client.get(reverse(f"register:{name}", args=[group.pk, stranger.pk])).status_code == 404
        )
    missing = 10**9
    assert client.get(reverse("register:detail", args=[group.pk, missing])).status_code == 404


def test_register_urls_are_only_for_verified_members(client, world):
    group, own, patients = world
    url = reverse("register:list", args=[group.pk])
    assert client.get(url).status_code == 302
    outsider = MembershipFactory().user  # member of another group
    sign_in(client, outsider)
    assert client.get(url).status_code == 404
