"""Closing a meeting sends each linked patient's advice and agreements to the HIS, once."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.communication import Communication

from his import writeback
from his.keys import encrypt_reference, link_hash
from his.messages import ACP_PROFILE, acp_identifier
from his.models import HISConnection, HISDelivery, HISUserLink, PatientLink
from meetings.models import Agreement
from tests.factories import MembershipFactory
from tests.helpers import sign_in
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(his, connection, gp_membership):
    """A meeting of the GP's group with one discussed, HIS-linked patient of the GP."""
    HISConnection.objects.update(writeback_enabled=True)
    HISUserLink.objects.create(
        connection=connection, fhir_user="Practitioner/dr-huisarts", user=gp_membership.user
    )
    meeting = MeetingFactory(group=gp_membership.group)
    item = AgendaItemFactory(
        meeting=meeting,
        discussed=True,
        advice="Start zorgpad stervensfase",
        patient__responsible_gp=gp_membership.user,
    )
    Agreement.objects.create(agenda_item=item, what="Huisbezoek", who="Huisarts")
    AgendaItemFactory(meeting=meeting, discussed=True)  # not linked: stays in the portal
    PatientLink.objects.create(
        connection=connection,
        patient=item.patient,
        link_hash=link_hash(his.issuer, "p-1001"),
        encrypted_reference=encrypt_reference("Patient/p-1001"),
    )
    return meeting, item.patient


def _close(client, meeting, captured):
    chair = MembershipFactory(group=meeting.group, role="chair")
    meeting.attendances.create(membership=chair)
    sign_in(client, chair.user)
    with captured(execute=True), pytest.MonkeyPatch.context() as patch:
        patch.setattr("outbox.services.email_dispatch", lambda **kwargs: None)
        response = client.post(run_url("close", meeting), {"location": ""})
    assert response.status_code == 302, response.context["form"].errors


def test_closing_sends_one_communication_to_the_responsible_gp(
    client, his, discussed, django_capture_on_commit_callbacks
):
    meeting, patient = discussed
    _close(client, meeting, django_capture_on_commit_callbacks)
    delivery = HISDelivery.objects.get()
    assert delivery.state == "sent" and delivery.sent_at
    [message] = his.communications.values()
    assert message["subject"] == {"reference": "Patient/p-1001"}
    assert message["recipient"] == [{"reference": "Practitioner/dr-huisarts"}]
    texts = [part["contentString"] for part in message["payload"]]
    assert "Start zorgpad stervensfase" in texts[0] and "Afspraak: Huisbezoek" in texts[1]
    assert message["identifier"][0]["value"] == f"urn:uuid:{delivery.identifier}"


def test_a_retry_never_makes_a_second_message(his, discussed):
    meeting, patient = discussed
    writeback.queue_meeting_writeback(meeting)
    writeback.queue_meeting_writeback(meeting)
    assert HISDelivery.objects.count() == 1
    writeback.deliver(list(HISDelivery.objects.values_list("pk", flat=True)))
    # As if the answer got lost: the row is sent again with the same identifier.
    HISDelivery.objects.update(state="pending")
    writeback.deliver(list(HISDelivery.objects.values_list("pk", flat=True)))
    assert len(his.communications) == 1
    assert HISDelivery.objects.get().state == "sent"


def test_his_down_for_an_hour_is_delivered_once_after(
    his, discussed, settings, client, gp_membership
):
    settings.HIS_HTTP_TIMEOUT_SECONDS = 0.3
    meeting, patient = discussed
    his.faults["delay"] = 1.0
    ids = writeback.queue_meeting_writeback(meeting)
    assert writeback.deliver(ids) == {"sent": 0, "refused": 0, "retry": 1}
    sign_in(client, gp_membership.user)
    page = client.get(reverse("register:detail", args=[patient.group_id, patient.pk]))
    assert "wacht op HIS" in page.content.decode()
    his.faults.clear()
    his.faults["portal_jwks"] = writeback.keys.public_jwks()
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert writeback.drain() == 1  # eager: the task ran
    assert HISDelivery.objects.get().state == "sent" and len(his.communications) == 1


