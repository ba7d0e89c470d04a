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

from config.dutch_dates import dutch_day
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
            "name": a.person_name,
            "role": a.person_role,
            "organisation": a.member_organisation,
            "guest": a.is_guest,
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
        # Name, role and organisation as copied when recorded present; the e-mail
        # address and registration numbers only while the person is still a member.
        user = a.membership.user if a.membership else None
        rows.append(
            {
                "name": a.person_name,
                "email": user.email if user else "",
                "role": a.person_role,
                "organisation": a.member_organisation,
                "registration_number": user.registration_number if user else "",
                "agb_code": user.agb_code if user else "",
            }
        )
    return rows


def attendance_facts(meeting: Meeting) -> dict:
    """What accreditation asks besides the names: date, duration, group and chair (who
    closed the meeting; before that, the group's chair)."""
    chair = meeting.closed_by
    if chair is None:
        leader = selectors.members_of(meeting).filter(role="chair").first()
        chair = leader.user if leader else None
    return {
        "date": dutch_day(meeting.starts_at, with_weekday=False),
        "minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
        "group": meeting.group.name,
        "chair": chair.full_name if chair else "",
    }


def attendance_csv(meeting: Meeting, headers: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    facts = attendance_facts(meeting)
    for row in attendance_rows(meeting):
        writer.writerow(
            safe_cell(value)
            for value in (
                facts["group"],
                facts["date"],
                row["name"],
                row["email"],
                row["role"],
                row["organisation"],
                row.get("registration_number", ""),
                row.get("agb_code", ""),
                facts["minutes"],
                facts["chair"],
            )
        )
    # A BOM, so spreadsheet programs read the UTF-8 (ë, é) correctly.
    return "\ufeff" + buffer.getvalue()


def attendance_pdf(meeting: Meeting) -> bytes:
    html = render_to_string(
        "meetings/run/attendance_pdf.html",
        {"meeting": meeting, "rows": attendance_rows(meeting), "facts": attendance_facts(meeting)},
    )
    return html_to_pdf(html)
