"""View-only roles give pre-meeting input but do not put a patient on the agenda; only
roles that may edit the register do (issue 10, point 11)."""

import pytest

from meetings.models import AgendaItem, PreMeetingInput
from networks.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, RegisterPatientFactory

pytestmark = pytest.mark.django_db

VIEW_ONLY_TEXT = "alleen leden die het register mogen bewerken"


@pytest.fixture
def in_care(group, meeting):
    """A home-care organisation with two patients: one on the agenda, one only asked
    about (a candidate for the default agenda)."""
    organisation = OrganisationFactory(kind=Organisation.Kind.HOMECARE, network=group.network)
    on_agenda = AgendaItemFactory(meeting=meeting).patient
    candidate = RegisterPatientFactory(group=group, question_for_meeting="Vraag")
    for patient in (on_agenda, candidate):
        patient.homecare_organisations.add(organisation)
    return organisation, on_agenda, candidate


def _member(group, role, organisation):
    return MembershipFactory(group=group, role=role, organisation=organisation)


@pytest.mark.parametrize("role", ["homecare", "consultant"])
def test_view_only_roles_add_input_without_putting_a_patient_on_the_agenda(
    signed_in, group, meeting, in_care, role
):
    organisation, on_agenda, candidate = in_care
    group.consultant_access = "all"
    group.save()
    client = signed_in(_member(group, role, organisation))
    page = client.get(run_url("input", meeting)).content.decode()
    assert VIEW_ONLY_TEXT in page
    assert on_agenda.surname in page and candidate.surname not in page

    response = client.post(run_url("input", meeting), {"patient": candidate.pk, "text": "Zorg"})
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(meeting=meeting, patient=candidate).exists()
    assert not PreMeetingInput.objects.exists()

    client.post(run_url("input", meeting), {"patient": on_agenda.pk, "text": "Pijn neemt toe"})
    item = AgendaItem.objects.get(meeting=meeting, patient=on_agenda)
    assert item.inputs.get().text == "Pijn neemt toe"
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_a_crafted_post_by_a_view_only_role_is_refused_by_the_service(
    signed_in, group, meeting, in_care
):
    """The rule is in meeting_mode.input_add, not only in the form's choices."""
    from django.test import RequestFactory

    from meetings import meeting_mode

    organisation, _on_agenda, candidate = in_care
    member = _member(group, "homecare", organisation)
    request = RequestFactory().post("/")
    request.user = member.user
    with pytest.raises(meeting_mode.MeetingModeError):
        meeting_mode.input_add(
            request=request, membership=member, meeting=meeting, patient_id=candidate.pk, text="x"
        )
    assert not AgendaItem.objects.filter(patient=candidate).exists()


@pytest.mark.parametrize("role", ["gp", "nurse", "chair"])
def test_roles_that_edit_the_register_put_a_patient_on_the_agenda(
    signed_in, group, meeting, in_care, role
):
    organisation, _on_agenda, candidate = in_care
    client = signed_in(_member(group, role, organisation))
    page = client.get(run_url("input", meeting)).content.decode()
    assert VIEW_ONLY_TEXT not in page and candidate.surname in page
    client.post(run_url("input", meeting), {"patient": candidate.pk, "text": "Graag bespreken"})
    item = AgendaItem.objects.get(meeting=meeting, patient=candidate)
    assert item.inputs.get().text == "Graag bespreken"
