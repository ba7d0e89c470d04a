"""Closing freezes an anonymised report; PDF, e-mails and exports carry no patient identity."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from config import pdf
from meetings.history import is_day_off
from meetings.models import Agreement, Finding, Meeting, Report
from outbox.models import OutboundEmail
from register.models import Patient
from tests.factories import MembershipFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RegisterPatientFactory,
    category,
)
from tests.pdf_structure import table_header_scopes


def _identifiers():
    """Every surname, birth name and birth date in the register (all groups), in common
    forms."""
    found = []
    for patient in Patient.objects.all():
        birth = patient.date_of_birth
        found += [
            patient.surname,
            patient.birth_name,
            birth.isoformat(),
            birth.strftime("%d-%m-%Y"),
            birth.strftime("%d/%m/%Y"),
        ]
    return [value.lower() for value in found if value]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def discussed_meeting(group, chair, gp, meeting):
    """A run meeting: two discussed patients (one with its name typed into the advice),
    one not discussed, an agreement, findings and a guest."""
    RegisterPatientFactory.create_batch(3, group=group)  # in the register, not on the agenda
    RegisterPatientFactory()  # another group's register
    first = AgendaItemFactory(meeting=meeting, discussed=True)
    first.advice = (
        f"Advies: dhr. {first.patient.surname} ({first.patient.date_of_birth:%d-%m-%Y}) "
        "krijgt een pijnpomp; bel 0612345678."
    )
    first.save()
    Agreement.objects.create(
        agenda_item=first,
        what=f"Bel {first.patient.surname}",
        who="Bram Huisarts",
        due_date=timezone.localdate(),
    )
    AgendaItemFactory(meeting=meeting, discussed=True, advice="Zorgpad stervensfase starten")
    AgendaItemFactory(meeting=meeting, discussed=False, advice="Nog niet besproken advies")
    Finding.objects.create(
        meeting=meeting,
        kind="bottleneck",
        category=category(),
        text="Geen avondbereikbaarheid apotheek",
    )
    Finding.objects.create(
        meeting=meeting,
        kind="learning_point",
        category=category(),
        text="Vroeg de Surprise Question stellen",
    )
    meeting.attendances.create(membership=chair)
    meeting.attendances.create(membership=gp)
    meeting.attendances.create(guest_name="Carla Consulent", guest_role="Consulent")
    return meeting


def _close(client, meeting, **next_meeting):
    start = timezone.localtime(meeting.starts_at) + timedelta(weeks=6)
    data = {
        "plan_next": "on",
        "date": start.date().isoformat(),
        "start": "16:00",
        "end": "17:30",
        "location": "Gezondheidscentrum De Esch",
        **next_meeting,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("outbox.services.email_dispatch", lambda **kwargs: None)
        return client.post(run_url("close", meeting), data)


def test_closing_freezes_the_report_mails_participants_and_plans_next(
    signed_in, chair, discussed_meeting, django_capture_on_commit_callbacks
):
    client = signed_in(chair)
    with django_capture_on_commit_callbacks(execute=False):
        response = _close(client, discussed_meeting)
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=discussed_meeting.pk)
    assert meeting.status == "closed" and meeting.closed_by == chair.user
    content = Report.objects.get(meeting=meeting).content
    assert len(content["patients"]) == 2  # only the discussed ones
    assert {p["name"] for p in content["participants"]} == {
        "Anna Voorzitter",
        "Bram Huisarts",
        "Carla Consulent",
    }
    assert content["findings"]["bottleneck"][0]["text"] == "Geen avondbereikbaarheid apotheek"
    emails = OutboundEmail.objects.filter(key__startswith=f"meeting-report:{meeting.pk}:")
    assert emails.count() == 2  # members present; the guest has no account
    assert f"/overleggen/{meeting.pk}/verslag/" in emails.first().body_text
    following = Meeting.objects.exclude(pk=meeting.pk).get(group=meeting.group)
    assert following.status == "planned"
    assert (following.starts_at - meeting.starts_at).days in range(41, 44)


def test_report_page_pdf_and_emails_hold_no_patient_identity(
    signed_in, chair, group, discussed_meeting
):
    client = signed_in(chair)
    _close(client, discussed_meeting)
    page = client.get(run_url("report", discussed_meeting)).content.decode()
    pdf = client.get(run_url("report_pdf", discussed_meeting))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Geen avondbereikbaarheid apotheek" in text
    assert "Zorgpad stervensfase starten" in text
    bodies = [m.body_text + m.body_html + m.subject for m in OutboundEmail.objects.all()]
    for document in (page, text, *bodies):
        lowered = document.lower()
        for identifier in _identifiers():
            assert identifier not in lowered, identifier
        assert "0612345678" not in document
    assert "Nog niet besproken advies" not in text


def test_report_pdf_is_tagged_pdf_ua(signed_in, chair, discussed_meeting):
    client = signed_in(chair)
    _close(client, discussed_meeting)
    content = client.get(run_url("report_pdf", discussed_meeting)).content
    table_header_scopes(content)  # any table header carries its scope
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_closing_twice_is_refused(signed_in, chair, discussed_meeting):
    client = signed_in(chair)
    _close(client, discussed_meeting)
    second = _close(client, discussed_meeting)
    assert second.status_code == 302
    assert Report.objects.filter(meeting=discussed_meeting).count() == 1
    assert Meeting.objects.filter(group=discussed_meeting.group).count() == 2
    follow = client.get(second["Location"])
    assert "Dit overleg is gesloten" in follow.content.decode()


def test_next_meeting_in_the_past_is_refused(signed_in, chair, discussed_meeting):
    client = signed_in(chair)
    response = _close(client, discussed_meeting, date="2001-01-01")
    assert response.status_code == 400
    assert Meeting.objects.get(pk=discussed_meeting.pk).status == "planned"


def test_close_form_is_prefilled_with_the_usual_interval(signed_in, chair, group):
    # A Tuesday whose date eight weeks on is a working day.
    start = timezone.localtime().replace(hour=12, minute=30, second=0, microsecond=0)
    start += timedelta(days=(1 - start.weekday()) % 7)
    while is_day_off((start + timedelta(weeks=8)).date()):
        start += timedelta(weeks=1)
    earlier = MeetingFactory(group=group, starts_at=start - timedelta(weeks=8))
    current = MeetingFactory(group=group, starts_at=start)
    client = signed_in(chair)
    form = client.get(run_url("close", current)).context["form"]
    expected = (timezone.localtime(current.starts_at) + timedelta(weeks=8)).date()
    assert form.initial["date"] == expected and earlier.pk


def test_members_read_reports_and_every_view_is_audited(
    signed_in, chair, group, discussed_meeting, client
):
    _close(signed_in(chair), discussed_meeting)
    client.logout()
    nurse = MembershipFactory(group=group, role="nurse")
    client = signed_in(nurse)
    assert client.get(run_url("report", discussed_meeting)).status_code == 200
    assert client.get(run_url("report_pdf", discussed_meeting)).status_code == 200
    assert client.get(run_url("attendance_csv", discussed_meeting)).status_code == 200
    actions = list(
        AuditEvent.objects.filter(user_id=nurse.user_id).values_list("action", flat=True)
    )
    assert sorted(actions) == ["report_export", "report_export", "report_view"]
    # Another group's member: the report does not exist.
    client.logout()
    client = signed_in(MembershipFactory(role="chair"))
    assert client.get(run_url("report", discussed_meeting)).status_code == 404
    assert client.get(run_url("report_pdf", discussed_meeting)).status_code == 404


def test_attendance_csv_neutralises_formulas(signed_in, chair, meeting):
    meeting.attendances.create(membership=chair)
    meeting.attendances.create(guest_name='=HYPERLINK("http://x")', guest_role="+31 gast")
    client = signed_in(chair)
    response = client.get(run_url("attendance_csv", meeting))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["MDO-groep", "Datum", "Naam"]
    guest = next(row for row in rows if "HYPERLINK" in row[2])
    assert guest[2].startswith("'=") and guest[4].startswith("'+")
    assert any(row[2] == "Anna Voorzitter" for row in rows)


def test_attendance_pdf_lists_participants(signed_in, chair, meeting):
    meeting.attendances.create(membership=chair)
    client = signed_in(chair)
    response = client.get(run_url("attendance_pdf", meeting))
    assert "Anna Voorzitter" in _pdf_text(response.content)


def test_pdf_fetcher_reaches_only_its_own_static_files():
    fetcher = pdf.url_fetcher()
    for url in (
        "http://example.org/x.css",
        "file:///etc/passwd",
        (pdf.STATIC_DIR / "css" / "portal.css").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = (pdf.STATIC_DIR / "fonts" / "dejavu" / "DejaVuSans.ttf").as_uri()
    assert fetcher.fetch(font).read(4)


def test_no_mail_is_sent_before_commit(signed_in, chair, discussed_meeting):
    mail.outbox.clear()
    _close(signed_in(chair), discussed_meeting)
    assert mail.outbox == []  # dispatch was patched: only outbox rows, no direct send


def test_closing_says_the_participants_will_get_an_email_and_the_chair_sees_its_state(
    signed_in, chair, gp, group, discussed_meeting
):
    """The e-mails are queued, not delivered, when the meeting closes (issue 17): the
    message says so, and the report page shows the chair each e-mail's state."""
    client = signed_in(chair)
    response = _close(client, discussed_meeting)
    page = client.get(response.url)
    text = page.content.decode()
    assert "De deelnemers krijgen een e-mail." in text
    assert "hebben een e-mail gekregen" not in text
    assert f"{gp.user}: wachtend" in text
    OutboundEmail.objects.filter(key__startswith=f"meeting-report:{discussed_meeting.pk}:").update(
        status=OutboundEmail.Status.SENT
    )
    assert f"{gp.user}: verzonden" in client.get(response.url).content.decode()
    # A member who may read but not close sees no delivery state.
    client.logout()
    client = signed_in(MembershipFactory(group=group, role="nurse"))
    assert "E-mails met het verslag" not in client.get(response.url).content.decode()


