"""Agreements as first-class items: who owns them, who may see and change them, and the
lists they appear in (patient page, next agenda item, the owner's "Mijn afspraken").

Rules (docs/meetings.md, "Agreements"):
- the owner is a member of the patient's group, one of the patient's care providers, or an
  organisation involved with the patient (home care, or a care provider's organisation);
  anything else is refused with a message;
- an agreement exists for a user only if they may view its patient (register.access): for
  anyone else every read and write is a 404, home care and consultants included;
- its status is changed by the owner (the member, or a member of the owning organisation),
  by whoever may edit the patient, or by the group's chair; changing to the status it
  already has changes nothing (a second "done" is harmless);
- every change writes an `update` event for the patient in the access log.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from meetings import history, selectors
from meetings.models import AgendaItem, Agreement
from networks.models import Membership
from register.access import Action, may, patient_for, visible_patients
from register.models import CareProvider, Patient

OWNER_KINDS = {"m": "owner_membership", "c": "owner_care_provider", "o": "owner_organisation"}


class AgreementError(Exception):
    """A refused agreement, with a message for the user."""


@dataclass
class Owner:
    field: str  # one of OWNER_KINDS' values
    obj: object
    name: str

    def columns(self) -> dict:
        values = dict.fromkeys(OWNER_KINDS.values())
        values[self.field] = self.obj
        return {**values, "who": self.name[:150]}


def owner_choices(patient: Patient) -> list[tuple[str, str]]:
    """Who may own an agreement about this patient, as (form value, label)."""
    members = (
        Membership.objects.filter(group_id=patient.group_id, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    providers = list(
        CareProvider.objects.filter(patient=patient).select_related("organisation").order_by("name")
    )
    organisations = {o.pk: o for o in patient.homecare_organisations.all()}
    organisations.update({p.organisation.pk: p.organisation for p in providers if p.organisation})
    return (
        [(f"m:{m.pk}", f"{m.user.get_full_name()} ({m.get_role_display()})") for m in members]
        + [(f"c:{p.pk}", p.name) for p in providers]
        + [(f"o:{o.pk}", o.name) for o in sorted(organisations.values(), key=lambda o: o.name)]
    )


def owner_resolve(patient: Patient, value: str) -> Owner:
    """The owner a form value names, if it may own an agreement about this patient."""
    kind, _sep, pk = (value or "").partition(":")
    allowed = dict(owner_choices(patient))
    if kind not in OWNER_KINDS or not pk.isdigit() or value not in allowed:
        raise AgreementError(
            _("The owner must be a member of this group or involved in this patient's care.")
        )
    field = OWNER_KINDS[kind]
    model = Agreement._meta.get_field(field).related_model
    obj = model.objects.get(pk=int(pk))
    name = obj.user.get_full_name() if kind == "m" else obj.name
    return Owner(field=field, obj=obj, name=name)


def new_agreement_defaults(item: AgendaItem) -> dict:
    """What a new agreement row starts with, so the scribe only types what is agreed:
    the patient's care coordinator as owner (if one is recorded) and the date of the next
    meeting (the planned one, else the suggested one) as due date. Both can be changed."""
    coordinator = (
        CareProvider.objects.filter(patient_id=item.patient_id, is_care_coordinator=True)
        .values_list("pk", flat=True)
        .first()
    )
    meeting = item.meeting
    following = selectors.next_planned_meeting(meeting)
    next_start = (
        following.starts_at
        if following
        else history.next_meeting_start(meeting.starts_at, selectors.usual_interval(meeting))
    )
    return {
        "owner": f"c:{coordinator}" if coordinator else "",
        "due_date": timezone.localdate(next_start),
    }


def due_date_check(item: AgendaItem, due_date: date | None) -> None:
    if due_date and due_date < timezone.localdate(item.meeting.starts_at):
        raise AgreementError(_("The due date cannot be before the meeting."))


# --- reading ----------------------------------------------------------------------------


def _with_owner(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return agreements.select_related(
        "owner_membership__user",
        "owner_care_provider",
        "owner_organisation",
        "status_changed_by",
        "agenda_item__meeting",
    )


def open_for_patient(patient: Patient, *, exclude_item: AgendaItem | None = None):
    """The patient's open agreements, soonest due first (the caller has checked access)."""
    agreements = Agreement.objects.filter(
        agenda_item__patient=patient, status=Agreement.Status.OPEN
    )
    if exclude_item is not None:
        agreements = agreements.exclude(agenda_item=exclude_item)
    return mark_overdue(
        list(_with_owner(agreements).order_by(F("due_date").asc(nulls_last=True), "pk"))
    )


