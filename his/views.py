"""HIS launch screens (thin): protocol and writes in his.services, reads in his.selectors.

The launch and callback need a two-step-verified portal session like every other view
(accounts.middleware): without one the user signs in first and the launch continues.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import public
from audit.services import audit_record
from his import keys, selectors, services
from his.smart import CODE_REFUSED, LaunchError
from register.access import Action, membership_in_group, require
from register.patient_form import (
    CHECK_DATES,
    chosen_target_group,
    create_forms,
    date_checks,
    render_patient_form,
    saving,
    to_section,
)
from register.views import patient_create as register_patient_create

logger = logging.getLogger(__name__)


@public
@require_GET
def jwks(request):
    """The portal's public keys, for HISs that check its signed client assertions."""
    return JsonResponse(keys.public_jwks())


def _redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("his:callback"))


@require_GET
def launch(request):
    try:
        url = services.start_launch(
            request,
            iss=request.GET.get("iss", ""),
            launch=request.GET.get("launch", ""),
            redirect_uri=_redirect_uri(request),
        )
    except LaunchError as error:
        return _failed(request, error)
    # A page that moves on, not a 302: after signing in, this request ends a chain of
    # redirects that began with the sign-in form, and the CSP's form-action ('self')
    # would stop that chain at the HIS's origin.
    return render(request, "his/continue.html", {"authorize_url": url})


@require_GET
def callback(request):
    try:
        if request.GET.get("error"):
            raise LaunchError(CODE_REFUSED, "authorize_error")
        services.finish_launch(
            request,
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
            redirect_uri=_redirect_uri(request),
        )
    except LaunchError as error:
        return _failed(request, error)
    return redirect("his:import")


def _failed(request, error: LaunchError):
    # The reason is a short code: never a token, a URL with a code, or patient data.
    logger.warning("his launch refused: %s (user %s)", error.reason, request.user.pk)
    memberships = selectors.import_memberships(request.user)
    return render(
        request,
        "his/error.html",
        {"message": error.message, "memberships": memberships},
        status=error.status,
    )


def import_patient(request):
    """After a launch: the linked patient with its differences, or where to create it."""
    pending = services.pending_import(request)
    if pending is None:
        return redirect("networks:dashboard")
    memberships = selectors.import_memberships(request.user)
    found = selectors.linked_patient(memberships, pending["link_hash"])
    if found is None:
        if len(memberships) == 1:
            return redirect("his:create", group_id=memberships[0].group_id)
        return render(request, "his/choose_group.html", {"memberships": memberships})
    patient, membership = found
    values = services.pending_name(pending).register_fields()
    if request.method == "POST":
        chosen = services.accept_updates(
            request=request,
            membership=membership,
            patient=patient,
            fields=request.POST.getlist("fields"),
            expected_version=int(request.POST.get("version") or 0),
        )
        services.forget_import(request)
        if chosen:
            messages.success(request, _("The name data from the HIS have been taken over."))
        return redirect("register:detail", group_id=membership.group_id, patient_id=patient.pk)
    differences = selectors.differences(patient, values)
    audit_record(
        request=request,
        action="view",
        group_id=membership.group_id,
        patient_id=patient.pk,
        membership=membership,
    )
    return render(
        request,
        "his/differences.html",
        {"patient": patient, "group": membership.group, "differences": differences},
    )


def import_create(request, group_id: int):
    """The register's create form, pre-filled with the HIS's name data."""
    pending = services.pending_import(request)
    if pending is None:
        return register_patient_create(request, group_id)
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, Action.CREATE)
    target_group = chosen_target_group(request)
    if target_group is None:
        return register_patient_create(request, group_id)
    initial = services.pending_name(pending).register_fields()
    forms = create_forms(request, membership, target_group, initial=initial)
    # The register form's own flow: "add a care provider" and the inline date check
    # post the form without saving it.
    if CHECK_DATES in request.POST:
        return date_checks(request, forms.form)
    if saving(request) and forms.valid():
        try:
            patient = services.create_linked_patient(
                request=request, membership=membership, forms=forms, pending=pending
            )
        except ValidationError as refused:
            forms.form.add_error(None, refused.messages)
        else:
            messages.success(request, _("The patient has been added to the register."))
            return to_section(request, group_id, patient.pk)
    return render_patient_form(
        request,
        membership,
        forms.form,
        forms.problems,
        forms.providers,
        target_group,
        his_import=True,
    )
