"""Writing patient records: audit events, target-group switches, no lost edits, bad input."""

import re
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from networks.models import Organisation
from register import services
from register.models import CareProvider, Patient, ProblemAndStrength, SubField, TargetGroupChange
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PatientFactory,
    target_group,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp(client):
    membership = MembershipFactory(role="gp")
    sign_in(client, membership.user)
    return membership


def form_data(patient: Patient, **overrides) -> dict:
    """What the edit form posts for an unchanged patient, plus overrides."""
    data = {
        "version": patient.version,
        "initials": patient.initials,
        "surname": patient.surname,
        "birth_name": patient.birth_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex,
        "prognosis": patient.prognosis_id or "",
        "urgency": patient.urgency_id or "",
        "status": patient.status,
        "question_for_meeting": patient.question_for_meeting,
        "providers-TOTAL_FORMS": "0",
        "providers-INITIAL_FORMS": "0",
        "providers-MIN_NUM_FORMS": "0",
        "providers-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


def create_data(group_target, **overrides) -> dict:
    palliative = group_target
    data = {
        "initials": "J.",
        "surname": "de Boer",
        "date_of_birth": "1940-05-17",
        "sex": "male",
        "prognosis": palliative.prognosis_options.last().pk,
        "urgency": palliative.urgency_options.first().pk,
        "status": "active",
        "providers-TOTAL_FORMS": "0",
        "providers-INITIAL_FORMS": "0",
        "providers-MIN_NUM_FORMS": "0",
        "providers-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


def events():
    # Insertion order: on PostgreSQL the sequencer numbers the events later.
    return list(AuditEvent.objects.order_by("id"))


class TestAuditTrail:
    def test_each_read_writes_exactly_one_event(self, client, gp):
        patient = PatientFactory(group=gp.group)
        before = AuditEvent.objects.count()
        client.get(reverse("register:detail", args=[gp.group.pk, patient.pk]))
        client.get(reverse("register:export", args=[gp.group.pk, patient.pk]))
        client.get(reverse("register:list", args=[gp.group.pk]))
        new = events()[before:]
        assert [event.action for event in new] == ["view", "export", "list"]
        view = new[0]
        assert (view.patient_id, view.group_id, view.membership_id, view.role) == (
            patient.pk,
            gp.group_id,
            gp.pk,
            "gp",
        )
        assert view.user_id == gp.user_id
        assert view.ip == "127.0.0.1"
        assert view.request_id

    def test_create_update_and_switch_write_one_event_each_with_field_names_only(self, client, gp):
        palliative = target_group()
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        client.post(url, create_data(palliative, question_for_meeting="GEHEIM-KLINISCH"))
        patient = Patient.objects.get()
        client.post(
            reverse("register:edit", args=[gp.group.pk, patient.pk]),
            form_data(patient, surname="Jansen", question_for_meeting="GEHEIM-KLINISCH"),
        )
        frail = target_group("Kwetsbare ouderen")
        client.post(
            reverse("register:switch", args=[gp.group.pk, patient.pk])
            + f"?target_group={frail.pk}",
            {
                "version": 2,
                "prognosis": frail.prognosis_options.first().pk,
                "urgency": frail.urgency_options.first().pk,
            },
        )
        writes = [e for e in events() if e.action != "list" and e.action != "view"]
        assert [e.action for e in writes] == ["create", "update", "switch_target_group"]
        assert {"initials", "surname", "date_of_birth", "question_for_meeting"} <= set(
            writes[0].changed_fields
        )
        assert writes[1].changed_fields == ["surname"]
        assert writes[2].changed_fields == ["prognosis", "target_group", "urgency"]
        # The log holds facts, never clinical content (NL-03).
        for event in events():
            assert "GEHEIM" not in str(event.__dict__)

    def test_a_refused_request_is_not_logged_as_access(self, client, gp):
        stranger = PatientFactory()
        client.get(reverse("register:detail", args=[gp.group.pk, stranger.pk]))
        assert not AuditEvent.objects.filter(patient_id=stranger.pk).exists()


class TestTargetGroupSwitch:
    def test_switch_keeps_everything_recorded_and_the_history(self, client, gp):
        patient = PatientFactory(group=gp.group, question_for_meeting="Pijnbeleid?")
        pain = SubField.objects.get(name="Lichamelijke klachten")
        ProblemAndStrength.objects.create(
            patient=patient, sub_field=pain, problem="pijn", strength="veerkrachtig"
        )
        frail = target_group("Kwetsbare ouderen")
        url = (
            reverse("register:switch", args=[gp.group.pk, patient.pk]) + f"?target_group={frail.pk}"
        )
        page = client.get(url).content.decode()
        assert "CFS 7-9" in page and "&lt; 1 maand" not in page  # the new group's scale

        response = client.post(
            url,
            {
                "version": patient.version,
                "prognosis": frail.prognosis_options.last().pk,
                "urgency": frail.urgency_options.last().pk,
            },
        )
        assert response.status_code == 302
        patient.refresh_from_db()
        assert patient.target_group == frail
        assert patient.prognosis.target_group == frail
        assert patient.question_for_meeting == "Pijnbeleid?"
        assert patient.problems.get().problem == "pijn"
        change = TargetGroupChange.objects.get()
        assert (change.from_target_group.name, change.to_target_group) == ("Palliatief", frail)
        detail = client.get(reverse("register:detail", args=[gp.group.pk, patient.pk]))
        assert "Palliatief → Kwetsbare ouderen" in detail.content.decode()

    def test_prognosis_of_the_old_target_group_is_refused(self, client, gp):
        patient = PatientFactory(group=gp.group)
        frail = target_group("Kwetsbare ouderen")
        url = (
            reverse("register:switch", args=[gp.group.pk, patient.pk]) + f"?target_group={frail.pk}"
        )
        response = client.post(
            url,
            {
                "version": patient.version,
                "prognosis": target_group().prognosis_options.first().pk,
                "urgency": frail.urgency_options.first().pk,
            },
        )
        assert response.status_code == 200
        patient.refresh_from_db()
        assert patient.target_group.name == "Palliatief"

    def test_frail_elderly_show_their_extra_sub_fields(self, client, gp):
        frail = target_group("Kwetsbare ouderen")
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={frail.pk}"
        page = client.get(url).content.decode()
        # Whole element texts: a generated person's name may contain "Vallen".
        for name in ("Vallen", "Polyfarmacie", "Eenzaamheid", "Samen keuzes maken"):
            assert re.search(rf">\s*{name}\s*<", page), name
        culture = target_group("Cultuursensitieve zorg")
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={culture.pk}"
        page = client.get(url).content.decode()
        assert not re.search(r">\s*Vallen\s*<", page)
        assert re.search(r">\s*Samen vooruit organiseren\s*<", page)  # advance care planning


class TestNoLostEdits:
    def test_second_save_of_a_stale_form_is_refused_and_keeps_the_input(self, gp):
        patient = PatientFactory(group=gp.group)
        first, second = Client(), Client()
        sign_in(first, gp.user)
        other = MembershipFactory(group=gp.group, role="gp")
        sign_in(second, other.user)
        url = reverse("register:edit", args=[gp.group.pk, patient.pk])
        stale = form_data(patient)
        assert first.post(url, {**stale, "surname": "Eerste"}).status_code == 302

        response = second.post(
            url, {**stale, "surname": "Tweede", "question_for_meeting": "mijn vraag"}
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert "Eerste" in page  # the other's saved value is shown
        assert 'value="Tweede"' in page and "mijn vraag" in page  # own input kept
        patient.refresh_from_db()
        assert patient.surname == "Eerste"

        # Saving again deliberately, from the conflict form, stores the second version.
        version = response.context["form"].data["version"]
        again = second.post(url, {**stale, "version": version, "surname": "Tweede"})
        assert again.status_code == 302
        patient.refresh_from_db()
        assert patient.surname == "Tweede"

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_two_concurrent_saves_exactly_one_wins(self):
        patient = PatientFactory()
        results = []
        barrier = threading.Barrier(2)

        def save(name):
            try:
                barrier.wait()
                from django.db import transaction

                with transaction.atomic():
                    services._claim_version(Patient.objects.get(pk=patient.pk), 1)
                    Patient.objects.filter(pk=patient.pk).update(surname=name)
                results.append(name)
            except services.StaleEdit:
                results.append("stale")
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(n,)) for n in ("A", "B")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results).count("stale") == 1
        patient.refresh_from_db()
        assert patient.version == 2


class TestBadInput:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"date_of_birth": (date.today() + timedelta(days=1)).isoformat()}, "toekomst"),
            ({"date_of_birth": "1899-12-31"}, "1900"),
            ({"surname": "x" * 101}, "niet meer dan 100 tekens"),
            ({"question_for_meeting": "x" * 2001}, "niet meer dan 2000 tekens"),
            ({"status": "deceased"}, "overlijdensdatum"),
        ],
    )
    def test_refused_with_a_dutch_message_and_nothing_saved(self, client, gp, overrides, message):
        palliative = target_group()
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        response = client.post(url, create_data(palliative, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode().lower()
        assert not Patient.objects.exists()

    def test_prognosis_of_another_target_group_is_refused(self, client, gp):
        palliative = target_group()
        frail = target_group("Kwetsbare ouderen")
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        client.post(url, create_data(palliative, prognosis=frail.prognosis_options.first().pk))
        assert not Patient.objects.exists()

    def test_home_care_organisation_of_another_network_is_refused(self, client, gp):
        foreign = OrganisationFactory(kind=Organisation.Kind.HOMECARE)
        palliative = target_group()
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        client.post(url, create_data(palliative, homecare_organisations=[foreign.pk]))
        assert not Patient.objects.exists()

    def test_two_care_coordinators_are_refused(self, client, gp):
        palliative = target_group()
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        providers = {
            "providers-TOTAL_FORMS": "2",
            "providers-0-name": "A. Arts",
            "providers-0-is_care_coordinator": "on",
            "providers-1-name": "B. Zorg",
            "providers-1-is_care_coordinator": "on",
        }
        response = client.post(url, create_data(palliative, **providers))
        assert "precies één" in response.content.decode()
        assert not Patient.objects.exists()
        assert not CareProvider.objects.exists()

    def test_html_is_stored_as_text_and_shown_escaped(self, client, gp):
        palliative = target_group()
        url = reverse("register:create", args=[gp.group.pk]) + f"?target_group={palliative.pk}"
        payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        client.post(url, create_data(palliative, surname="de Boer", question_for_meeting=payload))
        patient = Patient.objects.get()
        assert patient.question_for_meeting == payload
        page = client.get(
            reverse("register:detail", args=[gp.group.pk, patient.pk])
        ).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page

    def test_moving_the_care_coordinator_between_providers(self, client, gp):
        patient = PatientFactory(group=gp.group)
        first = CareProvider.objects.create(
            patient=patient, name="Eerste", is_care_coordinator=True
        )
        second = CareProvider.objects.create(patient=patient, name="Tweede")
        data = form_data(
            patient,
            **{
                "providers-TOTAL_FORMS": "2",
                "providers-INITIAL_FORMS": "2",
                "providers-0-id": second.pk,
                "providers-0-name": "Tweede",
                "providers-0-is_care_coordinator": "on",
                "providers-1-id": first.pk,
                "providers-1-name": "Eerste",
            },
        )
        response = client.post(reverse("register:edit", args=[gp.group.pk, patient.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert CareProvider.objects.get(is_care_coordinator=True) == second


def test_nurse_who_registers_a_patient_keeps_seeing_it(client):
    nurse = MembershipFactory(role="nurse", organisation__kind=Organisation.Kind.HOMECARE)
    sign_in(client, nurse.user)
    palliative = target_group()
    url = reverse("register:create", args=[nurse.group.pk]) + f"?target_group={palliative.pk}"
    response = client.post(url, create_data(palliative))
    assert response.status_code == 302
    patient = Patient.objects.get()
    assert list(patient.homecare_organisations.all()) == [nurse.organisation]
    assert client.get(response["Location"]).status_code == 200
    assert timezone.now() - patient.created_at < timedelta(minutes=1)


def test_list_filters_by_question_target_group_and_status(client, gp):
    palliative, frail = target_group(), target_group("Kwetsbare ouderen")
    asked = PatientFactory(group=gp.group, question_for_meeting="Vraag?", surname="Metvraag")
    PatientFactory(group=gp.group, surname="Zondervraag")
    PatientFactory(
        group=gp.group,
        surname="Kwetsbaar",
        target_group=frail,
        prognosis=frail.prognosis_options.first(),
        urgency=frail.urgency_options.first(),
    )
    PatientFactory(group=gp.group, surname="Gearchiveerd", status="archived")
    url = reverse("register:list", args=[gp.group.pk])

    def names(query):
        return [p["surname"] for p in client.get(url + query).context["patients"]]

    assert set(names("")) == {"Metvraag", "Zondervraag", "Kwetsbaar"}  # active by default
    assert names("?has_question=yes") == [asked.surname]
    assert names(f"?target_group={frail.pk}") == ["Kwetsbaar"]
    assert "Gearchiveerd" in names("?status=")
    assert names("?status=archived") == ["Gearchiveerd"]
    assert names(f"?target_group={palliative.pk}&has_question=no") == ["Zondervraag"]


def test_a_new_sub_field_shows_on_the_patient_page_at_once(
    client, django_capture_on_commit_callbacks
):
    """The sub-fields are cached; adding one in the admin must not wait for the cache."""
    from register.models import Dimension

    member = MembershipFactory(role="gp")
    sign_in(client, member.user)
    patient = PatientFactory(group=member.group)
    url = reverse("register:detail", args=[member.group.pk, patient.pk])
    assert "Slaapproblemen" not in client.get(url).content.decode()
    dimension = Dimension.objects.order_by("sort_order").first()
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's commit would
        SubField.objects.create(dimension=dimension, name="Slaapproblemen", sort_order=99)
    assert "Slaapproblemen" in client.get(url).content.decode()
