"""Writes for the register. Callers pass a membership that `register.access` already
checked; every write records its audit event in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from networks.models import Membership
from register.models import (
    CareProvider,
    ConsultantGrant,
    Patient,
    ProblemAndStrength,
    TargetGroupChange,
)

ONE_COORDINATOR = gettext_lazy("Mark exactly one involved care provider as care coordinator.")


class StaleEdit(Exception):
    """Someone else saved the patient after this form was opened."""

    def __init__(self, current: Patient):
        super().__init__(_("Someone else changed this patient in the meantime."))
        self.current = current


def _claim_version(patient: Patient, expected_version: int) -> None:
    """Bumps the version only if it is still the one the form was opened with.

    One conditional UPDATE: of two concurrent saves exactly one matches.
    """
    claimed = Patient.objects.filter(pk=patient.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(Patient.objects.get(pk=patient.pk))
    patient.version = expected_version + 1


@transaction.atomic
def patient_create(
    *,
    request,
    membership: Membership,
    patient: Patient,
    changed_fields: list[str],
    m2m: dict,
    problems: dict,
    providers,
) -> Patient:
    patient.group_id = membership.group_id
    patient.created_by = request.user
    changed = _save_record(patient, changed_fields, m2m, problems, providers)
    _keep_in_care_with_creator(patient, membership)
    audit_record(
        request=request,
        action="create",
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
        changed_fields=changed,
    )
    return patient


def create_patient(*, request, membership: Membership, forms) -> Patient:
    """A new patient from the filled patient forms (`register.patient_form.PatientForms`):
    the register's create form and the HIS import's pre-filled one."""
    return patient_create(
        request=request,
        membership=membership,
        patient=forms.form.save(commit=False),
        changed_fields=forms.form.changed_data,
        m2m=forms.form.m2m_data(),
        problems=forms.problems.texts(),
        providers=forms.providers,
    )


@transaction.atomic
def patient_update(
    *,
    request,
    membership: Membership,
    patient: Patient,
    changed_fields: list[str],
    m2m: dict,
    problems: dict,
    providers,
    expected_version: int,
) -> Patient:
    _claim_version(patient, expected_version)
    changed = _save_record(patient, changed_fields, m2m, problems, providers)
    audit_record(
        request=request,
        action="update",
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
        changed_fields=changed,
    )
    return patient


def _save_record(patient: Patient, changed_fields, m2m: dict, problems: dict, providers) -> list:
    """Saves the patient with its related records; returns the names of what changed
    (for the audit log: names only, never values)."""
    patient.full_clean()
    patient.save()
    for name, values in m2m.items():
        getattr(patient, name).set(values)
    changed = (set(changed_fields) - {"version"}) | _save_problems(patient, problems)
    if providers is not None and providers.has_changed():
        changed.add("care_providers")
    _save_providers(patient, providers)
    _check_one_coordinator(patient)
    return sorted(changed)


def _check_one_coordinator(patient: Patient) -> None:
    """The invariant on the saved state: a patient with care providers has exactly one
    care coordinator. Raised inside the caller's transaction, so nothing is saved."""
    providers = CareProvider.objects.filter(patient=patient)
    if providers.exists() and providers.filter(is_care_coordinator=True).count() != 1:
        raise ValidationError(ONE_COORDINATOR, code="one_coordinator")


@transaction.atomic
def patient_switch_target_group(
    *,
    request,
    membership: Membership,
    patient: Patient,
    target_group,
    prognosis,
    urgency,
    expected_version: int,
) -> Patient:
    """A new target group brings its own scales; everything recorded stays."""
    _claim_version(patient, expected_version)
    TargetGroupChange.objects.create(
        patient=patient,
        from_target_group_id=patient.target_group_id,
        to_target_group=target_group,
        changed_by=request.user,
    )
    patient.target_group = target_group
    patient.prognosis = prognosis
    patient.urgency = urgency
    patient.full_clean()
    patient.save(update_fields=["target_group", "prognosis", "urgency", "version", "updated_at"])
    audit_record(
        request=request,
        action="switch_target_group",
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
        changed_fields=["target_group", "prognosis", "urgency"],
    )
    return patient


@transaction.atomic
def consultant_grant(*, request, membership: Membership, patient: Patient, consultant) -> None:
    ConsultantGrant.objects.get_or_create(
        patient=patient, consultant=consultant, defaults={"granted_by": request.user}
    )
    audit_record(
        request=request,
        action="update",
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
        changed_fields=["consultant_grants"],
    )


@transaction.atomic
def consultant_revoke(*, request, membership: Membership, patient: Patient, grant_id: int) -> bool:
    """Ends one consultant's access to this patient; False when there was no such grant."""
    deleted, _by_model = ConsultantGrant.objects.filter(pk=grant_id, patient=patient).delete()
    if not deleted:
        return False
    audit_record(
        request=request,
        action="update",
        group_id=patient.group_id,
        patient_id=patient.pk,
        membership=membership,
        changed_fields=["consultant_grants"],
    )
    return True


def _keep_in_care_with_creator(patient: Patient, membership: Membership) -> None:
    """A nurse sees only patients in care with their own organisation, so a patient a
    nurse registers is in care with that organisation from the start."""
    from register.access import OWN_ORGANISATION_ROLES, in_care_with

    organisation = membership.organisation
    if membership.effective_role not in OWN_ORGANISATION_ROLES or organisation is None:
        return
    if Patient.objects.filter(pk=patient.pk).filter(in_care_with(organisation.pk)).exists():
        return
    if organisation.kind == organisation.Kind.HOMECARE:
        patient.homecare_organisations.add(organisation)
    else:
        CareProvider.objects.create(
            patient=patient,
            name=membership.user.full_name,
            organisation=organisation,
            is_care_coordinator=not patient.care_providers.filter(
                is_care_coordinator=True
            ).exists(),
        )


def _save_problems(patient: Patient, problems: dict) -> set[str]:
    """Stores problem/strength texts per sub-field; returns the changed sub-field keys."""
    changed = set()
    existing = {entry.sub_field_id: entry for entry in patient.problems.all()}
    for sub_field_id, (problem, strength) in problems.items():
        entry = existing.get(sub_field_id)
        if entry is None:
            if problem or strength:
                ProblemAndStrength.objects.create(
                    patient=patient, sub_field_id=sub_field_id, problem=problem, strength=strength
                )
                changed.add(f"problems.{sub_field_id}")
        elif (entry.problem, entry.strength) != (problem, strength):
            entry.problem, entry.strength = problem, strength
            entry.save(update_fields=["problem", "strength"])
            changed.add(f"problems.{sub_field_id}")
    return changed


def _save_providers(patient: Patient, providers) -> None:
    if providers is None:
        return
    providers.instance = patient
    instances = providers.save(commit=False)
    for removed in providers.deleted_objects:
        removed.delete()
    coordinator = next(
        (
            form.instance
            for form in providers.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_care_coordinator")
        ),
        None,
    )
    # Unflag the previous coordinator before flagging the new one, so moving the role
    # between two rows never trips the one-coordinator constraint halfway.
    previous = CareProvider.objects.filter(patient=patient, is_care_coordinator=True)
    if coordinator is not None and coordinator.pk:
        previous = previous.exclude(pk=coordinator.pk)
    previous.update(is_care_coordinator=False)
    for instance in sorted(instances, key=lambda provider: provider.is_care_coordinator):
        instance.patient = patient
        instance.save()
