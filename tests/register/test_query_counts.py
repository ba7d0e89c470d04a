"""The register list costs the same number of queries for 5 patients as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Organisation
from register.models import CareProvider, ProblemAndStrength, SubField
from tests.factories import MembershipFactory, OrganisationFactory, PatientFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def add_patients(group, count):
    homecare = OrganisationFactory(network=group.network, kind=Organisation.Kind.HOMECARE)
    sub_field = SubField.objects.first()
    for _ in range(count):
        patient = PatientFactory(group=group, homecare=[homecare], question_for_meeting="Vraag")
        CareProvider.objects.create(
            patient=patient, name="Zorgverlener", organisation=homecare, is_care_coordinator=True
        )
        ProblemAndStrength.objects.create(patient=patient, sub_field=sub_field, problem="p")


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["gp", "nurse"])
def test_register_list_queries_do_not_grow_with_patients(client, role):
    member = MembershipFactory(role=role, organisation__kind=Organisation.Kind.HOMECARE)
    group = member.group
    sign_in(client, member.user)
    url = reverse("register:list", args=[group.pk])
    add_patients(group, 5)
    client.get(url)  # warm up: session refresh and the like
    few = queries_for(client, url)
    add_patients(group, 45)
    many = queries_for(client, url)
    assert few == many, f"{few} queries for 5 patients, {many} for 50"
    assert many <= 20


def test_patient_page_queries_are_bounded(client):
    member = MembershipFactory(role="gp")
    sign_in(client, member.user)
    add_patients(member.group, 1)
    patient = member.group.patients.get()
    url = reverse("register:detail", args=[member.group.pk, patient.pk])
    client.get(url)
    assert queries_for(client, url) <= 25
