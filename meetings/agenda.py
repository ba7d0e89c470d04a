"""Building and publishing the agenda of the next meeting (docs/meeting-mode.md, "The
agenda"): proposals with their reasons, accept/skip, order, minutes per patient, and
publishing to every member. Reads what a member may see through register.access.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from meetings import meeting_mode
from meetings.models import (
    AfterDeathAnalysis,
    AgendaItem,
    AgendaRule,
    AgendaSkip,
    Agreement,
    Discussion,
    Meeting,
    PreMeetingInput,
)
from networks.models import Membership
from register.access import visible_patients
from register.models import Patient, UrgencyOption

DEFAULT_STALE_AFTER = 3


class Reason:
    QUESTION = gettext_lazy("question for the meeting")
    TOP_URGENCY = gettext_lazy("highest urgency")
    COLOUR_CHANGED = gettext_lazy("urgency or prognosis changed since the last discussion")
    NOT_DISCUSSED = gettext_lazy("not discussed for %(count)s meetings")
    AGREEMENT_DUE = gettext_lazy("open agreement falling due")
    DIED = gettext_lazy("died since the last meeting (After Death Analysis)")
    INPUT = gettext_lazy("pre-meeting input by a member")


@dataclass
class Proposal:
    patient: Patient
    reasons: list = field(default_factory=list)


def stale_after(group_id: int) -> int:
    rule = AgendaRule.objects.filter(group_id=group_id).first()
    return rule.stale_after_meetings if rule else DEFAULT_STALE_AFTER


def proposals(meeting: Meeting) -> list[Proposal]:
    """Patients of the group not on the agenda and not skipped, each with its reasons;
    a fixed number of queries whatever the size of the register."""
    closed = list(
        Meeting.objects.filter(
            group_id=meeting.group_id, status=Meeting.Status.CLOSED, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
    )
    previous = closed[0] if closed else None
    top = (
        UrgencyOption.objects.filter(target_group=OuterRef("target_group"))
        .values("target_group")
        .annotate(top=Max("sort_order"))
        .values("top")
    )
    last = Discussion.objects.filter(patient=OuterRef("pk")).order_by("-discussed_at")
    due = Agreement.objects.filter(
        agenda_item__patient=OuterRef("pk"),
        status=Agreement.Status.OPEN,
        due_date__lte=timezone.localdate(meeting.starts_at),
    )
    # Input for this meeting, or left on an item the previous meeting did not discuss.
    inputs = PreMeetingInput.objects.filter(agenda_item__patient=OuterRef("pk")).filter(
        Q(agenda_item__meeting=meeting)
        | Q(agenda_item__meeting__starts_at=previous, agenda_item__discussed=False)
    )
    ada = AfterDeathAnalysis.objects.filter(agenda_item__patient=OuterRef("pk"))
    patients = (
        Patient.objects.filter(group_id=meeting.group_id)
        .exclude(status=Patient.Status.ARCHIVED)
        .exclude(agenda_items__meeting=meeting)
        .exclude(pk__in=AgendaSkip.objects.filter(meeting=meeting).values("patient_id"))
        .select_related("target_group", "urgency", "prognosis")
        .annotate(
            top_urgency=Q(urgency__sort_order__gte=top),
            last_discussed=last.values("discussed_at")[:1],
            last_urgency=last.values("urgency_id")[:1],
            last_prognosis=last.values("prognosis_id")[:1],
            agreement_due=Exists(due),
            has_input=Exists(inputs),
            has_ada=Exists(ada),
        )
        .order_by("pk")
    )
    limit = stale_after(meeting.group_id)
    result = []
    for patient in patients:
        reasons = _reasons(patient, closed, previous, limit)
        if reasons:
            result.append(Proposal(patient=patient, reasons=reasons))
    return sorted(result, key=_urgency_first)


def _reasons(patient, closed, previous, limit) -> list[str]:
    reasons = []
    if patient.question_for_meeting:
        reasons.append(str(Reason.QUESTION))
    if patient.top_urgency and patient.urgency_id:
        reasons.append(str(Reason.TOP_URGENCY))
    if patient.last_discussed and (
        patient.last_urgency != patient.urgency_id or patient.last_prognosis != patient.prognosis_id
    ):
        reasons.append(str(Reason.COLOUR_CHANGED))
    since = patient.last_discussed or patient.created_at
    missed = sum(1 for start in closed if start > since)
    if patient.status == Patient.Status.ACTIVE and missed >= limit:
        reasons.append(str(Reason.NOT_DISCUSSED % {"count": missed}))
    if patient.agreement_due:
        reasons.append(str(Reason.AGREEMENT_DUE))
    died_since = previous is None or (
        patient.date_of_death and patient.date_of_death >= timezone.localdate(previous)
    )
    if patient.status == Patient.Status.DECEASED and died_since and not patient.has_ada:
        reasons.append(str(Reason.DIED))
    if patient.has_input:
        reasons.append(str(Reason.INPUT))
    return reasons


def _urgency_first(proposal: Proposal):
    patient = proposal.patient
    return (
        0 if patient.question_for_meeting else 1,
        -(patient.urgency.sort_order if patient.urgency else -1),
        -(patient.prognosis.sort_order if patient.prognosis else -1),
        patient.pk,
    )


# --- the chair's changes ----------------------------------------------------------------


def proposal_accept(*, request, membership, meeting: Meeting, patient_id: int) -> AgendaItem:
    patient = Patient.objects.filter(pk=patient_id, group_id=meeting.group_id).first()
    if patient is None:
        raise Http404
    return meeting_mode.agenda_add(
        request=request, membership=membership, meeting=meeting, patient=patient
    )


def proposal_skip(*, request, membership, meeting: Meeting, patient_id: int) -> None:
    meeting_mode.require_open(meeting)
    if not Patient.objects.filter(pk=patient_id, group_id=meeting.group_id).exists():
        raise Http404
    with transaction.atomic():
        _skip, created = AgendaSkip.objects.get_or_create(meeting=meeting, patient_id=patient_id)
        if created:
            audit_record(
                request=request,
                action="update",
                group_id=meeting.group_id,
                patient_id=patient_id,
                membership=membership,
                changed_fields=["agenda_skip"],
            )


def item_move(*, meeting: Meeting, item_id: int, direction: str) -> None:
    """Swaps the item with its neighbour above ("up") or below ("down"). An item of
    another meeting is a 404."""
    meeting_mode.require_open(meeting)
    with transaction.atomic():
        items = list(
            AgendaItem.objects.select_for_update()
            .filter(meeting=meeting)
            .order_by("position", "pk")
        )
        index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
        if index is None:
            raise Http404
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items, start=1):
            item.position = position
        AgendaItem.objects.bulk_update(items, ["position"])


def item_minutes(*, meeting: Meeting, item_id: int, minutes: int) -> None:
    meeting_mode.require_open(meeting)
    if not 1 <= minutes <= 120:
        raise meeting_mode.MeetingModeError(_("Enter between 1 and 120 minutes."))
    if not AgendaItem.objects.filter(meeting=meeting, pk=item_id).update(minutes=minutes):
        raise Http404


def publish(*, request, meeting: Meeting) -> None:
    """Publishes the agenda: every member sees it from now, and gets an e-mail with only
    the date and a link (no patient data). Publishing again after changes mails again."""
    from outbox.services import email_queue

    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting_mode.require_open(locked)
        locked.agenda_published_at = timezone.now()
        locked.save(update_fields=["agenda_published_at", "updated_at"])
        link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "meeting_run:agenda", args=[locked.group_id, locked.pk]
        )
        context = {"meeting": locked, "group": locked.group, "link": link}
        stamp = int(locked.agenda_published_at.timestamp())
        members = Membership.objects.filter(group_id=locked.group_id, user__is_active=True)
        for member in members.select_related("user"):
            email_queue(
                key=f"meeting:{locked.pk}:user:{member.user_id}:agenda:{stamp}",
                to=member.user.email,
                subject=_("Agenda of the meeting of %(group)s") % {"group": locked.group.name},
                text=render_to_string("meetings/run/email/agenda_published.txt", context),
            )
    meeting.agenda_published_at = locked.agenda_published_at


# --- reading the agenda -----------------------------------------------------------------


def may_read_agenda(membership: Membership, meeting: Meeting) -> bool:
    return bool(
        meeting.agenda_published_at or membership.leads_group or meeting.scribe_id == membership.pk
    )


@dataclass
class AgendaRow:
    item: AgendaItem
    visible: bool  # the member may view this patient: full details
    inputs: list = field(default_factory=list)  # pre-meeting input, only when visible


def agenda_rows(meeting: Meeting, membership: Membership) -> list[AgendaRow]:
    """The agenda in order, each row marked with whether this member may view the
    patient (full, with the input so far) or sees only initial, birth year and colour
    codes. Three queries whatever the agenda's length."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, patient__isnull=False)
        .select_related("patient__target_group", "patient__urgency", "patient__prognosis")
        .annotate(input_count=Count("inputs"))
        .order_by("position", "pk")
    )
    visible = set(
        visible_patients(membership)
        .filter(pk__in=[item.patient_id for item in items])
        .values_list("pk", flat=True)
    )
    inputs: dict[int, list[PreMeetingInput]] = {}
    for entry in PreMeetingInput.objects.filter(
        agenda_item__meeting=meeting, agenda_item__patient_id__in=visible
    ).select_related("author__user"):
        inputs.setdefault(entry.agenda_item_id, []).append(entry)
    return [
        AgendaRow(item=item, visible=item.patient_id in visible, inputs=inputs.get(item.pk, []))
        for item in items
    ]


def time_budget(meeting: Meeting, rows: list[AgendaRow]) -> dict:
    planned = sum(row.item.minutes for row in rows)
    length = int((meeting.ends_at - meeting.starts_at) / timedelta(minutes=1))
    return {"planned": planned, "length": length, "over": planned > length}
