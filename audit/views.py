"""The access log in the Wagtail admin: superusers only, and every look is itself logged."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.admin.paginator import WagtailPaginator

from accounts.security_log import log_security_event
from audit import selectors
from audit.forms import AuditFilterForm, HeavyReadersForm
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

EVENTS_PER_PAGE = 50


@require_safe
def audit_event_list(request):
    if not request.user.is_superuser:
        log_security_event("audit_log_refused", request)
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    # Recorded before the query, so this look appears in the list it opens.
    audit_record(request=request, action=AuditAction.AUDIT_READ, patient_id=filters.get("patient"))
    if form.is_valid():
        events = selectors.audit_events(
            patient_id=filters.get("patient"), user_id=filters.get("user")
        )
    else:
        events = AuditEvent.objects.none()
    paginator = WagtailPaginator(events, per_page=EVENTS_PER_PAGE)
    if form.is_valid() and not (filters.get("patient") or filters.get("user")):
        paginator.count = selectors.event_count()  # count(*) over the whole log is slow
    page = paginator.get_page(request.GET.get("p"))
    context = {
        "form": form,
        "page": page,
        "elided_page_range": paginator.get_elided_page_range(page.number),
    }
    return TemplateResponse(request, "audit/event_list.html", context)


@require_safe
def heavy_readers_report(request):
    """Anomaly report: who opened more patients in one hour than their work explains."""
    if not request.user.is_superuser:
        log_security_event("audit_log_refused", request)
        raise PermissionDenied
    form = HeavyReadersForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_valid() else HeavyReadersForm.DEFAULT_DAYS
    threshold = settings.AUDIT_ANOMALY_PATIENTS_PER_HOUR
    audit_record(request=request, action=AuditAction.AUDIT_READ)
    rows = selectors.heavy_readers(since=timezone.now() - timedelta(days=days), threshold=threshold)
    context = {"form": form, "rows": rows, "threshold": threshold, "days": days}
    return TemplateResponse(request, "audit/heavy_readers.html", context)
