"""Education needs for education providers, as CSV and as a readable PDF (the same rows)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from config.pdf import html_to_pdf
from insight import selectors
from insight.filters import InsightFilter
from meetings.models import FollowUp


def education_rows(flt: InsightFilter) -> list[tuple[str, str, str, str, str]]:
    statuses = dict(FollowUp.Status.choices)
    return [
        (
            need["category__name"],
            timezone.localtime(need["meeting__starts_at"]).strftime("%Y-%m"),
            need["text_anonymised"],
            str(statuses[need["followup_status"]]).capitalize(),
            need["followup_response"],
        )
        for need in selectors.education_needs(flt)
    ]


def header() -> tuple[str, ...]:
    return (
        _("Category"),
        _("Month"),
        _("Education need"),
        _("Status"),
        _("Response of the network"),
    )


def education_pdf(flt: InsightFilter, network) -> bytes:
    html = render_to_string(
        "insight/education_pdf.html",
        {"filter": flt, "network": network, "header": header(), "rows": education_rows(flt)},
    )
    return html_to_pdf(html)
