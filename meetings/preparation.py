""" "Mijn voorbereiding": a member's own patients on the next meeting's agenda, what is
missing for each, and one save per patient that fixes it and marks it "bijgewerkt".

A member's own patients: those they are responsible GP for, or in care with their
organisation, among those they may view (register.access). See docs/meetings.md.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from meetings import agreements as agreement_rules
from meetings import history, meeting_mode
from meetings.models import AgendaItem, Agreement, Discussion, Meeting, PreparationMark
from networks.models import Membership
from register.access import Action, in_care_with, may, visible_patients
from register.models import Patient, PrognosisOption, UrgencyOption

QUESTION_LENGTH = 2000


class Missing:
    QUESTION = gettext_lazy("no question for the meeting")
    COLOURS = gettext_lazy("urgency and prognosis not reviewed since the last meeting")
    PROBLEMS = gettext_lazy("problems and strengths unchanged since the last discussion")
    AGREEMENTS = gettext_lazy("your open agreements due before the meeting")


@dataclass
class PrepRow:
    item: AgendaItem
    missing: list = field(default_factory=list)
    due: list = field(default_factory=list)  # the member's open agreements due by then
    urgency_options: list = field(default_factory=list)
    prognosis_options: list = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.missing


def my_patients(membership: Membership):
    mine = Q(responsible_gp_id=membership.user_id) | in_care_with(membership.organisation_id)
    return visible_patients(membership).filter(mine)


def preparation_rows(meeting: Meeting, membership: Membership) -> list[PrepRow]:
    """The member's patients on the agenda with what is missing; five queries whatever
    the size of the register or the agenda."""
    last = Discussion.objects.filter(patient=OuterRef("patient")).order_by("-discussed_at")
    items = list(
        AgendaItem.objects.filter(meeting=meeting, patient__in=my_patients(membership))
        .select_related("patient__target_group", "patient__urgency", "patient__prognosis")
        .annotate(
            last_discussed=Subquery(last.values("discussed_at")[:1]),
            prepared=Exists(
                PreparationMark.objects.filter(meeting=meeting, patient=OuterRef("patient"))
            ),
        )
        .order_by("position", "pk")
    )
    patient_ids = [item.patient_id for item in items]
    target_groups = {item.patient.target_group_id for item in items}
    urgency = _options(UrgencyOption, target_groups)
    prognosis = _options(PrognosisOption, target_groups)
    due: dict[int, list[Agreement]] = {}
    for agreement in _due_agreements(meeting, membership, patient_ids):
        due.setdefault(agreement.agenda_item.patient_id, []).append(agreement)
    rows = []
    for item in items:
        row = PrepRow(
            item=item,
            due=due.get(item.patient_id, []),
            urgency_options=urgency.get(item.patient.target_group_id, []),
            prognosis_options=prognosis.get(item.patient.target_group_id, []),
        )
        row.missing = _missing(item, row.due)
        rows.append(row)
    return rows


def _options(model, target_groups) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for option in model.objects.filter(target_group_id__in=target_groups).order_by("sort_order"):
        grouped.setdefault(option.target_group_id, []).append(option)
    return grouped


def _due_agreements(meeting: Meeting, membership: Membership, patient_ids):
    return agreement_rules.mark_overdue(
        list(
            Agreement.objects.filter(
                agreement_rules.owned_by(membership),
                agenda_item__patient_id__in=patient_ids,
                status=Agreement.Status.OPEN,
                due_date__lte=timezone.localdate(meeting.starts_at),
            )
            .select_related("agenda_item")
            .order_by("due_date", "pk")
        )
    )


def _missing(item: AgendaItem, due: list) -> list[str]:
    patient = item.patient
    missing = []
    if not patient.question_for_meeting:
        missing.append(str(Missing.QUESTION))
    if not item.prepared:
        missing.append(str(Missing.COLOURS))
        if item.last_discussed and patient.updated_at <= item.last_discussed:
            missing.append(str(Missing.PROBLEMS))
    if due:
        missing.append(str(Missing.AGREEMENTS))
    return missing


@dataclass
class PrepInput:
    question: str
    urgency_id: int | None
    prognosis_id: int | None
    version: int
    done_agreements: list[int]


def preparation_save(*, request, membership, meeting: Meeting, patient_id: int, data: PrepInput):
    """Saves one patient's preparation in one transaction: the question and colour codes
    (if the member may edit the patient), the agreements marked done, and the mark."""
    meeting_mode.require_open(meeting)
    patient = my_patients(membership).filter(pk=patient_id, agenda_items__meeting=meeting).first()
    if patient is None:
        raise Http404
    if len(data.question) > QUESTION_LENGTH:
        raise meeting_mode.MeetingModeError(
            _("The question may be at most %(count)s characters.") % {"count": QUESTION_LENGTH}
        )
    changed = []
    with transaction.atomic():
        if may(membership, Action.EDIT):
            changed += _save_patient(patient, data)
        due = {a.pk for a in _due_agreements(meeting, membership, [patient.pk])}
        done = [pk for pk in data.done_agreements if pk in due]
        Agreement.objects.filter(pk__in=done).update(
            status=Agreement.Status.DONE,
            status_changed_at=timezone.now(),
            status_changed_by=request.user,
            updated_at=timezone.now(),
        )
        changed += [f"agreements.{pk}.status" for pk in done]
        PreparationMark.objects.update_or_create(
            meeting=meeting,
            patient=patient,
            defaults={"membership": membership, "marked_at": timezone.now()},
        )
        audit_record(
            request=request,
            action="update",
            group_id=meeting.group_id,
            patient_id=patient.pk,
            membership=membership,
            changed_fields=[*changed, "preparation"],
        )


def _save_patient(patient: Patient, data: PrepInput) -> list[str]:
    values = {
        "question_for_meeting": data.question.strip(),
        "urgency_id": _option(UrgencyOption, patient, data.urgency_id),
        "prognosis_id": _option(PrognosisOption, patient, data.prognosis_id),
    }
    changed = {name: v for name, v in values.items() if getattr(patient, name) != v}
    if not changed:
        return []
    updated = Patient.objects.filter(pk=patient.pk, version=data.version).update(
        **changed, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise meeting_mode.MeetingModeError(
            _("Someone else changed this patient in the meantime. Check and save again.")
        )
    return [name.removesuffix("_id") for name in changed]


def _option(model, patient: Patient, option_id: int | None) -> int | None:
    if option_id is None:
        return None
    if not model.objects.filter(pk=option_id, target_group_id=patient.target_group_id).exists():
        raise meeting_mode.MeetingModeError(
            _("Choose a colour code of this patient's target group.")
        )
    return option_id


def journal_after_close(meeting: Meeting, membership: Membership) -> list:
    """After closing: the HIS texts of this meeting's discussions of the member's patients
    as responsible GP."""
    discussions = Discussion.objects.filter(
        meeting=meeting,
        patient__in=visible_patients(membership).filter(responsible_gp_id=membership.user_id),
    ).select_related("meeting__group", "patient")
    return [(d, history.journal_text(d)) for d in discussions]
