"""The room view of a meeting: what the projector shows, and what moves it.

Reads (`room_context`, `room_version`) and writes (`meeting_start`, `current_item_set`,
`touch`). Identity in the room is always initials and birth year: the patient's surname is
never loaded into the room's context (`_label`). See docs/meeting-mode.md.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.meeting_mode import MeetingModeError, require_open
from meetings.models import (
    AgendaItem,
    Agreement,
    AttentionPoint,
    Finding,
    Meeting,
    PreMeetingInput,
)
from register.models import (
    CareProvider,
    Patient,
    ProblemAndStrength,
    PrognosisOption,
    SubField,
    UrgencyOption,
)

# The dimension shown in the room even when empty (seeded in register/0002).
ADVANCE_CARE_PLANNING = "Proactieve zorgplanning"
EARLIER_MEETINGS_SHOWN = 3

WAITING, IN_PROGRESS, CLOSED = "waiting", "in_progress", "closed"


def state(meeting: Meeting) -> str:
    if meeting.status != Meeting.Status.PLANNED:
        return CLOSED
    return IN_PROGRESS if meeting.started_at else WAITING


def label(patient: Patient | None) -> str:
    """Initials and birth year: the only identity the room ever shows."""
    if patient is None:
        return "–"
    return f"{patient.initials} ({patient.date_of_birth.year})"


# --- writes -----------------------------------------------------------------------------


def touch(meeting_id: int) -> None:
    """Something the room shows changed: its next poll re-renders."""
    Meeting.objects.filter(pk=meeting_id).update(room_version=F("room_version") + 1)


def meeting_start(*, meeting: Meeting, user) -> None:
    """In progress from now (chair or vice-chair); starting twice keeps the first time."""
    require_open(meeting)
    if meeting.started_at:
        return
    first = _agenda(meeting).first()
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk, started_at__isnull=True).update(
        started_at=now,
        started_by=user,
        current_item=first,
        current_item_since=now,
        room_version=F("room_version") + 1,
    )
    meeting.refresh_from_db()


def current_item_set(
    *, meeting: Meeting, item_id: int | None, target_group_id: int | None = None
) -> AgendaItem:
    """Puts an agenda item of this meeting on the projector, with the room's target-group
    filter. Without an item (or one outside the filter): the filter's first patient."""
    require_open(meeting)
    agenda = _agenda(meeting, target_group_id)
    wanted = item_id or meeting.current_item_id
    item = agenda.filter(pk=wanted).first() if wanted else None
    if item is None and item_id and not target_group_id:
        raise MeetingModeError(_("This patient is not on this meeting's agenda."))
    item = item or agenda.first()
    if item is None:
        raise MeetingModeError(_("No patients of this target group on the agenda."))
    changes = {"room_target_group_id": target_group_id, "room_version": F("room_version") + 1}
    if item.pk != meeting.current_item_id:
        changes.update(current_item=item, current_item_since=timezone.now())
    Meeting.objects.filter(pk=meeting.pk).update(**changes)
    return item


# --- reads ------------------------------------------------------------------------------


@dataclass
class RoomItem:
    pk: int
    label: str
    target_group: str
    discussed: bool
    has_advice: bool


@dataclass
class Earlier:
    starts_at: datetime
    advice: str


@dataclass
class Current:
    item: AgendaItem
    label: str
    patient: Patient
    problems: list = field(default_factory=list)
    care_providers: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    earlier: list[Earlier] = field(default_factory=list)
    open_agreements: list = field(default_factory=list)
    # What is being recorded now, on the current item.
    agreements: list = field(default_factory=list)
    attention_points: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    tools: list = field(default_factory=list)


def _agenda(meeting: Meeting, target_group_id=None):
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
    if target_group_id:
        items = items.filter(patient__target_group_id=target_group_id)
    return items


def agenda_list(meeting: Meeting, target_group_id=None) -> list[RoomItem]:
    """The agenda in its order, filtered by target group; without any surname. Plain
    values, no model instances: the room renders it on every change (bench:
    `make bench-meeting-room`)."""
    rows = (
        _agenda(meeting, target_group_id)
        .annotate(has_advice=ExpressionWrapper(~Q(advice=""), output_field=BooleanField()))
        .values_list(
            "pk",
            "patient__initials",
            "patient__date_of_birth",
            "patient__target_group__name",
            "discussed",
            "has_advice",
        )
    )
    return [
        RoomItem(
            pk=pk,
            label=f"{initials} ({born.year})" if born else "–",
            target_group=target_group or "",
            discussed=discussed,
            has_advice=bool(has_advice),
        )
        for pk, initials, born, target_group, discussed, has_advice in rows
    ]


def _current_item(meeting: Meeting) -> AgendaItem | None:
    """The item on the projector with its patient (never the surname) and scales."""
    if meeting.current_item_id is None:
        return None
    return (
        AgendaItem.objects.filter(pk=meeting.current_item_id, meeting=meeting)
        .select_related("patient__target_group", "patient__prognosis", "patient__urgency")
        .defer("patient__surname", "patient__birth_name")
        .first()
    )