def owned_by(membership: Membership) -> Q:
    """Agreements this member owns: personally, or through their organisation."""
    mine = Q(owner_membership=membership)
    if membership.organisation_id:
        mine |= Q(owner_organisation_id=membership.organisation_id)
        mine |= Q(owner_care_provider__organisation_id=membership.organisation_id)
    return mine


def my_open_agreements(user) -> list[Agreement]:
    """ "Mijn afspraken": open agreements the user owns, in all their groups, for patients
    they may view; soonest due first, those without a due date last."""
    memberships = list(
        Membership.objects.filter(user=user, user__is_active=True).select_related("group")
    )
    if not memberships:
        return []
    wanted = Q(pk__in=[])
    for membership in memberships:
        wanted |= (
            owned_by(membership)
            & Q(agenda_item__meeting__group_id=membership.group_id)
            & Q(agenda_item__patient__in=visible_patients(membership))
        )
    agreements = Agreement.objects.filter(wanted, status=Agreement.Status.OPEN)
    return mark_overdue(
        list(
            _with_owner(agreements)
            .select_related("agenda_item__patient__target_group", "agenda_item__meeting__group")
            .order_by(F("due_date").asc(nulls_last=True), "pk")
        )
    )


def mark_overdue(agreements: list[Agreement]) -> list[Agreement]:
    today = timezone.localdate()
    for agreement in agreements:
        agreement.overdue = bool(
            agreement.is_open and agreement.due_date and agreement.due_date < today
        )
    return agreements


# --- writing ----------------------------------------------------------------------------


def agreement_for(*, request, agreement_id: int) -> tuple[Agreement, Membership]:
    """The agreement and the user's membership, if the user may change its status.

    Http404 when the agreement does not exist, when the user may not view its patient,
    or when they may view it but neither own the agreement nor may edit the patient."""
    agreement = (
        Agreement.objects.filter(pk=agreement_id)
        .select_related("agenda_item__meeting", "owner_membership")
        .first()
    )
    if agreement is None or agreement.agenda_item.patient_id is None:
        raise Http404
    patient, membership = patient_for(
        request=request,
        group_id=agreement.agenda_item.meeting.group_id,
        patient_id=agreement.agenda_item.patient_id,
        action=Action.VIEW,
    )
    owns = Agreement.objects.filter(owned_by(membership), pk=agreement.pk).exists()
    if not (owns or membership.leads_group or may(membership, Action.EDIT)):
        raise Http404
    return agreement, membership


def agreement_set_status(*, request, agreement_id: int, status: str) -> tuple[Agreement, bool]:
    """Sets the status; returns (agreement, whether it changed). Idempotent."""
    if status not in Agreement.Status.values:
        raise AgreementError(_("This is not a status an agreement can have."))
    with transaction.atomic():
        agreement, membership = agreement_for(request=request, agreement_id=agreement_id)
        changed = (
            Agreement.objects.filter(pk=agreement.pk)
            .exclude(status=status)
            .update(
                status=status,
                status_changed_at=timezone.now(),
                status_changed_by=request.user,
                updated_at=timezone.now(),
            )
        )
        if changed:
            audit_record(
                request=request,
                action="update",
                group_id=agreement.agenda_item.meeting.group_id,
                patient_id=agreement.agenda_item.patient_id,
                membership=membership,
                changed_fields=[f"agreements.{agreement.pk}.status"],
            )
    agreement.refresh_from_db()
    return agreement, bool(changed)
