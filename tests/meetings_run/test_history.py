"""Closing a meeting keeps each discussed patient's discussion in their history and clears
the question; undiscussed patients keep theirs and come back. The next meeting's
suggested date keeps the weekday and time and avoids weekends and Dutch holidays."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from meetings import selectors
from meetings.history import is_day_off, next_meeting_start
from meetings.models import Agreement, Discussion, Meeting
from register.models import Patient
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory, RegisterPatientFactory


@pytest.fixture
def run_meeting(group, chair, gp, meeting):
    asked = RegisterPatientFactory(group=group, question_for_meeting="Morfine ophogen?")
    kept = RegisterPatientFactory(group=group, question_for_meeting="Hospice bespreken?")
    discussed = AgendaItemFactory(
        meeting=meeting, patient=asked, discussed=True, advice="Ophogen naar 20 mg"
    )
    Agreement.objects.create(
        agenda_item=discussed,
        what="PZP-gesprek",
        owner_membership=gp,
        who=gp.user.full_name,
        advance_care_planning=True,
    )
    AgendaItemFactory(meeting=meeting, patient=kept, discussed=False)
    meeting.attendances.create(membership=chair)
    return meeting


def _close(client, meeting):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("outbox.services.email_dispatch", lambda **kwargs: None)
        return client.post(run_url("close", meeting), {})  # plan_next unchecked


def test_closing_records_the_discussion_and_clears_the_question(
    signed_in, chair, gp, group, run_meeting
):
    assert _close(signed_in(chair), run_meeting).status_code == 302
    assert Meeting.objects.get(pk=run_meeting.pk).status == "closed"
    discussion = Discussion.objects.get()
    assert discussion.question == "Morfine ophogen?"
    assert discussion.advice == "Ophogen naar 20 mg"
    assert discussion.agreements[0]["what"] == "PZP-gesprek"
    assert discussion.agreements[0]["who"] == "Bram Huisarts"
    assert discussion.agreements[0]["advance_care_planning"] is True
    asked = discussion.patient
    asked.refresh_from_db()
    assert asked.question_for_meeting == ""
    assert AuditEvent.objects.filter(
        action="update", patient_id=asked.pk, changed_fields=["question_for_meeting"]
    ).exists()
    kept = Patient.objects.get(question_for_meeting="Hospice bespreken?")
    next_meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(weeks=6))
    proposed = {p.pk for p in selectors.default_agenda_patients(next_meeting)}
    assert kept.pk in proposed


def test_history_and_open_agreement_show_on_the_patient_page(
    signed_in, chair, gp, group, run_meeting, client
):
    _close(signed_in(chair), run_meeting)
    client.logout()
    signed_in(gp)
    patient = Discussion.objects.get().patient
    page = client.get(reverse("register:detail", args=[group.pk, patient.pk])).content.decode()
    assert "Morfine ophogen?" in page and "Ophogen naar 20 mg" in page
    assert "PZP-gesprek" in page


def test_a_failed_close_records_nothing(signed_in, chair, run_meeting):
    run_meeting.attendances.all().delete()
    _close(signed_in(chair), run_meeting)
    assert not Discussion.objects.exists()
    assert Patient.objects.filter(question_for_meeting="Morfine ophogen?").exists()


AMSTERDAM_TIMES = [(12, 30), (16, 0), (8, 15)]


@pytest.mark.parametrize("weeks", [4, 6, 8])
def test_suggested_date_over_two_years_keeps_weekday_and_avoids_days_off(settings, weeks):
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        for hour, minute in AMSTERDAM_TIMES:
            start = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
            suggested = timezone.localtime(next_meeting_start(start, timedelta(weeks=weeks)))
            assert not is_day_off(suggested.date()), (start, suggested)
            assert (suggested.hour, suggested.minute) == (hour, minute)
            if day.weekday() < 5:
                assert suggested.weekday() == day.weekday()
                assert suggested.date() >= day + timedelta(weeks=weeks)
        day += timedelta(days=1)


def test_holidays_move_the_meeting_a_week_on():
    # 22 March 2027 + 1 week = Easter Monday; 20 April 2026 + 1 week = King's Day.
    easter = timezone.make_aware(datetime(2027, 3, 22, 12, 30))
    assert next_meeting_start(easter, timedelta(weeks=1)).date() == date(2027, 4, 5)
    kings = timezone.make_aware(datetime(2026, 4, 20, 12, 30))
    assert next_meeting_start(kings, timedelta(weeks=1)).date() == date(2026, 5, 4)
    # Christmas 2026 is a Friday; the group meets on Fridays.
    christmas = timezone.make_aware(datetime(2026, 12, 18, 9, 0))
    assert next_meeting_start(christmas, timedelta(weeks=1)).date() == date(2027, 1, 8)


def test_his_journal_text_for_the_responsible_gp_only(
    signed_in, chair, gp, group, run_meeting, client
):
    patient = Patient.objects.get(question_for_meeting="Morfine ophogen?")
    patient.responsible_gp = gp.user
    patient.save()
    Agreement.objects.filter(what="PZP-gesprek").update(due_date=date(2030, 1, 15))
    _close(signed_in(chair), run_meeting)
    client.logout()
    signed_in(gp)
    page = client.get(reverse("register:detail", args=[group.pk, patient.pk])).content.decode()
    assert "Kopieer voor het HIS-journaal" in page
    assert f"MDO {group.name}" in page
    assert "S: vraag: Morfine ophogen?" in page
    assert "E: advies: Ophogen naar 20 mg" in page
    assert "P: PZP-gesprek (Bram Huisarts) vóór 15-1-2030" in page
    prepared = client.get(run_url("prepare", run_meeting)).content.decode()
    assert "S: vraag: Morfine ophogen?" in prepared
    client.logout()
    signed_in(chair)
    page = client.get(reverse("register:detail", args=[group.pk, patient.pk])).content.decode()
    assert "Morfine ophogen?" in page and "Kopieer voor het HIS-journaal" not in page
