"""Agreements are first-class: an owner from the group or the patient's care, a due date,
a status with who changed it; they show on the patient page, the owner's dashboard and the
patient's next agenda item until they are done; only those who may see the patient see or
change them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from meetings.models import Agreement
from tests.factories import CareProviderFactory, MembershipFactory, OrganisationFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory


def _add(client, meeting, item, **fields):
    data = {"new-what": "PZP-gesprek voeren", "new-status": "open", **fields}
    return client.post(run_url("agreement_add", meeting, item.pk), data, follow=True)


def _status_url(agreement):
    return reverse("meetings:agreement_status", args=[agreement.pk])


@pytest.fixture
def agreement(item, gp):
    return Agreement.objects.create(
        agenda_item=item,
        what="PZP-gesprek vóór 15 januari",
        owner_membership=gp,
        who=gp.user.full_name,
        due_date=timezone.localdate() - timedelta(days=1),
        advance_care_planning=True,
    )


def test_owner_is_a_member_and_acp_is_tagged(signed_in, chair, gp, meeting, item):
    response = _add(
        signed_in(chair),
        meeting,
        item,
        **{"new-owner": f"m:{gp.pk}", "new-advance_care_planning": "on"},
    )
    assert response.status_code == 200
    agreement = Agreement.objects.get()
    assert agreement.owner_membership == gp and agreement.who == "Bram Huisarts"
    assert agreement.advance_care_planning
    assert AuditEvent.objects.filter(
        action="update", patient_id=item.patient_id, changed_fields=["agreements"]
    ).exists()


def test_owner_can_be_a_care_provider_or_the_home_care_organisation(
    signed_in, chair, meeting, item
):
    homecare = OrganisationFactory(network=meeting.group.network, kind="homecare")
    item.patient.homecare_organisations.add(homecare)
    provider = CareProviderFactory(patient=item.patient, name="Fysiotherapeut Jansen")
    client = signed_in(chair)
    _add(client, meeting, item, **{"new-owner": f"c:{provider.pk}"})
    _add(client, meeting, item, **{"new-owner": f"o:{homecare.pk}"})
    owners = [(a.owner_care_provider, a.owner_organisation) for a in Agreement.objects.all()]
    assert owners == [(provider, None), (None, homecare)]


def test_owner_from_another_group_is_refused(signed_in, chair, meeting, item):
    stranger = MembershipFactory(role="gp")  # another group
    before = AuditEvent.objects.count()
    response = _add(signed_in(chair), meeting, item, **{"new-owner": f"m:{stranger.pk}"})
    assert "Vul in wat er is afgesproken" in response.content.decode()
    assert not Agreement.objects.exists()
    assert AuditEvent.objects.count() == before + 1  # only the page view after the redirect


def test_owner_check_holds_in_the_service_too(rf, chair, meeting, item):
    from meetings import meeting_mode

    stranger = MembershipFactory(role="gp")
    request = rf.post("/")
    request.user = chair.user
    with pytest.raises(meeting_mode.MeetingModeError, match="lid van deze groep"):
        meeting_mode.agreement_add(
            request=request,
            membership=chair,
            item=item,
            data=meeting_mode.AgreementData(what="Bellen", owner=f"m:{stranger.pk}", due_date=None),
        )
    assert not Agreement.objects.exists()


def test_due_date_before_the_meeting_is_refused(signed_in, chair, gp, meeting, item):
    earlier = timezone.localdate(meeting.starts_at) - timedelta(days=1)
    response = _add(
        signed_in(chair),
        meeting,
        item,
        **{"new-owner": f"m:{gp.pk}", "new-due_date": earlier.isoformat()},
    )
    assert "De streefdatum kan niet vóór het overleg liggen." in response.content.decode()
    assert not Agreement.objects.exists()


def test_open_agreement_shows_everywhere_until_done(signed_in, client, gp, group, agreement):
    patient = agreement.agenda_item.patient
    next_item = AgendaItemFactory(
        meeting=MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=40)),
        patient=patient,
    )
    from tests.meetings_run.conftest import run_url as url

    chair_client = signed_in(MembershipFactory(group=group, role="chair"))
    item_page = chair_client.get(url("item", next_item.meeting, next_item.pk)).content.decode()
    assert "PZP-gesprek vóór 15 januari" in item_page
    client.logout()

    signed_in(gp)
    dashboard = client.get(reverse("networks:dashboard")).content.decode()
    assert "Mijn afspraken" in dashboard and "PZP-gesprek vóór 15 januari" in dashboard
    assert "verlopen" in dashboard  # overdue is marked
    page = client.get(reverse("register:detail", args=[group.pk, patient.pk])).content.decode()
    assert "PZP-gesprek vóór 15 januari" in page and "proactieve zorgplanning" in page

    response = client.post(
        _status_url(agreement), {"status": "done", "next": reverse("networks:dashboard")}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "done" and agreement.status_changed_by == gp.user
    assert "PZP-gesprek" not in client.get(reverse("networks:dashboard")).content.decode()
    page = client.get(reverse("register:detail", args=[group.pk, patient.pk])).content.decode()
    assert "PZP-gesprek" not in page
    client.logout()
    chair_client = signed_in(MembershipFactory(group=group, role="vice_chair"))
    item_page = chair_client.get(url("item", next_item.meeting, next_item.pk)).content.decode()
    assert "PZP-gesprek" not in item_page


def test_marking_done_twice_changes_and_logs_once(signed_in, gp, agreement):
    client = signed_in(gp)
    client.post(_status_url(agreement), {"status": "done"})
    changed_at = Agreement.objects.get().status_changed_at
    second = client.post(_status_url(agreement), {"status": "done"}, follow=True)
    assert "Deze afspraak was al" in second.content.decode()
    assert Agreement.objects.get().status_changed_at == changed_at
    field = f"agreements.{agreement.pk}.status"
    assert AuditEvent.objects.filter(action="update", changed_fields=[field]).count() == 1


def test_unknown_status_is_refused(signed_in, gp, agreement):
    response = signed_in(gp).post(_status_url(agreement), {"status": "weg"}, follow=True)
    assert "Dit is geen status die een afspraak kan hebben." in response.content.decode()
    assert Agreement.objects.get().status == "open"


def test_homecare_outside_the_patients_care_gets_404(signed_in, group, agreement):
    homecare = MembershipFactory(group=group, role="homecare")
    client = signed_in(homecare)
    assert client.post(_status_url(agreement), {"status": "done"}).status_code == 404
    assert Agreement.objects.get().status == "open"
    assert "PZP-gesprek" not in client.get(reverse("networks:dashboard")).content.decode()


def test_member_of_another_group_gets_404(signed_in, agreement):
    stranger = MembershipFactory(role="chair")
    assert signed_in(stranger).post(_status_url(agreement), {"status": "done"}).status_code == 404


def test_consultant_without_grant_gets_404(signed_in, group, agreement):
    group.consultant_access = "per_patient"
    group.save()
    consultant = MembershipFactory(group=group, role="consultant")
    response = signed_in(consultant).post(_status_url(agreement), {"status": "cancelled"})
    assert response.status_code == 404


def test_homecare_organisation_owns_and_closes_its_agreement(signed_in, group, item):
    homecare = MembershipFactory(group=group, role="homecare")
    homecare.organisation.kind = "homecare"
    homecare.organisation.save()
    item.patient.homecare_organisations.add(homecare.organisation)
    agreement = Agreement.objects.create(
        agenda_item=item, what="Wondzorg evalueren", owner_organisation=homecare.organisation
    )
    client = signed_in(homecare)
    assert "Wondzorg evalueren" in client.get(reverse("networks:dashboard")).content.decode()
    assert client.post(_status_url(agreement), {"status": "done"}).status_code == 302
    assert Agreement.objects.get().status == "done"


def test_viewer_who_is_neither_owner_nor_editor_gets_404(signed_in, group, item):
    homecare = MembershipFactory(group=group, role="homecare")
    item.patient.homecare_organisations.add(homecare.organisation)
    agreement = Agreement.objects.create(agenda_item=item, what="Bellen", who="Iemand")
    response = signed_in(homecare).post(_status_url(agreement), {"status": "done"})
    assert response.status_code == 404


def test_a_new_agreement_row_starts_with_the_coordinator_and_the_next_meeting(
    signed_in, chair, meeting, item
):
    """The scribe types only what is agreed; who and when are filled in beforehand."""
    CareProviderFactory(patient=item.patient, name="Wijkverpleging")
    coordinator = CareProviderFactory(patient=item.patient, is_care_coordinator=True)
    following = MeetingFactory(
        group=meeting.group, starts_at=meeting.starts_at + timedelta(weeks=5)
    )
    page = signed_in(chair).get(run_url("item", meeting, item.pk)).content.decode()
    day = timezone.localdate(following.starts_at).isoformat()
    assert f'name="new-due_date" value="{day}"' in page
    assert f'<option value="c:{coordinator.pk}" selected>' in page


def test_without_a_coordinator_or_a_next_meeting_the_suggested_date_is_due(item):
    from meetings import agreements, history, selectors

    defaults = agreements.new_agreement_defaults(item)
    suggested = history.next_meeting_start(
        item.meeting.starts_at, selectors.usual_interval(item.meeting)
    )
    assert defaults == {"owner": "", "due_date": timezone.localdate(suggested)}
