"""Writes of meeting mode: attendance, agenda, advice, agreements, tools, attention
points, findings, ADA, pre-meeting input, and closing. See docs/meeting-mode.md.

Views check `meetings.access` first; these functions enforce what holds whoever calls
them: a closed meeting is never changed, patients and attendees belong to the meeting's
group, tools come from the patient's target group, and a stale save never overwrites.
Every change to a patient's agenda item writes an audit event for that patient.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from meetings import agreements, history, selectors
from meetings.access import may_put_on_agenda
from meetings.models import (
    AfterDeathAnalysis,
    AgendaItem,
    Agreement,
    Attendance,
    AttentionPoint,
    Category,
    Finding,
    Meeting,
    PreMeetingInput,
    Report,
)
from networks.models import Membership
from register.access import visible_patients
from register.models import Patient, TargetGroup
from toolslibrary.models import Tool
from toolslibrary.selectors import tools_for_patient


class MeetingModeError(Exception):
    """A refused change, with a message for the user."""


class MeetingClosed(MeetingModeError):
    def __init__(self):
        super().__init__(_("This meeting has been closed; it can no longer be changed."))


class StaleSave(MeetingModeError):
    """Someone else saved the same agenda item first; `current` holds their version."""

    def __init__(self, current: AgendaItem):
        self.current = current
        super().__init__(
            _("Someone else saved this advice in the meantime. Their text is shown below.")
        )


def require_open(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.PLANNED:
        raise MeetingClosed


def _audit_item(request, membership, item: AgendaItem, fields=()) -> None:
    audit_record(
        request=request,
        action="update",
        group_id=item.meeting.group_id,
        patient_id=item.patient_id,
        membership=membership,
        changed_fields=fields,
    )


# --- attendance -------------------------------------------------------------------------


def attendance_set(*, meeting: Meeting, present: list[Membership]) -> None:
    """The members present are exactly `present` (guests stay)."""
    require_open(meeting)
    if any(member.group_id != meeting.group_id for member in present):
        raise MeetingModeError(_("Only members of this group can be recorded as present."))
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting, membership__isnull=False).exclude(
            membership__in=present
        ).delete()
        known = set(
            Attendance.objects.filter(meeting=meeting).values_list("membership_id", flat=True)
        )
        Attendance.objects.bulk_create(
            Attendance.for_member(meeting=meeting, membership=member)
            for member in present
            if member.pk not in known
        )


def attendance_add_guest(*, meeting: Meeting, name: str, role: str) -> Attendance:
    require_open(meeting)
    name, role = name.strip(), role.strip()
    if not name or not role:
        raise MeetingModeError(_("Enter the guest's name and role."))
    return Attendance.objects.create(meeting=meeting, guest_name=name, guest_role=role)


def attendance_remove(*, meeting: Meeting, attendance_id: int) -> None:
    require_open(meeting)
    Attendance.objects.filter(meeting=meeting, pk=attendance_id).delete()


def scribe_assign(*, meeting: Meeting, scribe: Membership | None) -> None:
    require_open(meeting)
    if scribe is not None and scribe.group_id != meeting.group_id:
        raise MeetingModeError(_("The scribe must be a member of this group."))
    meeting.scribe = scribe
    meeting.save(update_fields=["scribe", "updated_at"])


# --- agenda -----------------------------------------------------------------------------


def agenda_add(*, request, membership, meeting: Meeting, patient: Patient) -> AgendaItem:
    """Puts a patient of the meeting's group on the agenda (once)."""
    require_open(meeting)
    if patient.group_id != meeting.group_id:
        raise MeetingModeError(_("This patient is not in this group's register."))
    with transaction.atomic():
        last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
        item, created = AgendaItem.objects.get_or_create(
            meeting=meeting, patient=patient, defaults={"position": (last or 0) + 1}
        )
        if created:
            _audit_item(request, membership, item, ["agenda"])
    return item


def agenda_build_default(*, request, membership, meeting: Meeting) -> int:
    """Adds the default agenda (questions, then urgency; returning patients). Returns
    how many patients were added; patients already on the agenda keep their place."""
    require_open(meeting)
    added = 0
    with transaction.atomic():
        on_agenda = set(
            AgendaItem.objects.filter(meeting=meeting).values_list("patient_id", flat=True)
        )
        for patient in selectors.default_agenda_patients(meeting):
            if patient.pk not in on_agenda:
                agenda_add(request=request, membership=membership, meeting=meeting, patient=patient)
                added += 1
    return added


