"""Per-patient consultant grants are shown on the patient page to those who may grant
them, with a revoke button (POST, audited) (issue 10, point 12)."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from register.models import ConsultantGrant
from tests.factories import MDOGroupFactory, MembershipFactory, PatientFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    group = MDOGroupFactory(consultant_access="per_patient")
    gp = MembershipFactory(group=group, role="gp")
    consultant = MembershipFactory(group=group, role="consultant")
    consultant.user.full_name = "Connie Consulent"
    consultant.user.save()
    patient = PatientFactory(group=group)
    grant = ConsultantGrant.objects.create(
        patient=patient, consultant=consultant.user, granted_by=gp.user
    )
    return group, gp, consultant, patient, grant


def _client_for(membership) -> Client:
    client = Client()
    sign_in(client, membership.user)
    return client


def _detail(group, patient):
    return reverse("register:detail", args=[group.pk, patient.pk])


def _revoke(group, patient, grant):
    return reverse("register:share_revoke", args=[group.pk, patient.pk, grant.pk])


@pytest.mark.parametrize("role", ["gp", "chair", "vice_chair"])
def test_those_who_may_grant_see_the_grants_and_revoke(shared, role):
    group, _gp, consultant, patient, grant = shared
    member = MembershipFactory(group=group, role=role)
    client = _client_for(member)
    page = client.get(_detail(group, patient)).content.decode()
    assert "Connie Consulent" in page
    assert _revoke(group, patient, grant) in page

    before = AuditEvent.objects.count()
    response = client.post(_revoke(group, patient, grant))
    assert response.status_code == 302
    assert not ConsultantGrant.objects.filter(pk=grant.pk).exists()
    access, event = AuditEvent.objects.order_by("pk")[before:]
    # The access function logs the patient shown to the revoker; the service the change.
    assert access.action == "view"
    assert (event.action, event.patient_id, event.user_id) == ("update", patient.pk, member.user_id)
    assert event.changed_fields == ["consultant_grants"]
    # The consultant no longer sees the patient.
    assert _client_for(consultant).get(_detail(group, patient)).status_code == 404


@pytest.mark.parametrize("role", ["nurse", "homecare", "consultant"])
def test_others_neither_see_nor_revoke_grants(shared, role):
    group, _gp, consultant, patient, grant = shared
    member = consultant if role == "consultant" else MembershipFactory(group=group, role=role)
    client = _client_for(member)
    page = client.get(_detail(group, patient))
    if page.status_code == 200:
        assert _revoke(group, patient, grant) not in page.content.decode()
    before = AuditEvent.objects.count()
    assert client.post(_revoke(group, patient, grant)).status_code == 404
    assert ConsultantGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="update").count() == 0
    assert AuditEvent.objects.count() - before <= 0


def test_revoke_is_post_only_and_needs_a_grant_of_this_patient(shared):
    group, gp, _consultant, patient, grant = shared
    client = _client_for(gp)
    assert client.get(_revoke(group, patient, grant)).status_code == 405
    other = PatientFactory(group=group)
    assert client.post(_revoke(group, other, grant)).status_code == 404
    assert ConsultantGrant.objects.filter(pk=grant.pk).exists()


def test_a_gp_of_another_group_cannot_revoke(shared):
    group, _gp, _consultant, patient, grant = shared
    stranger = MembershipFactory(role="gp")
    client = _client_for(stranger)
    assert client.post(_revoke(group, patient, grant)).status_code == 404
    assert client.post(_revoke(stranger.group, patient, grant)).status_code == 404
    assert ConsultantGrant.objects.filter(pk=grant.pk).exists()
