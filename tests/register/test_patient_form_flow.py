"""The patient form's flow (issue 11, point 5): the date rules answered inline without
saving, and a save that brings the user back to the section they were in, keeping
everything typed when something must be corrected."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from register.models import Patient
from tests.factories import MembershipFactory, PatientFactory, target_group
from tests.helpers import sign_in
from tests.register.test_records import create_data, form_data

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
IN_FUTURE = "De datum van toestemming kan niet in de toekomst liggen."
BEFORE_BIRTH = "De overlijdensdatum ligt vóór de geboortedatum."


@pytest.fixture
def gp(client):
    membership = MembershipFactory(role="gp")
    sign_in(client, membership.user)
    return membership


@pytest.fixture
def patient(gp):
    return PatientFactory(group=gp.group, date_of_birth=date(1940, 5, 17))


def edit_url(gp, patient):
    return reverse("register:edit", args=[gp.group.pk, patient.pk])


def test_the_inline_date_check_answers_each_date_field_and_saves_nothing(client, gp, patient):
    data = form_data(
        patient, check_dates="1", consent_date=TOMORROW, date_of_death="1930-01-01", surname="X"
    )
    response = client.post(edit_url(gp, patient), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="id_consent_date_error" hx-swap-oob="innerHTML">' in html
    assert IN_FUTURE in html
    assert BEFORE_BIRTH in html
    # A date without a problem gets an empty message, which clears an earlier one.
    assert '<div id="id_date_of_birth_error" hx-swap-oob="innerHTML"></div>' in html
    assert "<form" not in html  # only the messages, not the page
    saved = Patient.objects.get(pk=patient.pk)
    assert (saved.version, saved.surname) == (patient.version, patient.surname)


def test_the_inline_check_leaves_empty_dates_to_the_save(client, gp):
    palliative = target_group()
    url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
    response = client.post(url, create_data(palliative, check_dates="1", date_of_birth=""))
    assert response.content.decode().count("form-field__error") == 0
    assert not Patient.objects.exists()


def test_the_date_message_has_its_place_in_the_form_and_the_same_rule_holds_on_save(
    client, gp, patient
):
    response = client.post(edit_url(gp, patient), form_data(patient, consent_date=TOMORROW))
    html = response.content.decode()
    assert 'aria-describedby="id_consent_date_error"' in html
    assert '<div class="form-field__errors" id="id_consent_date_error" aria-live="polite">' in html
    assert IN_FUTURE in html
    assert Patient.objects.get(pk=patient.pk).version == patient.version


def test_saving_returns_to_the_part_of_the_patient_page_of_the_section(client, gp, patient):
    response = client.post(edit_url(gp, patient), form_data(patient, section="involved"))
    detail = reverse("register:detail", args=[gp.group.pk, patient.pk])
    assert response.status_code == 302
    assert response["Location"] == detail + "#involved-heading"


def test_an_unknown_section_is_ignored(client, gp, patient):
    response = client.post(edit_url(gp, patient), form_data(patient, section='x"><script>'))
    assert response["Location"] == reverse("register:detail", args=[gp.group.pk, patient.pk])


def test_a_refused_save_comes_back_at_the_section_with_everything_typed(client, gp, patient):
    data = form_data(
        patient,
        section="question",
        consent_date=TOMORROW,
        question_for_meeting="Hoe verder met de pijn?",
        surname="Nieuwenhuis",
    )
    response = client.post(edit_url(gp, patient), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{edit_url(gp, patient)}#section-question"' in html
    assert '<input type="hidden" name="section" value="question">' in html
    assert "Hoe verder met de pijn?</textarea>" in html
    assert 'value="Nieuwenhuis"' in html
    assert Patient.objects.get(pk=patient.pk).surname == patient.surname