def advice_save(
    *, request, membership, item: AgendaItem, advice: str, discussed: bool, expected_version: int
) -> AgendaItem:
    """Saves the advice if nobody saved the item since `expected_version`.

    A conditional UPDATE, so of two chairs saving at once exactly one wins; the other
    gets StaleSave with the winner's text and keeps their own on screen to merge.
    """
    require_open(item.meeting)
    with transaction.atomic():
        updated = AgendaItem.objects.filter(pk=item.pk, version=expected_version).update(
            advice=advice,
            discussed=discussed,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise StaleSave(AgendaItem.objects.get(pk=item.pk))
        _audit_item(request, membership, item, ["advice", "discussed"])
    # The conditional UPDATE succeeded, so these are now the stored values.
    item.advice, item.discussed, item.version = advice, discussed, expected_version + 1
    return item


def tools_save(*, request, membership, item: AgendaItem, tool_ids: list[int]) -> None:
    """The chosen interventions & tools; only those offered for the patient's target group."""
    require_open(item.meeting)
    offered = tools_for_patient(item.patient)
    chosen = list(offered.filter(pk__in=tool_ids))
    if len(chosen) != len(set(tool_ids)):
        raise MeetingModeError(
            _("Only interventions & tools for the patient's target group can be chosen.")
        )
    with transaction.atomic():
        item.tools.set(chosen)
        _audit_item(request, membership, item, ["tools"])


def tool_allowed(item: AgendaItem, tool: Tool) -> bool:
    return tools_for_patient(item.patient).filter(pk=tool.pk).exists()


@dataclass
class AgreementData:
    what: str
    owner: str  # a value of agreements.owner_choices: "m:<membership>", "c:…", "o:…"
    due_date: date | None
    status: str = Agreement.Status.OPEN
    advance_care_planning: bool = False


def _agreement_columns(item: AgendaItem, data: AgreementData) -> dict:
    """The columns an agreement gets from the form, after the owner and date rules."""
    try:
        owner = agreements.owner_resolve(item.patient, data.owner)
        agreements.due_date_check(item, data.due_date)
    except agreements.AgreementError as error:
        raise MeetingModeError(str(error)) from error
    return {
        "what": data.what,
        "due_date": data.due_date,
        "status": data.status,
        "advance_care_planning": data.advance_care_planning,
        **owner.columns(),
    }


def agreement_add(*, request, membership, item: AgendaItem, data: AgreementData) -> Agreement:
    require_open(item.meeting)
    columns = _agreement_columns(item, data)
    if data.status != Agreement.Status.OPEN:
        columns.update(status_changed_at=timezone.now(), status_changed_by=request.user)
    with transaction.atomic():
        agreement = Agreement.objects.create(agenda_item=item, **columns)
        _audit_item(request, membership, item, ["agreements"])
    return agreement


def _stored(agreement: Agreement, name: str):
    """A column's stored value; for an owner, its id."""
    return getattr(agreement, f"{name}_id" if name.startswith("owner_") else name)


def agreement_save(
    *, request, membership, item: AgendaItem, agreement: Agreement, data: AgreementData
) -> Agreement:
    """Saves one agreement. Each field is its own column: saving writes only what
    changed, so two people editing different fields do not undo each other."""
    require_open(item.meeting)
    columns = _agreement_columns(item, data)
    changed = {
        name: value
        for name, value in columns.items()
        if _stored(agreement, name) != getattr(value, "pk", value)
    }
    if "status" in changed:
        changed.update(status_changed_at=timezone.now(), status_changed_by=request.user)
    if changed:
        with transaction.atomic():
            Agreement.objects.filter(pk=agreement.pk).update(**changed, updated_at=timezone.now())
            _audit_item(request, membership, item, [f"agreements.{agreement.pk}"])
        for name, value in changed.items():
            setattr(agreement, name, value)
    return agreement


def attention_point_add(
    *, request, membership, item: AgendaItem, category: Category, text: str
) -> AttentionPoint:
    require_open(item.meeting)
    with transaction.atomic():
        point = AttentionPoint.objects.create(agenda_item=item, category=category, text=text)
        _audit_item(request, membership, item, ["attention_points"])
    return point


def ada_save(*, request, membership, item: AgendaItem, values: dict) -> AfterDeathAnalysis:
    """The After Death Analysis, only for a patient registered as deceased."""
    require_open(item.meeting)
    if item.patient.status != Patient.Status.DECEASED:
        raise MeetingModeError(
            _("An After Death Analysis can only be recorded for a deceased patient.")
        )
    with transaction.atomic():
        ada, _created = AfterDeathAnalysis.objects.update_or_create(
            agenda_item=item, defaults=values
        )
        _audit_item(request, membership, item, [f"ada.{name}" for name in values])
    return ada


def ada_initial(patient: Patient) -> dict:
    """Prefill from the register: weeks on the register and the preferred place."""
    weeks = None
    if patient.date_of_death:
        weeks = max(0, (patient.date_of_death - patient.created_at.date()).days // 7)
    return {
        "weeks_on_register": weeks,
        "preferred_place_of_death": patient.preferred_place_of_death,
        "actual_place_of_death": patient.place_of_death,
    }


# --- meeting level ----------------------------------------------------------------------


def finding_add(
    *,
    meeting: Meeting,
    kind: str,
    category: Category,
    target_group: TargetGroup | None,
    text: str,
) -> Finding:
    require_open(meeting)
    return Finding.objects.create(
        meeting=meeting, kind=kind, category=category, target_group=target_group, text=text
    )


def finding_remove(*, meeting: Meeting, finding_id: int) -> None:
    require_open(meeting)
    Finding.objects.filter(meeting=meeting, pk=finding_id).delete()


def input_add(
    *, request, membership: Membership, meeting: Meeting, patient_id: int, text: str
) -> PreMeetingInput:
    """A member's input on a patient they may see. Puts the patient on the agenda, if
    the member may do that (`may_put_on_agenda`); others only add to an agenda item."""
    require_open(meeting)
    patient = visible_patients(membership).filter(pk=patient_id).first()
    if patient is None or patient.group_id != meeting.group_id:
        raise MeetingModeError(_("You cannot give input on this patient."))
    with transaction.atomic():
        item = AgendaItem.objects.filter(meeting=meeting, patient=patient).first()
        if item is None and not may_put_on_agenda(membership):
            raise MeetingModeError(
                _(
                    "Only members who may edit the register can put a patient on the "
                    "agenda. You can give input on patients already on the agenda."
                )
            )
        item = item or agenda_add(
            request=request, membership=membership, meeting=meeting, patient=patient
        )
        created = PreMeetingInput.objects.create(agenda_item=item, author=membership, text=text)
        _audit_item(request, membership, item, ["inputs"])
    return created


# --- closing ----------------------------------------------------------------------------


@dataclass
class NextSlot:
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    video_link: str = ""


def meeting_close(
    *, request, membership: Membership, meeting: Meeting, next_slot: NextSlot | None
) -> tuple[Report, Meeting | None]:
    """Closes the meeting in one transaction: anonymises its texts once, freezes the
    report, records the discussed patients' discussions (and clears their questions),
    mails the members present a link to the report, and plans the next meeting. Closing
    twice is refused."""
    from meetings.anonymisation import meeting_texts_anonymise
    from meetings.reports import report_content

    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_open(locked)
        if not locked.attendances.exists():
            raise MeetingModeError(_("Record who attended before closing the meeting."))
        # Once, here: the report, insight and every export read the stored result.
        anonymise = meeting_texts_anonymise(locked)
        report = Report.objects.create(meeting=locked, content=report_content(locked, anonymise))
        # Step: each discussed patient's discussion into their history; questions cleared.
        history.discussions_record(request=request, membership=membership, meeting=locked)
        locked.status = Meeting.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = request.user
        locked.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        _report_emails(locked)
        following = _plan_next(locked, next_slot, request.user) if next_slot else None
    meeting.refresh_from_db()
    return report, following


def report_email_key(meeting_id: int, user_id: int) -> str:
    return f"meeting-report:{meeting_id}:{user_id}"


def _report_emails(meeting: Meeting) -> None:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse

    from outbox.services import email_queue

    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "meeting_run:report", args=[meeting.group_id, meeting.pk]
    )
    context = {"meeting": meeting, "group": meeting.group, "link": link}
    for attendance in meeting.attendances.select_related("membership__user"):
        if attendance.membership is None or not attendance.membership.user.is_active:
            continue
        email_queue(
            key=report_email_key(meeting.pk, attendance.membership.user_id),
            to=attendance.membership.user.email,
            subject=_("Report of the meeting of %(group)s") % {"group": meeting.group.name},
            text=render_to_string("meetings/run/email/report_ready.txt", context),
        )


def _plan_next(meeting: Meeting, slot: NextSlot, user) -> Meeting:
    """Plans the next meeting the way the planning page does, so invitations go out."""
    from meetings.services import meetings_plan

    try:
        (following,) = meetings_plan(
            user=user,
            group=meeting.group,
            slots=[
                {
                    "starts_at": slot.starts_at,
                    "ends_at": slot.ends_at,
                    "location": slot.location,
                    "video_link": slot.video_link,
                }
            ],
        )
    except ValidationError as error:
        raise MeetingModeError(" ".join(error.messages)) from error
    return following