def test_closing_a_meeting_only_guests_attended_promises_no_email(signed_in, chair, meeting):
    meeting.attendances.create(guest_name="Carla Consulent", guest_role="Consulent")
    client = signed_in(chair)
    page = client.get(_close(client, meeting).url).content.decode()
    assert "Het overleg is afgesloten." in page
    assert "e-mail" not in page.split("Het overleg is afgesloten.", 1)[1][:200]
    assert "E-mails met het verslag" not in page


def test_attendance_list_carries_accreditation_numbers(signed_in, chair, gp, meeting):
    gp.user.registration_number = "19012345601"
    gp.user.agb_code = "01012345"
    gp.user.save()
    meeting.attendances.create(membership=gp)
    meeting.attendances.create(membership=chair)
    client = signed_in(chair)
    response = client.get(run_url("attendance_csv", meeting))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][6:] == ["BIG- of registratienummer", "AGB-code", "Duur (minuten)", "Voorzitter"]
    bram = next(row for row in rows if row[2] == "Bram Huisarts")
    assert bram[6:] == ["19012345601", "01012345", "90", "Anna Voorzitter"]
    text = _pdf_text(client.get(run_url("attendance_pdf", meeting)).content)
    assert "19012345601" in text and "01012345" in text and "Anna Voorzitter" in text


def test_members_enter_their_registration_numbers(signed_in, gp):
    from django.urls import reverse

    client = signed_in(gp)
    url = reverse("accounts:registration_numbers")
    bad = client.post(url, {"registration_number": "19012345601", "agb_code": "12"})
    assert "Een AGB-code heeft 8 cijfers." in bad.content.decode()
    gp.user.refresh_from_db()
    assert gp.user.registration_number == ""
    assert client.post(url, {"registration_number": "19012345601", "agb_code": "01012345"})
    gp.user.refresh_from_db()
    assert (gp.user.registration_number, gp.user.agb_code) == ("19012345601", "01012345")
