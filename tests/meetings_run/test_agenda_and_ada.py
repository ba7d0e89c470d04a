"""The default agenda, the target-group filter, and the After Death Analysis."""

from datetime import date, timedelta

from meetings.models import AfterDeathAnalysis, AgendaItem, Agreement
from tests.factories import target_group
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory, RegisterPatientFactory


def test_default_agenda_questions_first_then_urgency_and_returning_patients(
    signed_in, chair, group, meeting
):
    palliative = target_group()
    low, high = (
        palliative.urgency_options.order_by("sort_order").first(),
        palliative.urgency_options.order_by("sort_order").last(),
    )
    urgent = RegisterPatientFactory(group=group, urgency=high)
    question = RegisterPatientFactory(group=group, urgency=low, question_for_meeting="Vraag?")
    quiet = RegisterPatientFactory(group=group, urgency=low)
    undiscussed = RegisterPatientFactory(group=group, urgency=low)
    open_agreement = RegisterPatientFactory(group=group, urgency=low)
    archived = RegisterPatientFactory(group=group, urgency=high, status="archived")
    previous = MeetingFactory(
        group=group, starts_at=meeting.starts_at - timedelta(weeks=6), status="closed"
    )
    AgendaItemFactory(meeting=previous, patient=undiscussed, discussed=False)
    done = AgendaItemFactory(meeting=previous, patient=open_agreement, discussed=True)
    Agreement.objects.create(agenda_item=done, what="Bellen", who="Huisarts")
    client = signed_in(chair)
    client.post(run_url("agenda_default", meeting))
    order = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("patient_id", flat=True)
    )
    assert order[:2] == [question.pk, urgent.pk]
    assert set(order) == {question.pk, urgent.pk, undiscussed.pk, open_agreement.pk}
    assert quiet.pk not in order and archived.pk not in order
    # Building it again adds nothing twice.
    client.post(run_url("agenda_default", meeting))
    assert AgendaItem.objects.filter(meeting=meeting).count() == 4


def test_target_group_filter(signed_in, chair, group, meeting):
    frail = RegisterPatientFactory(group=group, target_group=target_group("Kwetsbare ouderen"))
    palliative = RegisterPatientFactory(group=group)
    AgendaItemFactory(meeting=meeting, patient=frail)
    AgendaItemFactory(meeting=meeting, patient=palliative)
    client = signed_in(chair)
    response = client.get(
        run_url("mode", meeting), {"doelgroep": target_group("Kwetsbare ouderen").pk}
    )
    assert [item.patient_id for item in response.context["items"]] == [frail.pk]


def test_ada_for_a_deceased_patient(signed_in, chair, group, meeting):
    patient = RegisterPatientFactory(
        group=group, status="deceased", date_of_death=date.today(), place_of_death="Hospice"
    )
    item = AgendaItemFactory(meeting=meeting, patient=patient)
    client = signed_in(chair)
    page = client.get(run_url("item", meeting, item.pk)).content.decode()
    assert "After Death Analysis" in page
    response = client.post(
        run_url("ada_save", meeting, item.pk),
        {
            "identified_in_time": "true",
            "weeks_on_register": "30",
            "preferred_place_of_death": "Thuis",
            "actual_place_of_death": "Hospice",
            "went_well": "Goede samenwerking",
            "could_be_better": "Eerder PZP",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    ada = AfterDeathAnalysis.objects.get(agenda_item=item)
    assert ada.identified_in_time is True and ada.weeks_on_register == 30
    assert ada.preferred_place_of_death == "Thuis" and ada.actual_place_of_death == "Hospice"


def test_ada_refused_for_a_living_patient(signed_in, chair, meeting, item):
    client = signed_in(chair)
    response = client.post(
        run_url("ada_save", meeting, item.pk), {"went_well": "x"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "alleen worden vastgelegd voor een overleden patiënt" in response.content.decode()
    assert not AfterDeathAnalysis.objects.exists()
