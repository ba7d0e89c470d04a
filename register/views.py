"""Register screens. Thin: access through register.access, reads through selectors,
writes through services (which also write the audit event)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from audit.selectors import access_events_for_patient
from audit.services import audit_record
from config.http import require_form_methods
from config.pdf import html_to_pdf
from networks.models import MDOGroup
from register import data_request, selectors, services
from register.access import Action, may, membership_in_group, patient_for, require
from register.filters import RegisterFilter
from register.forms import (
    CareProviderFormSet,
    ConsultantGrantForm,
    PatientForm,
    ProblemsForm,
    TargetGroupChoiceForm,
    TargetGroupSwitchForm,
)
from register.list_rows import colour_styles_html, register_rows, rows_html
from register.models import Patient
from register.patient_form import CHECK_DATES, create_forms
from register.patient_form import chosen_target_group as _chosen_target_group
from register.patient_form import date_checks as _date_checks
from register.patient_form import form_data as _form_data
from register.patient_form import patient_forms_valid as _all_valid
from register.patient_form import render_patient_form as _render_form
from register.patient_form import saving as _saving
from register.patient_form import to_section as _to_section


@require_safe
def patient_list(request, group_id: int):
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, Action.LIST)
    data = request.GET.copy()
    data.setdefault("status", Patient.Status.ACTIVE)
    filters = RegisterFilter(
        data, queryset=selectors.register_list(membership), membership=membership
    )
    rows = register_rows(filters.qs)
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    return render(
        request,
        "register/patient_list.html",
        {
            "group": membership.group,
            "membership": membership,
            "filters": filters,
            "patients": rows,
            "patient_count": len(rows),
            "rows": rows_html(rows, reverse("register:list", args=[group_id])),
            "colour_styles": colour_styles_html(rows, request.csp_nonce),
            "may_create": may(membership, Action.CREATE),
            "sort": data.get("sort") or "urgency",
        },
    )


@require_safe
def patient_detail(request, group_id: int, patient_id: int):
    patient, membership = _patient_with_details(request, group_id, patient_id, Action.VIEW)
    discussions = selectors.discussions_for(patient)
    return render(
        request,
        "register/patient_detail.html",
        {
            "group": membership.group,
            "patient": patient,
            "patients": [patient],
            "discussions": discussions,
            "open_agreements": selectors.open_agreements_in(discussions),
            "care_coordinator": selectors.care_coordinator(patient),
            "problems": selectors.problems_by_dimension(patient),
            "tools": _tools_for(patient),
            "may_edit": may(membership, Action.EDIT),
            "may_export": may(membership, Action.EXPORT),
            **_grants_context(patient, membership),
        },
    )


def _grants_context(patient, membership) -> dict:
    """Who the patient is shared with, only for those who may share (and revoke)."""
    may_grant = (
        may(membership, Action.GRANT)
        and membership.group.consultant_access == MDOGroup.ConsultantAccess.PER_PATIENT
    )
    return {
        "may_grant": may_grant,
        "consultant_grants": selectors.consultant_grants(patient) if may_grant else (),
    }


@require_form_methods
def patient_create(request, group_id: int):
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, Action.CREATE)
    target_group = _chosen_target_group(request)
    if target_group is None:
        # Step 1: the target group decides which scales and sub-fields the form shows.
        form = TargetGroupChoiceForm(request.GET or None)
        return render(
            request,
            "register/choose_target_group.html",
            {"group": membership.group, "form": form},
        )
    forms = create_forms(request, membership, target_group)
    form, problems, providers = forms.form, forms.problems, forms.providers
    if CHECK_DATES in request.POST:
        return _date_checks(request, form)
    if _saving(request) and forms.valid():
        try:
            patient = services.create_patient(request=request, membership=membership, forms=forms)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("The patient has been added to the register."))
            return _to_section(request, group_id, patient.pk)
    return _render_form(request, membership, form, problems, providers, target_group)


@require_form_methods
def patient_edit(request, group_id: int, patient_id: int):
    patient, membership = _patient_with_details(request, group_id, patient_id, Action.EDIT)
    recorded = {entry.sub_field_id: entry for entry in patient.problems.all()}
    data = _form_data(request)
    form = PatientForm(
        data,
        instance=patient,
        membership=membership,
        target_group=patient.target_group,
    )
    problems = ProblemsForm(
        data,
        sub_fields=selectors.sub_fields_for(patient.target_group),
        recorded=recorded,
    )
    providers = CareProviderFormSet(
        data, instance=patient, membership=membership, prefix="providers"
    )
    if CHECK_DATES in request.POST:
        return _date_checks(request, form)
    conflict = None
    if _saving(request) and _all_valid(form, problems, providers):
        try:
            services.patient_update(
                request=request,
                membership=membership,
                patient=form.save(commit=False),
                changed_fields=form.changed_data,
                m2m=form.m2m_data(),
                problems=problems.texts(),
                providers=providers,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except services.StaleEdit as stale:
            conflict = _conflict(form, stale.current)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_section(request, group_id, patient.pk)
    return _render_form(
        request,
        membership,
        form,
        problems,
        providers,
        patient.target_group,
        patient=patient,
        conflict=conflict,
    )


@require_form_methods
def patient_switch_target_group(request, group_id: int, patient_id: int):
    patient, membership = patient_for(
        request=request, group_id=group_id, patient_id=patient_id, action=Action.SWITCH
    )
    target_group = _chosen_target_group(request)
    context = {"group": membership.group, "patient": patient}
    if target_group is None or target_group == patient.target_group:
        choice = TargetGroupChoiceForm(request.GET or None)
        choice.fields["target_group"].queryset = choice.fields["target_group"].queryset.exclude(
            pk=patient.target_group_id
        )
        return render(request, "register/switch_choose.html", {**context, "form": choice})
    form = TargetGroupSwitchForm(
        request.POST or None, target_group=target_group, initial={"version": patient.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_switch_target_group(
                request=request,
                membership=membership,
                patient=patient,
                target_group=target_group,
                prognosis=form.cleaned_data["prognosis"],
                urgency=form.cleaned_data["urgency"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else changed this patient in the meantime. "
                    "Check the patient and try again."
                ),
            )
        else:
            messages.success(
                request, _("Target group changed to %(name)s.") % {"name": target_group.name}
            )
            return redirect("register:detail", group_id=group_id, patient_id=patient.pk)
    return render(
        request,
        "register/switch_scales.html",
        {**context, "form": form, "target_group": target_group},
    )


@require_form_methods
def patient_share(request, group_id: int, patient_id: int):
    """A GP shares one patient with a consultant (groups with per-patient consults)."""
    patient, membership = patient_for(
        request=request, group_id=group_id, patient_id=patient_id, action=Action.GRANT
    )
    form = ConsultantGrantForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        services.consultant_grant(
            request=request,
            membership=membership,
            patient=patient,
            consultant=form.cleaned_data["consultant"],
        )
        messages.success(request, _("The consultant can now see this patient."))
        return redirect("register:detail", group_id=group_id, patient_id=patient.pk)
    return render(
        request,
        "register/share.html",
        {"group": membership.group, "patient": patient, "form": form},
    )


@require_POST
def patient_share_revoke(request, group_id: int, patient_id: int, grant_id: int):
    """Ends one consultant's access to this patient (audited)."""
    patient, membership = patient_for(
        request=request, group_id=group_id, patient_id=patient_id, action=Action.GRANT
    )
    if not services.consultant_revoke(
        request=request, membership=membership, patient=patient, grant_id=grant_id
    ):
        raise Http404
    messages.success(request, _("The consultant can no longer see this patient."))
    return redirect("register:detail", group_id=group_id, patient_id=patient.pk)