def test_refusal_is_shown_and_not_retried(his, discussed, client, gp_membership):
    meeting, patient = discussed
    his.faults["communication_status"] = 422
    writeback.deliver(writeback.queue_meeting_writeback(meeting))
    delivery = HISDelivery.objects.get()
    assert delivery.state == "refused" and delivery.refusal.startswith("422")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert writeback.drain() == 0
    sign_in(client, gp_membership.user)
    page = client.get(reverse("register:detail", args=[patient.group_id, patient.pk]))
    assert "geweigerd: 422" in page.content.decode()


def test_nothing_is_sent_when_write_back_is_off(his, discussed):
    HISConnection.objects.update(writeback_enabled=False)
    meeting, patient = discussed
    assert writeback.queue_meeting_writeback(meeting) == []


def test_sent_state_on_the_patient_page(his, discussed, client, gp_membership):
    meeting, patient = discussed
    writeback.deliver(writeback.queue_meeting_writeback(meeting))
    sign_in(client, gp_membership.user)
    page = client.get(reverse("register:detail", args=[patient.group_id, patient.pk]))
    assert "verzonden naar HIS op" in page.content.decode()


def test_advance_care_planning_goes_as_one_pzp_acp_communication(his, discussed):
    meeting, patient = discussed
    item = meeting.agenda_items.get(patient=patient)
    Agreement.objects.create(
        agenda_item=item,
        what="Gesprek proactieve zorgplanning plannen",
        who="Huisarts",
        advance_care_planning=True,
    )
    ids = writeback.queue_meeting_writeback(meeting)
    assert writeback.deliver(ids) == {"sent": 1, "refused": 0, "retry": 0}
    HISDelivery.objects.update(state="pending")  # as if the answer got lost
    writeback.deliver(ids)
    assert HISDelivery.objects.get().state == "sent"
    messages = list(his.communications.values())
    assert len(messages) == 2  # the GP's message and the ACP one, each once
    to_gp, acp = messages
    for message in messages:
        Communication.model_validate(message)  # valid FHIR R4(B)
    assert to_gp["recipient"] == [{"reference": "Practitioner/dr-huisarts"}]
    assert "reasonCode" not in to_gp and len(to_gp["payload"]) == 3
    assert acp["meta"]["profile"] == [ACP_PROFILE]
    assert acp["reasonCode"][0]["coding"][0]["code"] == "713603004"
    assert acp["subject"] == {"reference": "Patient/p-1001"}
    assert "recipient" not in acp and "sender" not in acp  # the profile allows neither here
    assert [part["contentString"] for part in acp["payload"]] == [
        "Afspraak: Gesprek proactieve zorgplanning plannen — Huisarts"
    ]
    assert acp["identifier"][0]["value"] == acp_identifier(HISDelivery.objects.get())


def test_without_advance_care_planning_no_acp_resource_is_sent(his, discussed):
    meeting, patient = discussed
    writeback.deliver(writeback.queue_meeting_writeback(meeting))
    [message] = his.communications.values()
    assert "meta" not in message


def test_a_his_that_times_out_is_tried_once_per_batch(his, discussed, settings, monkeypatch):
    settings.HIS_HTTP_TIMEOUT_SECONDS = 0.3
    meeting, patient = discussed
    other = AgendaItemFactory(meeting=meeting, discussed=True).patient
    PatientLink.objects.create(
        connection=HISConnection.objects.get(),
        patient=other,
        link_hash=link_hash(his.issuer, "p-1002"),
        encrypted_reference=encrypt_reference("Patient/p-1002"),
    )
    writeback.backend_token(HISConnection.objects.get())  # the token is not what times out
    his.faults["delay"] = 1.0
    ids = writeback.queue_meeting_writeback(meeting)
    assert len(ids) == 2
    posts = []
    post = writeback._post
    monkeypatch.setattr(writeback, "_post", lambda *args: posts.append(1) or post(*args))
    assert writeback.deliver(ids) == {"sent": 0, "refused": 0, "retry": 2}
    assert len(posts) == 1  # one timeout; the second patient waits without a try
    assert all(d.attempts == 1 for d in HISDelivery.objects.all())