def _current(meeting: Meeting, item: AgendaItem | None) -> Current | None:
    """The current patient's context: one query per relation, whatever the agenda's
    length (only this item's rows are read, not those of the whole agenda)."""
    if item is None or item.patient is None:
        return None
    patient = item.patient
    current = Current(item=item, label=label(patient), patient=patient)
    current.agreements = list(Agreement.objects.filter(agenda_item=item))
    current.attention_points = list(
        AttentionPoint.objects.filter(agenda_item=item).select_related("category")
    )
    current.inputs = list(
        PreMeetingInput.objects.filter(agenda_item=item).select_related("author__user")
    )
    current.tools = list(item.tools.all())
    current.problems = _problems(patient)
    current.care_providers = list(
        CareProvider.objects.filter(patient=patient).select_related("discipline", "organisation")
    )
    current.organisations = list(patient.homecare_organisations.all())
    current.earlier, current.open_agreements = _earlier(meeting, patient)
    return current


def _earlier(meeting: Meeting, patient: Patient) -> tuple[list[Earlier], list[SimpleNamespace]]:
    """The patient's closed earlier meetings (newest first, at most
    EARLIER_MEETINGS_SHOWN) and the agreements still open from all of them: one query,
    an item's row repeated per open agreement (bench: `make bench-meeting-room`)."""
    rows = (
        AgendaItem.objects.filter(patient=patient, meeting__status=Meeting.Status.CLOSED)
        .exclude(meeting=meeting)
        .annotate(
            open_agreement=FilteredRelation(
                "agreements", condition=Q(agreements__status=Agreement.Status.OPEN)
            )
        )
        .order_by("-meeting__starts_at", "pk", "open_agreement__pk")
        .values_list(
            "pk",
            "meeting__starts_at",
            "advice",
            "open_agreement__pk",
            "open_agreement__what",
            "open_agreement__who",
            "open_agreement__due_date",
        )
    )
    earlier, open_agreements, seen = [], [], set()
    for pk, starts_at, advice, agreement_pk, what, who, due_date in rows:
        if pk not in seen:
            seen.add(pk)
            earlier.append(Earlier(starts_at=starts_at, advice=advice))
        if agreement_pk is not None:
            open_agreements.append(SimpleNamespace(what=what, who=who, due_date=due_date))
    return earlier[:EARLIER_MEETINGS_SHOWN], open_agreements


def _problems(patient: Patient) -> list[tuple[str, str, str]]:
    """(sub-field, problem, strength): the filled ones, and advance care planning always;
    one query."""
    own = ProblemAndStrength.objects.filter(patient=patient, sub_field=OuterRef("pk"))
    filled = own.exclude(problem="", strength="")
    sub_fields = (
        SubField.objects.filter(Q(dimension__name=ADVANCE_CARE_PLANNING) | Q(Exists(filled)))
        .select_related("dimension")
        .annotate(
            problem=Subquery(own.values("problem")[:1]),
            strength=Subquery(own.values("strength")[:1]),
        )
        .order_by("dimension__sort_order", "dimension__name", "sort_order", "pk")
    )
    return [(str(sub), sub.problem or "", sub.strength or "") for sub in sub_fields]


def room_context(meeting: Meeting) -> dict:
    """Everything the room view renders, in a fixed number of queries. Not for views:
    they get it through meetings.access.room_shown, which writes the access log."""
    items = agenda_list(meeting, meeting.room_target_group_id)
    current = None
    if state(meeting) == IN_PROGRESS:
        current = _current(meeting, _current_item(meeting))
    ids = [row.pk for row in items]
    position = ids.index(current.item.pk) + 1 if current and current.item.pk in ids else None
    budget = None
    if items:
        budget = int((meeting.ends_at - meeting.starts_at).total_seconds() // len(items))
    context = {
        "meeting": meeting,
        "state": state(meeting),
        "items": items,
        "current": current,
        "position": position,
        "count": len(items),
        "budget_seconds": budget,
        "since": meeting.current_item_since,
    }
    if context["state"] == CLOSED or (current is None and meeting.started_at):
        context["findings"] = list(
            Finding.objects.filter(meeting=meeting).select_related("category", "target_group")
        )
    return context


def colour_holders() -> list[SimpleNamespace]:
    """Every scale option, shaped for `colour_code_styles`: the room page carries the CSS
    of all colour codes, because the bodies it swaps in later cannot add styles (CSP)."""
    return [
        SimpleNamespace(prognosis=prognosis, urgency=None)
        for prognosis in PrognosisOption.objects.all()
    ] + [
        SimpleNamespace(prognosis=None, urgency=urgency) for urgency in UrgencyOption.objects.all()
    ]


def minutes(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return str(timedelta(seconds=seconds))[-5:]