@require_safe
def patient_export(request, group_id: int, patient_id: int):
    """Everything the portal holds about one patient, as JSON (audited)."""
    patient, membership = _patient_with_details(request, group_id, patient_id, Action.EXPORT)
    response = HttpResponse(
        json.dumps(
            data_request.patient_record(patient),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        ),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.json"'
    return response


@require_safe
def patient_export_pdf(request, group_id: int, patient_id: int):
    """The same as a readable PDF, e.g. to hand to the patient (audited)."""
    patient, membership = _patient_with_details(request, group_id, patient_id, Action.EXPORT)
    html = render_to_string(
        "register/data_request_pdf.html",
        {
            "patient": patient,
            "fields": data_request.patient_fields(patient),
            "record": data_request.patient_record(patient),
            "group": membership.group,
            "exported_at": timezone.now(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.pdf"'
    return response


def _patient_with_details(request, group_id: int, patient_id: int, action: Action):
    """The patient with its details, if the user may (the access is logged there)."""
    return patient_for(
        request=request,
        group_id=group_id,
        patient_id=patient_id,
        action=action,
        related=selectors.with_details,
    )


@require_safe
def patient_access_overview(request, group_id: int, patient_id: int):
    """Who viewed or changed this patient, for the responsible GP (from the access log).

    Only the patient's responsible GP sees it; for anyone else it does not exist.
    """
    patient, membership = patient_for(
        request=request,
        group_id=group_id,
        patient_id=patient_id,
        action=Action.VIEW,
        # Anyone else gets a 404 before anything is logged.
        related=lambda patients: patients.filter(responsible_gp_id=request.user.pk),
        audit_action="audit_read",
    )
    page = Paginator(access_events_for_patient(patient.pk), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "register/access_overview.html",
        {"group": membership.group, "patient": patient, "page": page},
    )


# --- helpers ---------------------------------------------------------------------------


def _conflict(form, current: Patient):
    """What the other person saved, next to what this user typed (which stays)."""
    differences = []
    for name in form.changed_data:
        if name in {"version", "homecare_organisations", "extra_disciplines"}:
            continue
        model_field = Patient._meta.get_field(name)
        if model_field.choices:
            theirs = getattr(current, f"get_{name}_display")()
        else:
            theirs = getattr(current, name)
        differences.append({"label": form.fields[name].label, "theirs": theirs})
    # Saving again now deliberately replaces their version with this form's values.
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    return {"current": current, "differences": differences}


def _tools_for(patient):
    from toolslibrary.selectors import tools_for_patient

    return tools_for_patient(patient)
