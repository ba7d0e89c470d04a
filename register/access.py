"""Who may do what with which patient: the one place these rules live (deny by default).

Every view, form, export and task asks here. A patient the user may not see does not
exist for them: the functions raise Http404, never 403, so "absent" and "forbidden"
look the same. See docs/register.md for the table in words.
"""

from collections.abc import Callable
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from audit.services import audit_record
from networks.models import MDOGroup, Membership, Role
from register.models import CareProvider, ConsultantGrant, Patient


class Action(StrEnum):
    LIST = "list"
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    SWITCH = "switch"
    EXPORT = "export"
    GRANT = "grant"  # share a patient with a consultant


# Roles with every right on every patient of their group.
FULL_ROLES = frozenset({Role.GP, Role.CHAIR, Role.VICE_CHAIR})
# Roles limited to patients in care with their own organisation.
OWN_ORGANISATION_ROLES = frozenset({Role.NURSE, Role.HOMECARE})

ALLOWED = {
    Role.GP: {Action.LIST, Action.VIEW, Action.CREATE, Action.EDIT, Action.SWITCH,
              Action.EXPORT, Action.GRANT},
    Role.CHAIR: {Action.LIST, Action.VIEW, Action.CREATE, Action.EDIT, Action.SWITCH,
                 Action.EXPORT, Action.GRANT},
    Role.VICE_CHAIR: {Action.LIST, Action.VIEW, Action.CREATE, Action.EDIT, Action.SWITCH,
                      Action.EXPORT, Action.GRANT},
    Role.NURSE: {Action.LIST, Action.VIEW, Action.CREATE, Action.EDIT, Action.SWITCH},
    Role.HOMECARE: {Action.LIST, Action.VIEW},
    Role.CONSULTANT: {Action.LIST, Action.VIEW},
}  # fmt: skip


def membership_in_group(*, user: User, group_id: int) -> Membership:
    """The user's membership of the group, or Http404 when there is none."""
    membership = (
        Membership.objects.filter(user=user, group_id=group_id)
        .select_related("group", "organisation")
        .first()
    )
    if membership is None or not user.is_active:
        raise Http404
    return membership


def may(membership: Membership, action: Action) -> bool:
    """Whether the membership's role allows the action at all (before which patient)."""
    return action in ALLOWED.get(membership.effective_role, set())


def require(membership: Membership, action: Action) -> None:
    if not may(membership, action):
        raise Http404


def visible_patients(membership: Membership) -> QuerySet[Patient]:
    """The patients of the membership's group this member may see."""
    patients = Patient.objects.filter(group_id=membership.group_id)
    role = membership.effective_role
    if role in FULL_ROLES:
        return patients
    if role in OWN_ORGANISATION_ROLES:
        return patients.filter(in_care_with(membership.organisation_id))
    if role == Role.CONSULTANT:
        if membership.group.consultant_access == MDOGroup.ConsultantAccess.ALL:
            return patients
        granted = ConsultantGrant.objects.filter(
            patient=OuterRef("pk"), consultant_id=membership.user_id
        )
        return patients.filter(Exists(granted))
    return patients.none()


def in_care_with(organisation_id: int | None) -> Q:
    """Patients whose home care or one of whose care providers is this organisation."""
    if organisation_id is None:
        return Q(pk__in=[])
    via_homecare = Patient.homecare_organisations.through.objects.filter(
        patient=OuterRef("pk"), organisation_id=organisation_id
    )
    via_provider = CareProvider.objects.filter(
        patient=OuterRef("pk"), organisation_id=organisation_id
    )
    return Q(Exists(via_homecare)) | Q(Exists(via_provider))


# What the access log records when a patient is handed to a view for an action: every
# form shows the patient, so opening it is a read ("view"); an export is an "export".
AUDIT_ACTIONS = {
    Action.VIEW: "view",
    Action.EDIT: "view",
    Action.SWITCH: "view",
    Action.GRANT: "view",
    Action.EXPORT: "export",
}


def patient_for(
    *,
    request,
    group_id: int,
    patient_id: int,
    action: Action,
    related: Callable[[QuerySet[Patient]], QuerySet[Patient]] | None = None,
    audit_action: str | None = None,
):
    """The patient and the user's membership, if the user may do `action` to it; the
    access is written to the access log before the patient is returned.

    Raises Http404 otherwise, for a patient of another group just as for one that
    does not exist (and then nothing is logged). `related` may narrow the one query
    that checks access and fetches the patient, or add select/prefetch_related to it.
    `audit_action` overrides the logged action (e.g. "audit_read" for the access
    overview). A change the request then makes is logged by its service as well.
    """
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, action)
    patients = visible_patients(membership).filter(pk=patient_id)
    patient = (related(patients) if related else patients).first()
    if patient is None:
        raise Http404
    record_access(
        request=request,
        membership=membership,
        patient=patient,
        audit_action=audit_action or AUDIT_ACTIONS[action],
    )
    return patient, membership


def record_access(*, request, membership: Membership, patient: Patient, audit_action: str) -> None:
    """One access-log event for a patient shown to the signed-in user. Only the access
    functions (this module's `patient_for`, meetings.access for agenda items) call it."""
    audit_record(
        request=request,
        action=audit_action,
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
    )
