"""The anonymised meeting report: frozen content, page, tagged PDF; attendance exports.

`report_content` is taken once, when the chair closes the meeting, and stored in
Report.content. It holds only what may leave the register (security requirement NL-10):
per discussed patient the first initial, birth year, target group and colour codes with
their text, the advice and agreements; participants and findings. Free text is the
anonymised text stored at closing (meetings.anonymisation, register.anonymise: the one
anonymiser); agreements pass the same anonymiser here. See docs/reports.md.
"""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone

from config.pdf import html_to_pdf
from config.spreadsheets import safe_cell
from meetings import selectors
from meetings.models import Finding, Meeting, Report
from register.anonymise import Anonymiser

REPORT_FORMAT = 1


# --- content ----------------------------------------------------------------------------


def _colour(option) -> dict | None:
    if option is None:
        return None
    return {"label": option.label, "colour": option.colour, "text_colour": option.text_colour}


def report_content(meeting: Meeting, anonymise: Anonymiser) -> dict:
    """The report as a plain dict, ready to be frozen into Report.content. Call it after
    `meeting_texts_anonymise` (which returns `anonymise`): it reads the stored texts."""
    participants = [
        {
            "name": a.membership.user.full_name if a.membership else a.guest_name,
            "role": a.membership.get_role_display() if a.membership else a.guest_role,
            "organisation": (
                a.membership.organisation.name if a.membership and a.membership.organisation else ""
            ),
            "guest": a.membership is None,
        }
        for a in selectors.attendances(meeting)
    ]
    patients = []
    for item in selectors.agenda(meeting).filter(discussed=True):
        patient = item.patient
        patients.append(
            {
                "initial": (patient.initials.strip()[:1] or "?").upper(),
                "birth_year": patient.date_of_birth.year,
                "target_group": patient.target_group.name,
                "urgency": _colour(patient.urgency),
                "prognosis": _colour(patient.prognosis),
                "advice": item.advice_anonymised,
                "agreements": [
                    {
                        "what": anonymise(agreement.what),
                        "who": anonymise(agreement.who),
                        "due_date": agreement.due_date.isoformat() if agreement.due_date else "",
                        "status": agreement.status,
                    }
                    for agreement in item.agreements.all()
                ],
                "tools": [tool.title for tool in item.tools.all()],
            }
        )
    findings = {kind: [] for kind in Finding.Kind.values}
    for finding in selectors.findings(meeting):
        findings[finding.kind].append(
            {
                "category": finding.category.name,
                "target_group": finding.target_group.name if finding.target_group else "",
                "text": finding.text_anonymised,
            }
        )
    return {
        "format": REPORT_FORMAT,
        "group": meeting.group.name,
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "ends_at": timezone.localtime(meeting.ends_at).isoformat(),
        "location": meeting.location,
        "participants": participants,
        "patients": patients,
        "findings": findings,
    }


def report_context(report: Report) -> dict:
    """Template context for the page and the PDF (dates parsed back, labels added)."""
    from datetime import date, datetime

    content = report.content
    patients = []
    for patient in content["patients"]:
        agreements = [
            {**a, "due_date": date.fromisoformat(a["due_date"]) if a["due_date"] else None}
            for a in patient["agreements"]
        ]
        patients.append({**patient, "agreements": agreements})
    findings = [
        (kind, label, content["findings"].get(kind, [])) for kind, label in Finding.Kind.choices
    ]
    return {
        "report": report,
        "content": content,
        "group_name": content["group"],
        "starts_at": datetime.fromisoformat(content["starts_at"]),
        "ends_at": datetime.fromisoformat(content["ends_at"]),
        "participants": content["participants"],
        "patients": patients,
        "findings": findings,
    }


# --- PDF (rendering itself: config/pdf.py) ---------------------------------------------


def report_pdf(report: Report) -> bytes:
    # Agreements as lists, not tables: table layout is WeasyPrint's slowest part.
    html = render_to_string("meetings/run/report_pdf.html", {**report_context(report), "pdf": True})
    return html_to_pdf(html)


# --- attendance export (accreditation) --------------------------------------------------


def attendance_rows(meeting: Meeting) -> list[dict]:
    rows = []
    for a in selectors.attendances(meeting):
        if a.membership:
            rows.append(
                {
                    "name": a.membership.user.full_name,
                    "email": a.membership.user.email,
                    "role": a.membership.get_role_display(),
                    "organisation": a.membership.organisation.name
                    if a.membership.organisation
                    else "",
                }
            )
        else:
            rows.append(
                {"name": a.guest_name, "email": "", "role": a.guest_role, "organisation": ""}
            )
    return rows


def attendance_csv(meeting: Meeting, headers: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    start = timezone.localtime(meeting.starts_at)
    for row in attendance_rows(meeting):
        writer.writerow(
            safe_cell(value)
            for value in (
                meeting.group.name,
                start.strftime("%d-%m-%Y"),
                row["name"],
                row["email"],
                row["role"],
                row["organisation"],
            )
        )
    # A BOM, so spreadsheet programs read the UTF-8 (ë, é) correctly.
    return "\ufeff" + buffer.getvalue()


def attendance_pdf(meeting: Meeting) -> bytes:
    html = render_to_string(
        "meetings/run/attendance_pdf.html",
        {"meeting": meeting, "rows": attendance_rows(meeting)},
    )
    return html_to_pdf(html)
