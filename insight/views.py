from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from insight import access, education, tables
from insight.csv_export import csv_lines
from insight.filters import InsightFilterForm
from insight.selectors import tallies_refreshed_at


@require_safe
def index(request):
    """National insight for superusers; a coordinator goes to their network (or picks)."""
    user = request.user
    if user.is_superuser:
        return _insight(request, network=None)
    networks = list(access.networks_for(user))
    if not networks:
        raise Http404
    if len(networks) == 1:
        return redirect("insight:network", network_id=networks[0].pk)
    return render(request, "insight/choose_network.html", {"networks": networks})


@require_safe
def network(request, network_id: int):
    return _insight(request, network=access.network_for(request.user, network_id))


@require_safe
def national_csv(request):
    access.require_national(request.user)
    return _csv(request, network=None)


@require_safe
def network_csv(request, network_id: int):
    return _csv(request, network=access.network_for(request.user, network_id))


@require_safe
def education_csv(request, network_id: int):
    network = access.network_for(request.user, network_id)
    flt = InsightFilterForm(request.GET or None).insight_filter(network)
    rows = [education.header(), *education.education_rows(flt)]
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_education_name(network)}.csv"'
    return response


@require_safe
def education_pdf(request, network_id: int):
    network = access.network_for(request.user, network_id)
    flt = InsightFilterForm(request.GET or None).insight_filter(network)
    response = HttpResponse(education.education_pdf(flt, network), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_education_name(network)}.pdf"'
    return response


def _education_name(network) -> str:
    return f"onderwijsbehoeften-{network.pk}-{timezone.localdate():%Y%m%d}"


def _insight(request, *, network):
    form = InsightFilterForm(request.GET or None)
    flt = form.insight_filter(network)
    context = {
        "form": form,
        "filter": flt,
        "network": network,
        "networks": access.networks_for(request.user) if network is None else (),
        "refreshed_at": tallies_refreshed_at(),
        "query": request.GET.urlencode(),
        **tables.insight_page(flt),
    }
    return render(request, "insight/insight.html", context)


def _csv(request, *, network):
    form = InsightFilterForm(request.GET or None)
    flt = form.insight_filter(network)
    page = tables.insight_page(flt)
    name = f"inzicht-{network.pk if network else 'landelijk'}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(
        csv_lines(tables.csv_rows(flt, page)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
