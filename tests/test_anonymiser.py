"""One anonymiser for everything that leaves the register (issue 10, point 13).

The same hostile texts, typed into advice, agreements, findings and attention points of
meetings that are then closed, must not show on the report page, in the report PDF, on
the coordinators' insight page or in its CSV: the texts are anonymised once, at closing,
and every output reads the stored result.
"""

import datetime as dt
import io
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insight.services import tallies_refresh
from meetings import meeting_mode
from meetings.models import Agreement, Attendance, AttentionPoint, Finding
from register.anonymise import BLANK, Anonymiser
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import sign_in
from tests.meetings_run.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RegisterPatientFactory,
    category,
)

# (case, text typed by a clinician, what must not come out). {surname} etc. are filled in
# with the names of patients in the group's register.
HOSTILE = [
    ("surname on the agenda", "Mevrouw {surname} wil thuis sterven", ["{surname}"]),
    ("surname elsewhere in the register", "Net als bij {other} vorig jaar", ["{other}"]),
    ("upper case surname", "DHR. {other_upper} belde", ["{other}"]),
    ("birth name", "geboren {birth_name}, getrouwd", ["{birth_name}"]),
    ("initials with surname", "J.P. {surname} en JP {other} overlegden", ["J.P.", "JP "]),
    ("surname without its prefix", "zoon van Berg belt", ["Berg"]),
    ("Dutch date", "geboren 3 maart 1899, overleden 12 okt. 2025", ["3 maart", "1899", "12 okt"]),
    ("numeric dates", "03-03-1899, 3/3/99, 1899-03-03 en 3.3.1899", ["03-03", "3/3/99", "1899"]),
    ("BSN", "BSN 123456782, 123.456.782, 1234.56.782", ["123456782", "456.782", "56.782"]),
    ("mobile number", "bel 06-12345678 of 06 1234 5678", ["12345678", "1234 5678"]),
    ("international number", "of +31 6 12345678 of +31 (0)10 123 4567", ["+31", "123 4567"]),
    ("landline", "praktijk 010-1234567", ["010-1234567", "1234567"]),
    ("e-mail address", "mail naam.achternaam@example.nl", ["example.nl", "achternaam@"]),
    ("postcode with house number", "woont op 3011 AB 12, 3012CD", ["3011", "AB 12", "3012"]),
]


def _fill(template, names):
    return template.format(**names)


@pytest.fixture
def closed_world(db):
    """Six meetings, each discussing another patient, with every hostile text in the
    advice, an agreement, a finding and an attention point; then closed by the chair."""
    chair = MembershipFactory(role="chair")
    group = chair.group
    other = RegisterPatientFactory(group=group, surname="Oudewater")
    RegisterPatientFactory(group=group, surname="van den Berg")
    patients = [RegisterPatientFactory(group=group) for _ in range(6)]
    names = {
        "surname": patients[0].surname,
        "other": other.surname,
        "other_upper": other.surname.upper(),
        "birth_name": patients[0].birth_name,
    }
    hostile = " | ".join(_fill(text, names) for _case, text, _leaks in HOSTILE)
    request = RequestFactory().post("/")
    request.user = chair.user
    meetings = []
    for index, patient in enumerate(patients):
        starts = timezone.now() - dt.timedelta(days=7 * (index + 1))
        meeting = MeetingFactory(group=group, starts_at=starts)
        item = AgendaItemFactory(meeting=meeting, patient=patient, discussed=True, advice=hostile)
        for _case, text, _leaks in HOSTILE:  # agreements are short: one per text
            filled = _fill(text, names)
            Agreement.objects.create(agenda_item=item, what=filled, who=filled[:150])
        AttentionPoint.objects.create(agenda_item=item, category=category(), text=hostile)
        Finding.objects.create(
            meeting=meeting, kind="bottleneck", category=category(), text=hostile
        )
        Attendance.objects.create(meeting=meeting, membership=chair)
        meeting_mode.meeting_close(
            request=request, membership=chair, meeting=meeting, next_slot=None
        )
        meetings.append(meeting)
    tallies_refresh()
    return {"chair": chair, "meetings": meetings, "names": names, "group": group}


def _leaks(names):
    for case, _text, leaks in HOSTILE:
        for leak in leaks:
            yield case, _fill(leak, names)


def _report_page(client, world):
    sign_in(client, world["chair"].user)
    meeting = world["meetings"][0]
    url = reverse("meeting_run:report", args=[meeting.group_id, meeting.pk])
    return client.get(url).content.decode()


def _report_pdf(client, world):
    sign_in(client, world["chair"].user)
    meeting = world["meetings"][0]
    url = reverse("meeting_run:report_pdf", args=[meeting.group_id, meeting.pk])
    reader = PdfReader(io.BytesIO(client.get(url).content))
    return " ".join(page.extract_text() for page in reader.pages)


def _admin(client):
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True))


def _insight_page(client, world):
    _admin(client)
    return client.get(reverse("insight:index")).content.decode()


def _insight_csv(client, world):
    _admin(client)
    response = client.get(reverse("insight:national_csv"))
    return b"".join(response.streaming_content).decode()


SURFACES = {
    "report page": _report_page,
    "report PDF": _report_pdf,
    "insight page": _insight_page,
    "insight CSV": _insight_csv,
}


@pytest.mark.parametrize("surface", SURFACES)
def test_hostile_texts_leave_the_register_anonymised(client, closed_world, surface):
    body = SURFACES[surface](client, closed_world)
    flat = re.sub(r"\s+", " ", body)
    # The texts do reach the output, anonymised (not withheld altogether).
    assert "wil thuis sterven" in flat and BLANK in flat, surface
    found = [(case, leak) for case, leak in _leaks(closed_world["names"]) if leak in flat]
    assert found == [], f"{surface} shows: {found}"


@pytest.mark.parametrize(("case", "text", "leaks"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_the_anonymiser_blanks_each_hostile_text(case, text, leaks):
    names = {"surname": "de Vries", "other": "Oudewater", "other_upper": "OUDEWATER"}
    names["birth_name"] = "Geboortenaam"
    anonymise = Anonymiser(["de Vries", "Oudewater", "Geboortenaam", "van den Berg"])
    result = anonymise(_fill(text, names))
    for leak in leaks:
        assert _fill(leak, names) not in result, (case, result)
    assert BLANK in result


@pytest.mark.parametrize(
    "text",
    [
        "Vriesland blijft staan",  # a longer word that contains a surname
        "In 2024 twee keer besproken; 10 mg morfine 4 dd",
        "Overleg om 14.30 uur, versie 2.1",
        "Afspraak over 3 weken, VVT-instelling belt",
    ],
)
def test_ordinary_clinical_text_stays_readable(text):
    assert Anonymiser(["de Vries"])(text) == text


def test_closing_stores_the_texts_and_outputs_read_only_the_stored_ones(closed_world):
    """A text changed in the database after closing does not reach insight: the stored
    anonymised text (set once, at closing) is what leaves."""
    point = AttentionPoint.objects.filter(agenda_item__meeting=closed_world["meetings"][0]).get()
    assert BLANK in point.text_anonymised
    assert closed_world["names"]["surname"] not in point.text_anonymised
    finding = Finding.objects.filter(meeting=closed_world["meetings"][0]).get()
    assert BLANK in finding.text_anonymised
    item = point.agenda_item
    assert BLANK in item.advice_anonymised
