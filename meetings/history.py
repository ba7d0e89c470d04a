"""What closing a meeting leaves behind: each discussed patient's discussion in their
history (question as asked, advice, agreements), the question cleared for the next round,
and the suggested date of the next meeting. See docs/meeting-mode.md, "Closing".
"""

import functools
from datetime import date, datetime, timedelta

import holidays
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from meetings.models import AgendaItem, Discussion, Meeting
from register.models import Patient

# Saturday and Sunday (date.weekday()).
WEEKEND = frozenset({5, 6})


def discussions_record(*, request, membership, meeting: Meeting) -> list[Discussion]:
    """Records every discussed patient's discussion and clears their question for the
    meeting. Patients not discussed keep their question (they come back as proposals).
    Runs inside the close transaction; one `update` audit event per cleared patient."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, discussed=True, patient__isnull=False)
        .select_related("patient")
        .prefetch_related(
            "agreements__owner_membership__user",
            "agreements__owner_care_provider",
            "agreements__owner_organisation",
        )
    )
    discussions = Discussion.objects.bulk_create(
        Discussion(
            agenda_item=item,
            meeting=meeting,
            patient=item.patient,
            question=item.patient.question_for_meeting,
            advice=item.advice,
            agreements=[_agreement_snapshot(a) for a in item.agreements.all()],
            urgency_id=item.patient.urgency_id,
            prognosis_id=item.patient.prognosis_id,
            discussed_at=meeting.starts_at,
        )
        for item in items
    )
    asked = [item.patient.pk for item in items if item.patient.question_for_meeting]
    Patient.objects.filter(pk__in=asked).update(
        question_for_meeting="", version=F("version") + 1, updated_at=timezone.now()
    )
    for patient_id in asked:
        audit_record(
            request=request,
            action="update",
            group_id=meeting.group_id,
            patient_id=patient_id,
            membership=membership,
            changed_fields=["question_for_meeting"],
        )
    return discussions


def _agreement_snapshot(agreement) -> dict:
    return {
        "what": agreement.what,
        "who": agreement.owner_name,
        "due_date": agreement.due_date.isoformat() if agreement.due_date else "",
        "status": agreement.status,
        "advance_care_planning": agreement.advance_care_planning,
    }


def patient_discussions(patient: Patient) -> list[Discussion]:
    """The patient's discussions, most recent first (the caller has checked access)."""
    return list(Discussion.objects.filter(patient=patient).select_related("meeting__group"))


# --- the next meeting's date ------------------------------------------------------------


@functools.cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_day_off(day: date) -> bool:
    """A weekend day or a Dutch public holiday (the `holidays` package)."""
    return day.weekday() in WEEKEND or day in _dutch_holidays(day.year)


def next_meeting_start(previous_start: datetime, interval: timedelta) -> datetime:
    """The suggested start of the next meeting: about `interval` later on the same weekday
    and time, moved a week on while that day is a public holiday. A group that met on a
    weekend day gets the first working day after it instead."""
    local = timezone.localtime(previous_start)
    weeks = max(1, round(interval / timedelta(weeks=1)))
    day = local.date() + timedelta(weeks=weeks)
    step = timedelta(days=1) if day.weekday() in WEEKEND else timedelta(weeks=1)
    while is_day_off(day):
        day += step
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


# --- the GP's own record ----------------------------------------------------------------


def journal_text(discussion: Discussion) -> str:
    """Short SOEP-style lines for the GP's own record (HIS journal): date and group,
    the question (S), the advice (E) and the agreements with owner and date (P)."""
    day = formats.date_format(timezone.localtime(discussion.discussed_at), "j-n-Y")
    lines = [_("MDO %(group)s %(date)s") % {"group": discussion.meeting.group.name, "date": day}]
    if discussion.question:
        lines.append(_("S: question: %(text)s") % {"text": _one_line(discussion.question)})
    if discussion.advice:
        lines.append(_("E: advice: %(text)s") % {"text": _one_line(discussion.advice)})
    for agreement in discussion.agreements:
        due = agreement.get("due_date")
        line = _("P: %(what)s (%(who)s)") % {"what": agreement["what"], "who": agreement["who"]}
        if due:
            due_day = formats.date_format(date.fromisoformat(due), "j-n-Y")
            line += " " + _("before %(date)s") % {"date": due_day}
        lines.append(line)
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def journal_for_gp(user, patient: Patient) -> list[tuple[Discussion, str]]:
    """The HIS texts for the patient's responsible GP (nobody else), newest first."""
    if patient.responsible_gp_id != user.pk:
        return []
    return [(d, journal_text(d)) for d in patient_discussions(patient)]
