"""Agreements outside meeting mode: one-click status changes. Thin: rules and the access
log live in meetings.agreements."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import agreements


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("networks:dashboard"))


@require_POST
def agreement_status(request, agreement_id: int):
    """Marks an agreement done (or open/cancelled). Twice is harmless; a user who may not
    see the patient gets a 404."""
    try:
        agreement, changed = agreements.agreement_set_status(
            request=request, agreement_id=agreement_id, status=request.POST.get("status", "")
        )
    except agreements.AgreementError as error:
        messages.error(request, str(error))
        return _back(request)
    if changed:
        messages.success(
            request, _("Agreement saved: %(status)s.") % {"status": agreement.get_status_display()}
        )
    else:
        messages.info(
            request,
            _("This agreement was already %(status)s.")
            % {"status": agreement.get_status_display()},
        )
    return _back(request)
