"""Retention with a frozen clock: exactly the due records go, the log stays and says so."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.selectors import chain_first_break
from meetings.models import AgendaItem, Meeting, PreMeetingInput, Report
from register.models import CareProvider, Patient, ProblemAndStrength, SubField
from register.retention import months_before
from tests.factories import MembershipFactory, PatientFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


def months_ago(months: int) -> datetime.datetime:
    return months_before(NOW, months)


def patient_changed_at(moment, **fields) -> Patient:
    with time_machine.travel(moment, tick=False):
        return PatientFactory(**fields)


def discussed_at(patient: Patient, moment, *, advice="Advies: pijnbestrijding") -> AgendaItem:
    meeting = Meeting.objects.create(
        group=patient.group, starts_at=moment, ends_at=moment + datetime.timedelta(hours=1)
    )
    return AgendaItem.objects.create(
        meeting=meeting, patient=patient, discussed=True, advice=advice
    )


@pytest.fixture
def register(db):
    """Five patients of one group, each on one side of a retention rule."""
    membership = MembershipFactory(role="gp")
    group = membership.group
    deceased_discussed_long_ago = patient_changed_at(
        months_ago(26), group=group, status="deceased", date_of_death=datetime.date(2024, 3, 1)
    )
    item = discussed_at(deceased_discussed_long_ago, months_ago(25))
    PreMeetingInput.objects.create(agenda_item=item, text="Thuissituatie: dochter woont in")
    ProblemAndStrength.objects.create(
        patient=deceased_discussed_long_ago, sub_field=SubField.objects.first(), problem="pijn"
    )
    CareProvider.objects.create(
        patient=deceased_discussed_long_ago, name="Wijkverpleging", is_care_coordinator=True
    )
    Report.objects.create(meeting=item.meeting, content={"patients": [{"initial": "J"}]})
    deceased_discussed_recently = patient_changed_at(
        months_ago(26), group=group, status="deceased", date_of_death=datetime.date(2024, 3, 1)
    )
    discussed_at(deceased_discussed_recently, months_ago(23))
    archived_never_discussed = patient_changed_at(months_ago(30), group=group, status="archived")
    active_long_unchanged = patient_changed_at(months_ago(30), group=group, status="active")
    archived_recently = patient_changed_at(months_ago(23), group=group, status="archived")
    return {
        "membership": membership,
        "due": [deceased_discussed_long_ago, archived_never_discussed],
        "kept": [deceased_discussed_recently, active_long_unchanged, archived_recently],
        "item": item,
    }


def run(*args) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_exactly_the_due_patients_and_changes_nothing(register):
    events_before = AuditEvent.objects.count()
    output = run("--dry-run")
    for patient in register["due"]:
        assert f"would remove patient #{patient.pk} " in output
    for patient in register["kept"]:
        assert f"#{patient.pk} " not in output
    assert "2 patient(s) would remove" in output
    assert Patient.objects.count() == 5
    assert PreMeetingInput.objects.count() == 1
    assert AuditEvent.objects.count() == events_before
    # Ids only: an operator's terminal is no place for names.
    for patient in register["due"]:
        assert patient.surname not in output


def test_apply_removes_exactly_the_due_patients_and_logs_each_removal(register):
    due_ids = sorted(p.pk for p in register["due"])
    output = run()
    assert "2 patient(s) removed" in output
    assert sorted(Patient.objects.values_list("pk", flat=True)) == sorted(
        p.pk for p in register["kept"]
    )
    removals = AuditEvent.objects.filter(action="delete").order_by("patient_id")
    assert [event.patient_id for event in removals] == due_ids
    for event in removals:
        assert event.role == "system" and event.user_id == 0
        assert event.user_display == "system: retention"
        assert event.group_id == register["membership"].group_id
    assert chain_first_break() is None


def test_personal_data_goes_but_advice_reports_and_the_log_stay(register, client):
    removed = register["due"][0]
    # A read before removal: its log event must outlive the patient.
    sign_in(client, register["membership"].user)
    client.get(reverse("register:detail", args=[removed.group_id, removed.pk]))
    assert AuditEvent.objects.filter(patient_id=removed.pk, action="view").count() == 1

    run()

    assert not ProblemAndStrength.objects.filter(patient_id=removed.pk).exists()
    assert not CareProvider.objects.filter(patient_id=removed.pk).exists()
    assert not PreMeetingInput.objects.exists()
    item = AgendaItem.objects.get(pk=register["item"].pk)
    assert item.patient_id is None and item.advice == "Advies: pijnbestrijding"
    assert Report.objects.get(meeting=item.meeting).content == {"patients": [{"initial": "J"}]}
    # The log keeps the pseudonymous id; nothing links it to a person any more.
    assert AuditEvent.objects.filter(patient_id=removed.pk, action="view").count() == 1
    assert chain_first_break() is None


def test_a_second_run_removes_nothing(register):
    run()
    events = AuditEvent.objects.count()
    assert "0 patient(s) removed" in run()
    assert AuditEvent.objects.count() == events


def test_the_period_is_configurable(register, settings):
    settings.RETENTION_MONTHS = 36
    assert "0 patient(s) would remove" in run("--dry-run")
    settings.RETENTION_MONTHS = 12
    # Now the recently discussed and recently archived patients are due as well.
    assert "4 patient(s) would remove" in run("--dry-run")


def test_the_daily_job_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "register.tasks.apply_retention" in tasks


def test_months_before_keeps_the_day_within_the_month():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 15).date() == datetime.date(2024, 12, 31)
    assert timezone.is_aware(months_before(timezone.now(), 3))


def test_removal_via_the_task_is_the_same_service(register):
    from register.tasks import apply_retention

    with time_machine.travel(NOW, tick=False):
        assert apply_retention.delay().get() == 2
    assert Patient.objects.count() == 3


@pytest.mark.parametrize("limit, removed", [(None, 5), (3, 3)])
def test_retention_reads_due_patients_in_bounded_batches(monkeypatch, limit, removed):
    from register import retention

    monkeypatch.setattr(retention, "RETENTION_BATCH", 2)
    group = MembershipFactory(role="gp").group
    patients = [
        patient_changed_at(months_ago(30), group=group, status="archived") for _ in range(5)
    ]
    with time_machine.travel(NOW, tick=False):
        done = retention.retention_apply(limit=limit)
    assert [due.patient_id for due in done] == [patient.pk for patient in patients][:removed]
    assert Patient.objects.filter(group=group).count() == 5 - removed
