"""Data protection for the GP and the auditor: who saw a record, unusual access, and the
patient's own data on request."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from audit.services import audit_record
from meetings.models import AgendaItem, Meeting, PreMeetingInput
from tests.audit.conftest import make_request
from tests.factories import MembershipFactory, PatientFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    """A group with the patient's own GP, a second GP, a nurse, and the patient."""
    own_gp = MembershipFactory(role="gp")
    group = own_gp.group
    patient = PatientFactory(
        group=group, responsible_gp=own_gp.user, surname="Jansen-de Vries", initials="J.H."
    )
    return {
        "own_gp": own_gp,
        "other_gp": MembershipFactory(role="gp", group=group),
        "nurse": MembershipFactory(role="nurse", group=group),
        "patient": patient,
    }


def url(name, patient, suffix=""):
    return reverse(f"register:{name}", args=[patient.group_id, patient.pk]) + suffix


# --- access overview -------------------------------------------------------------------


def test_the_responsible_gp_sees_who_viewed_and_changed_the_record(client, practice):
    patient, other_gp = practice["patient"], practice["other_gp"]
    audit_record(
        request=make_request(other_gp.user),
        action="view",
        patient_id=patient.pk,
        membership=other_gp,
    )
    audit_record(
        request=make_request(other_gp.user),
        action="update",
        patient_id=patient.pk,
        membership=other_gp,
        changed_fields=["diagnoses"],
    )
    sign_in(client, practice["own_gp"].user)
    response = client.get(url("access", patient))
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [(e.user_id, e.action) for e in rows] == [
        (other_gp.user_id, "update"),
        (other_gp.user_id, "view"),
    ]
    html = response.content.decode()
    assert other_gp.user.full_name in html
    # Role and action as the GP reads them, in the table's own cells.
    assert html.count("<td>Huisarts</td>") == 2
    assert "<td>ingezien</td>" in html and "<td>gewijzigd</td>" in html


def test_opening_the_overview_is_itself_logged_but_not_listed(client, practice):
    patient, own_gp = practice["patient"], practice["own_gp"]
    sign_in(client, own_gp.user)
    client.get(url("access", patient))
    response = client.get(url("access", patient))
    looks = AuditEvent.objects.filter(patient_id=patient.pk, action="audit_read")
    assert looks.count() == 2
    assert {e.user_id for e in looks} == {own_gp.user_id}
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("who", ["other_gp", "nurse"])
def test_nobody_but_the_responsible_gp_finds_the_overview(client, practice, who):
    sign_in(client, practice[who].user)
    assert client.get(url("access", practice["patient"])).status_code == 404
    assert not AuditEvent.objects.filter(action="audit_read").exists()


def test_the_overview_of_a_patient_of_another_group_does_not_exist(client, practice):
    elsewhere = MembershipFactory(role="gp")
    stranger = PatientFactory(group=elsewhere.group, responsible_gp=practice["own_gp"].user)
    sign_in(client, practice["own_gp"].user)
    assert client.get(url("access", stranger)).status_code == 404


def test_the_link_shows_only_for_the_responsible_gp(client, practice):
    patient = practice["patient"]
    sign_in(client, practice["own_gp"].user)
    assert url("access", patient) in client.get(url("detail", patient)).content.decode()
    client.logout()
    sign_in(client, practice["other_gp"].user)
    assert url("access", patient) not in client.get(url("detail", patient)).content.decode()


# --- anomaly report --------------------------------------------------------------------


def reads(membership, count):
    """The member opens `count` different patients, one after the other, now."""
    for patient in PatientFactory.create_batch(count, group=membership.group):
        audit_record(
            request=make_request(membership.user),
            action="view",
            patient_id=patient.pk,
            membership=membership,
        )


@pytest.fixture
def admin_client(client):
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    return client


def test_the_anomaly_report_lists_users_above_the_hourly_threshold(admin_client, settings):
    settings.AUDIT_ANOMALY_PATIENTS_PER_HOUR = 5
    busy, normal = MembershipFactory(role="gp"), MembershipFactory(role="gp")
    reads(busy, 6)
    reads(normal, 5)
    response = admin_client.get(reverse("audit:heavy_readers"))
    assert response.status_code == 200
    assert [(row["user_id"], row["patients"]) for row in response.context["rows"]] == [
        (busy.user_id, 6)
    ]
    assert busy.user.email in response.content.decode()
    assert AuditEvent.objects.filter(action="audit_read").count() == 1


def test_the_anomaly_report_is_for_administrators_only(client, practice):
    sign_in(client, practice["own_gp"].user)
    assert client.get(reverse("audit:heavy_readers")).status_code in (302, 403)


# --- data request export ---------------------------------------------------------------


@pytest.fixture
def discussed(practice):
    patient = practice["patient"]
    start = timezone.now() - datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        group=patient.group, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    item = AgendaItem.objects.create(
        meeting=meeting, patient=patient, discussed=True, advice="Morfine ophogen"
    )
    PreMeetingInput.objects.create(agenda_item=item, text="Dochter mantelzorger")
    return item


def test_the_json_export_holds_the_record_and_what_meetings_recorded(client, practice, discussed):
    patient = practice["patient"]
    sign_in(client, practice["own_gp"].user)
    response = client.get(url("export", patient))
    record = json.loads(response.content)
    assert record["patient"]["surname"] == "Jansen-de Vries"
    assert record["meetings"][0]["advice"] == "Morfine ophogen"
    assert record["meetings"][0]["pre_meeting_input"] == ["Dochter mantelzorger"]
    assert AuditEvent.objects.filter(patient_id=patient.pk, action="export").count() == 1


def test_the_pdf_export_is_readable_tagged_and_audited(client, practice, discussed):
    patient = practice["patient"]
    sign_in(client, practice["own_gp"].user)
    response = client.get(url("export_pdf", patient))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Jansen-de Vries" in text
    assert "Morfine ophogen" in text and "Dochter mantelzorger" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    assert AuditEvent.objects.filter(patient_id=patient.pk, action="export").count() == 1


@pytest.mark.parametrize("role", ["nurse", "homecare", "consultant"])
def test_only_gps_and_chairs_export(client, practice, role):
    member = MembershipFactory(role=role, group=practice["patient"].group)
    sign_in(client, member.user)
    for name in ("export", "export_pdf"):
        assert client.get(url(name, practice["patient"])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
