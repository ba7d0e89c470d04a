"""Everything a Dutch user receives is Dutch: pages, PDFs (extracted text), e-mails and
calendar files carry no English text the project translates and no raw timestamps.

"English" is every phrase msgid of the project's catalogue whose Dutch differs, plus the
English default label Django gives a model field without a verbose name."""

import gettext
import io
import json
import re
from datetime import timedelta
from functools import cache
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting, Report
from outbox.models import OutboundEmail
from register.models import Patient
from tests.factories import (
    CareProviderFactory,
    MDOGroupFactory,
    MembershipFactory,
    PatientFactory,
)
from tests.helpers import sign_in
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# Loanwords and names Dutch keeps in English, and formats with no words to translate
# (the HIS journal's "P:" is the SOEP letter for the plan).
SAME_IN_DUTCH = {
    "After Death Analysis",
    "Surprise Question",
    "MDO %(group)s",
    "MDO %(group)s %(date)s",
    "P: %(what)s (%(who)s)",
}
RAW_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|datetime\.\w+\(|\+00:00"
)
VISIBLE_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def _catalogue():
    with open(CATALOGUE.with_suffix(".mo"), "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


@cache
def english_phrases() -> re.Pattern:
    phrases = set()
    for msgid, msgstr in _catalogue().items():
        if isinstance(msgid, tuple):  # plural forms
            msgid, msgstr = msgid[0], msgstr
        msgid = msgid.split("\x04")[-1]  # drop the context
        if msgid != msgstr and _is_phrase(msgid):
            phrases.add(msgid)
    with translation.override("nl"):
        for model in apps.get_models():
            if model.__module__.split(".")[0] not in _project_apps():
                continue
            for field in model._meta.get_fields():
                default = field.name.replace("_", " ")
                label = str(getattr(field, "verbose_name", ""))
                if label == default and _is_phrase(default):
                    phrases.add(default)
    words = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


def _project_apps():
    return {"accounts", "audit", "cms", "insight", "meetings", "networks", "news", "register"}


def _is_phrase(text: str) -> bool:
    """Two or more plain words: single words are too often Dutch as well."""
    return (
        "%" not in text
        and "{" not in text
        and len(text.split()) >= 2
        and re.fullmatch(r"[A-Za-z][A-Za-z ,'-]+", text) is not None
    )


def assert_dutch(text: str, where: str) -> None:
    english = english_phrases().findall(text)
    assert not english, f"English in {where}: {sorted(set(english))}"
    raw = RAW_TIMESTAMP.findall(text)
    assert not raw, f"raw timestamp in {where}: {raw}"


def page_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    attributes = [
        element[name]
        for name in VISIBLE_ATTRIBUTES
        for element in soup.find_all(attrs={name: True})
    ]
    return soup.get_text(" ") + "\n" + "\n".join(attributes)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def calendar_text(content: str | bytes) -> str:
    calendar = icalendar.Calendar.from_ical(content)
    return (
        "\n".join(
            str(event.get(name, ""))
            for event in calendar.walk("VEVENT")
            for name in ("SUMMARY", "DESCRIPTION", "LOCATION")
        )
        + "\n"
        + str(calendar.get("X-WR-CALNAME", ""))
    )


def test_the_catalogue_leaves_no_phrase_untranslated():
    same = {
        msgid
        for msgid, msgstr in _catalogue().items()
        if isinstance(msgid, str) and msgid == msgstr and len(msgid.split()) >= 2
    }
    assert same <= SAME_IN_DUTCH
    empty = re.findall(r'\nmsgid "([^"]+)"\nmsgstr ""\n\n', CATALOGUE.read_text())
    assert empty == []


@pytest.fixture
def world(client):
    """A group with a run and closed meeting, a planned one, a patient with everything."""
    group = MDOGroupFactory(name="PaTz Zoë")
    chair = MembershipFactory(group=group, role="chair")
    gp = MembershipFactory(group=group, role="gp")
    patient = PatientFactory(group=group, responsible_gp=gp.user, created_by=gp.user)
    CareProviderFactory(patient=patient)
    past = MeetingFactory(group=group, starts_at=timezone.now() - timedelta(hours=2))
    item = AgendaItemFactory(meeting=past, patient=patient, discussed=True, advice="Morfine")
    Agreement.objects.create(
        agenda_item=item, what="Bellen", who="Huisarts", status=Agreement.Status.DONE
    )
    past.attendances.create(membership=chair)
    past.attendances.create(membership=gp)
    sign_in(client, chair.user)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("outbox.services.email_dispatch", lambda **kwargs: None)
        start = timezone.localtime() + timedelta(days=5)
        response = client.post(
            reverse("meeting_run:close", args=[group.pk, past.pk]),
            {
                "plan_next": "on",
                "date": start.date().isoformat(),
                "start": "16:00",
                "end": "17:30",
                "location": "Gezondheidscentrum ’t Hoogt",
            },
        )
        assert response.status_code == 302
        assert Report.objects.filter(meeting=past).exists()
        meeting_services.reminders_enqueue_due()
    return {"group": group, "chair": chair, "gp": gp, "patient": patient, "past": past}


def test_every_dutch_output_is_dutch(client, world):
    group, patient, past = world["group"], world["patient"], world["past"]
    g, p, m = group.pk, patient.pk, past.pk
    upcoming = Meeting.objects.get(group=group, status=Meeting.Status.PLANNED)
    pages = [
        reverse("networks:dashboard"),
        reverse("register:list", args=[g]),
        reverse("register:detail", args=[g, p]),
        reverse("meetings:list", args=[g]),
        reverse("meeting_run:report_list", args=[g]),
        reverse("meeting_run:report", args=[g, m]),
        reverse("meeting_run:mode", args=[g, upcoming.pk]),
        reverse("meeting_run:input", args=[g, upcoming.pk]),
        reverse("meetings:feed_settings"),
        reverse("networks:group_members", args=[g]),
        reverse("register:create", args=[g]),
        reverse("register:edit", args=[g, p]),
        reverse("meetings:plan", args=[g]),
        reverse("meetings:edit", args=[g, upcoming.pk]),
        reverse("accounts:account"),
        reverse("accounts:password_change"),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_dutch(page_text(response.content.decode()), path)

    pdfs = [
        reverse("register:export_pdf", args=[g, p]),
        reverse("meeting_run:report_pdf", args=[g, m]),
        reverse("meeting_run:attendance_pdf", args=[g, m]),
    ]
    for path in pdfs:
        response = client.get(path)
        assert response["Content-Type"] == "application/pdf", path
        assert_dutch(pdf_text(response.content), path)

    client.post(reverse("accounts:password_reset"), {"email": world["chair"].user.email})
    mails = OutboundEmail.objects.all()
    assert mails.filter(key__startswith="password-reset:").exists()
    kinds = {row.key.split(":")[4] for row in mails if row.key.startswith("meeting:")}
    assert {"invitation", "reminder"} <= kinds
    for row in mails:
        assert_dutch(f"{row.subject}\n{row.body_text}\n{page_text(row.body_html)}", row.key)
        for attachment in row.attachments:
            assert_dutch(calendar_text(attachment["content"]), f"{row.key} calendar file")

    response = client.post(reverse("meetings:feed_renew"))
    feed_url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', response.content.decode())[1]
    feed = client.get(feed_url[feed_url.index("/agenda/") :])
    assert_dutch(calendar_text(feed.content), "calendar feed")


def test_the_json_export_uses_stored_codes_throughout(client, world):
    """Machine-readable: codes, not a mix of Dutch labels and codes."""
    group, patient = world["group"], world["patient"]
    response = client.get(reverse("register:export", args=[group.pk, patient.pk]))
    record = json.loads(response.content)
    assert record["patient"]["status"] == Patient.Status.ACTIVE == "active"
    assert record["patient"]["sex"] in Patient.Sex.values
    (meeting,) = record["meetings"]
    assert meeting["agreements"][0]["status"] == "done"


def test_agreement_status_reads_afgerond():
    with translation.override("nl"):
        assert str(Agreement.Status.DONE.label) == "afgerond"
        assert translation.pgettext("agreement status", "done") == "afgerond"


# Issue 11, point 6: one way of writing dates, proper plurals, one term per concept.
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = "januari februari maart april mei juni juli augustus september oktober november"
MONTHS = [*MONTHS.split(), "december"]
# "22-12-2026", "12:30": how dates and times are not written in Dutch prose.
NOT_DUTCH_DATE = re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{1,2}:\d{2}\b")
# "overleg(gen)", "patiënt(en)", "meeting(s)": a plural left to the reader.
PLURAL_IN_BRACKETS = re.compile(r"\w\((?:s|en|gen|n|e)\)", re.IGNORECASE)
REJECTED_TERMS = re.compile(r"hulpmiddel|scholingsbehoefte", re.IGNORECASE)
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def spelled_out(moment) -> str:
    """ "dinsdag 22 december 2026", written out here rather than by the helper under test."""
    day = timezone.localtime(moment)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_dates_read_the_same_on_pages_in_e_mails_and_in_the_report(client, world):
    group, past = world["group"], world["past"]
    upcoming = Meeting.objects.get(group=group, status=Meeting.Status.PLANNED)
    next_day = spelled_out(upcoming.starts_at)

    page = page_text(client.get(reverse("meetings:list", args=[group.pk])).content.decode())
    assert next_day in one_line(page)
    assert "16.00–17.30" in page

    invitation = OutboundEmail.objects.filter(key__contains="invitation").first()
    assert f"{next_day}, 16.00–17.30 uur" in one_line(invitation.body_text)
    assert f"{next_day}, 16.00 uur" in invitation.subject

    pdf = pdf_text(client.get(reverse("meeting_run:report_pdf", args=[group.pk, past.pk])).content)
    assert spelled_out(past.starts_at) in one_line(pdf)
    attendance = client.get(reverse("meeting_run:attendance_pdf", args=[group.pk, past.pk]))
    assert spelled_out(past.starts_at) in one_line(pdf_text(attendance.content))

    for where, text in [
        ("meetings page", page),
        ("invitation", f"{invitation.subject}\n{invitation.body_text}"),
        ("report PDF", pdf),
        ("attendance PDF", pdf_text(attendance.content)),
    ]:
        assert not NOT_DUTCH_DATE.findall(text), where


def _dutch_catalogue_texts() -> list[str]:
    texts = []
    for value in _catalogue().values():
        texts.extend(value if isinstance(value, tuple) else [value])
    return texts


def _template_texts() -> list[tuple[Path, str]]:
    return [
        (path, path.read_text())
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".txt", ".ics"}
    ]


def test_no_plural_is_left_in_brackets():
    offending = [text for text in _dutch_catalogue_texts() if PLURAL_IN_BRACKETS.search(text)]
    offending += [str(path) for path, text in _template_texts() if PLURAL_IN_BRACKETS.search(text)]
    assert offending == []
    with translation.override("nl"):
        planned = "%(count)d meeting planned; the members have been invited."
        plural = "%(count)d meetings planned; the members have been invited."
        assert translation.ngettext(planned, plural, 1) % {"count": 1} == (
            "1 overleg gepland; de leden zijn uitgenodigd."
        )
        assert translation.ngettext(planned, plural, 3) % {"count": 3} == (
            "3 overleggen gepland; de leden zijn uitgenodigd."
        )


def test_one_term_per_concept():
    """ "Interventies en tools" (not "hulpmiddelen") and "onderwijsbehoeften" (the SPEC's
    word, not "scholingsbehoeften") on every screen, e-mail, PDF, Wagtail label and doc."""
    docs = Path(settings.BASE_DIR) / "docs"
    texts = [("catalogue", text) for text in _dutch_catalogue_texts()]
    texts += _template_texts()
    texts += [(path, path.read_text()) for path in docs.rglob("*.md")]
    assert [str(where) for where, text in texts if REJECTED_TERMS.search(text)] == []
    with translation.override("nl"):
        assert translation.gettext("Interventions and tools") == "Interventies en tools"
        assert translation.gettext("Interventions & tools") == "Interventies en tools"
