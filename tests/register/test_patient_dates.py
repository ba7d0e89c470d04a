"""Patient dates are checked against each other and against today; clear Dutch
messages and nothing saved (issue 10, point 7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.date_rules import patient_date_problems
from register.models import Patient
from tests.factories import MembershipFactory, PatientFactory, target_group
from tests.helpers import sign_in
from tests.register.test_records import create_data, form_data

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()

CASES = [
    (
        {"status": "deceased", "date_of_death": "1930-01-01", "date_of_birth": "1940-05-17"},
        "date_of_death",
        "De overlijdensdatum ligt vóór de geboortedatum.",
    ),
    (
        {"spict_done": "on", "spict_date": TOMORROW},
        "spict_date",
        "De datum van de SPICT kan niet in de toekomst liggen.",
    ),
    (
        {"surprise_question": "no", "surprise_question_date": TOMORROW},
        "surprise_question_date",
        "De datum van de Surprise Question kan niet in de toekomst liggen.",
    ),
    (
        {"consent": "consented", "consent_date": TOMORROW},
        "consent_date",
        "De datum van toestemming kan niet in de toekomst liggen.",
    ),
    (
        {"date_of_birth": TOMORROW},
        "date_of_birth",
        "Een geboortedatum kan niet in de toekomst liggen.",
    ),
    (
        {"consent": "consented", "consent_date": "1930-01-01", "date_of_birth": "1940-05-17"},
        "consent_date",
        "De datum van toestemming ligt vóór de geboortedatum.",
    ),
]


@pytest.fixture
def gp(client):
    membership = MembershipFactory(role="gp")
    sign_in(client, membership.user)
    return membership


@pytest.mark.parametrize(("changes", "field", "message"), CASES, ids=[c[1] for c in CASES])
def test_an_implausible_date_is_refused_on_edit(client, gp, changes, field, message):
    patient = PatientFactory(group=gp.group, date_of_birth=date(1940, 5, 17))
    response = client.post(
        reverse("register:edit", args=[gp.group.pk, patient.pk]), form_data(patient, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    saved = Patient.objects.get(pk=patient.pk)
    assert saved.version == patient.version
    assert getattr(saved, field) == getattr(patient, field)


@pytest.mark.parametrize(("changes", "field", "message"), CASES, ids=[c[1] for c in CASES])
def test_an_implausible_date_is_refused_on_create(client, gp, changes, field, message):
    palliative = target_group()
    url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
    response = client.post(url, create_data(palliative, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Patient.objects.exists()


def test_plausible_dates_pass_the_rules():
    birth = date(1940, 5, 17)
    today = date(2026, 11, 29)
    values = {
        "date_of_birth": birth,
        "date_of_death": today,
        "spict_date": birth,
        "surprise_question_date": date(2026, 1, 1),
        "consent_date": None,
    }
    assert patient_date_problems(values, today=today) == {}
