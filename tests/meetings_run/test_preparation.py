""" "Mijn voorbereiding": a GP follows the reminder's link, signs in and gets their three
patients ready in at most four page loads; what is missing is listed; bad input saves
nothing; other members' patients and other groups are 404."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from meetings.models import Agreement, Discussion, PreparationMark
from meetings.services import reminders_enqueue_due
from outbox.models import OutboundEmail
from register.models import Patient
from tests.factories import PASSWORD, MembershipFactory
from tests.helpers import LOGIN_URL, current_code
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory, RegisterPatientFactory


@pytest.fixture
def soon(group):
    return MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=3))


@pytest.fixture
def three(gp, group, soon):
    patients = [RegisterPatientFactory(group=group, responsible_gp=gp.user) for _ in range(3)]
    for patient in patients:
        AgendaItemFactory(meeting=soon, patient=patient)
    last = MeetingFactory(group=group, starts_at=timezone.now() - timedelta(weeks=6))
    earlier = AgendaItemFactory(meeting=last, patient=patients[0], discussed=True)
    Discussion.objects.create(
        agenda_item=earlier, meeting=last, patient=patients[0], discussed_at=timezone.now()
    )
    Agreement.objects.create(
        agenda_item=earlier,
        what="Bel de casemanager",
        owner_membership=gp,
        due_date=timezone.localdate(),
    )
    return patients


def test_gp_gets_all_done_in_four_page_loads_from_the_reminder(client, gp, soon, three):
    reminders_enqueue_due()
    mail = OutboundEmail.objects.get(to=gp.user.email)
    link = re.search(r"https?://\S+/voorbereiding/", mail.body_text).group(0)
    for patient in three:
        assert patient.surname not in mail.body_text
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    # Sign-in pages (not counted).
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
    response = client.post(response["Location"], {"username": gp.user.email, "password": PASSWORD})
    response = client.post(response["Location"], {"token": current_code(gp.user)})
    assert response["Location"] == path

    loads = 0
    page = client.get(path)
    loads += 1
    body = page.content.decode()
    assert "geen vraag voor het MDO" in body
    assert "Bel de casemanager" in body
    options = page.context["rows"]
    for row in options:
        patient = row.item.patient
        data = {
            "patient": patient.pk,
            "version": patient.version,
            "question": f"Vraag over {patient.initials}",
            "urgency": row.urgency_options[-1].pk,
            "prognosis": patient.prognosis_id,
            "done": [a.pk for a in row.due],
        }
        response = client.post(path, data, follow=True)
        loads += 1
        assert response.status_code == 200
    assert "Alles klaar" in response.content.decode()
    assert loads <= 4
    assert all(p.question_for_meeting for p in Patient.objects.filter(pk__in=[p.pk for p in three]))
    assert Agreement.objects.get().status == "done"
    assert PreparationMark.objects.count() == 3
    assert AuditEvent.objects.filter(action="update", patient_id=three[0].pk).exists()


def test_missing_items_are_listed(signed_in, gp, soon, three):
    page = signed_in(gp).get(run_url("prepare", soon)).content.decode()
    assert page.count("geen vraag voor het MDO") == 3
    assert "urgentie en prognose niet bekeken sinds het vorige overleg" in page
    assert "problemen en krachten ongewijzigd sinds de vorige bespreking" in page
    assert "uw open afspraken die vóór het overleg aflopen" in page


def test_bad_input_saves_nothing(signed_in, gp, soon, three):
    client = signed_in(gp)
    patient = three[0]
    foreign_option = RegisterPatientFactory().urgency  # same target group in the tests
    other_tg = type(foreign_option).objects.exclude(target_group=patient.target_group).first()
    data = {
        "patient": patient.pk,
        "version": patient.version,
        "question": "Nieuwe vraag",
        "urgency": other_tg.pk,
        "done": [Agreement.objects.get().pk],
    }
    page = client.post(run_url("prepare", soon), data, follow=True).content.decode()
    assert "Kies een kleurcode van de doelgroep van deze patiënt." in page
    patient.refresh_from_db()
    assert patient.question_for_meeting == ""
    assert Agreement.objects.get().status == "open"
    assert not PreparationMark.objects.exists()
    data.update(urgency="", question="x" * 2001)
    page = client.post(run_url("prepare", soon), data, follow=True).content.decode()
    assert "De vraag mag hoogstens 2000 tekens lang zijn." in page
    data.update(question="Nieuw", version=patient.version - 1 if patient.version > 1 else 99)
    page = client.post(run_url("prepare", soon), data, follow=True).content.decode()
    assert "intussen gewijzigd" in page


def test_other_patients_and_groups_are_404(signed_in, group, soon, three):
    other_gp = MembershipFactory(group=group, role="gp")
    client = signed_in(other_gp)
    page = client.get(run_url("prepare", soon)).content.decode()
    assert three[0].surname not in page
    data = {"patient": three[0].pk, "version": 1, "question": "Van een ander"}
    assert client.post(run_url("prepare", soon), data).status_code == 404
    client.logout()
    stranger = MembershipFactory(role="gp")
    assert signed_in(stranger).get(run_url("prepare", soon)).status_code == 404


def test_dashboard_links_to_my_preparation(signed_in, gp, soon):
    page = signed_in(gp).get(reverse("networks:dashboard")).content.decode()
    assert run_url("prepare", soon) in page
