"""Reads for the HIS import screens."""

from networks.models import Membership
from register.access import Action, may, visible_patients
from register.models import Patient


def import_memberships(user) -> list[Membership]:
    """The user's memberships that may add patients: the registers an import can go to."""
    memberships = Membership.objects.filter(user=user, user__is_active=True).select_related(
        "group", "organisation"
    )
    return [membership for membership in memberships if may(membership, Action.CREATE)]


def linked_patient(memberships, link_hash: str) -> tuple[Patient, Membership] | None:
    """The register patient linked to this HIS patient, in a register the user may see."""
    for membership in memberships:
        patient = visible_patients(membership).filter(his_links__link_hash=link_hash).first()
        if patient is not None:
            return patient, membership
    return None


def differences(patient: Patient, values: dict) -> list[dict]:
    rows = []
    for name, theirs in values.items():
        ours = getattr(patient, name)
        if ours != theirs:
            field = Patient._meta.get_field(name)
            display = dict(field.choices) if field.choices else {}
            rows.append(
                {
                    "name": name,
                    "label": field.verbose_name,
                    "ours": display.get(ours, ours),
                    "theirs": display.get(theirs, theirs),
                }
            )
    return rows
