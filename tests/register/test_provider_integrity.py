"""Crafted patient edits must not break "exactly one care coordinator" (issue 10, point 6)."""

import pytest
from django.urls import reverse

from register.models import CareProvider
from tests.factories import MembershipFactory, PatientFactory
from tests.helpers import sign_in
from tests.register.test_records import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp(client):
    membership = MembershipFactory(role="gp")
    sign_in(client, membership.user)
    return membership


@pytest.fixture
def patient_with_coordinator(gp):
    patient = PatientFactory(group=gp.group)
    coordinator = CareProvider.objects.create(
        patient=patient, name="Eigen coördinator", is_care_coordinator=True
    )
    return patient, coordinator


def post_edit(client, gp, patient, **providers):
    return client.post(
        reverse("register:edit", args=[gp.group.pk, patient.pk]),
        form_data(patient, **providers),
    )


def test_a_provider_of_another_patient_cannot_be_bound(client, gp, patient_with_coordinator):
    patient, coordinator = patient_with_coordinator
    other = PatientFactory(group=gp.group)
    foreign = CareProvider.objects.create(patient=other, name="Vreemd", is_care_coordinator=True)
    response = post_edit(
        client,
        gp,
        patient,
        **{
            "providers-TOTAL_FORMS": "1",
            "providers-INITIAL_FORMS": "1",
            "providers-0-id": foreign.pk,
            "providers-0-name": "Overgenomen",
            "providers-0-is_care_coordinator": "on",
        },
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    foreign.refresh_from_db()
    assert coordinator.is_care_coordinator
    assert (foreign.patient, foreign.name, foreign.is_care_coordinator) == (other, "Vreemd", True)
    assert CareProvider.objects.filter(patient=patient).count() == 1


@pytest.mark.parametrize("total", ["-1", "-5", "100000"])
def test_absurd_management_form_values_are_refused(client, gp, patient_with_coordinator, total):
    patient, coordinator = patient_with_coordinator
    response = post_edit(
        client, gp, patient, **{"providers-TOTAL_FORMS": total, "providers-INITIAL_FORMS": "1"}
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.is_care_coordinator
    patient.refresh_from_db()
    assert patient.version == 1


def test_negative_initial_forms_is_refused(client, gp, patient_with_coordinator):
    patient, coordinator = patient_with_coordinator
    response = post_edit(
        client, gp, patient, **{"providers-TOTAL_FORMS": "0", "providers-INITIAL_FORMS": "-1"}
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.is_care_coordinator


def test_the_invariant_is_checked_on_the_saved_state_and_rolls_back(
    client,
    gp,
    patient_with_coordinator,
):
    """A post without the patient's rows and no coordinator passes the formset's own
    check (no forms); the saved state would have none, so everything is rolled back."""
    patient, coordinator = patient_with_coordinator
    response = post_edit(
        client,
        gp,
        patient,
        surname="Gewijzigd",
        **{"providers-TOTAL_FORMS": "0", "providers-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "precies één" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_care_coordinator
    patient.refresh_from_db()
    assert (patient.surname, patient.version) != ("Gewijzigd", 2)
    assert patient.version == 1
