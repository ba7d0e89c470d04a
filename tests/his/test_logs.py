"""No BSN, token or patient name in any log line of a launch or a write-back."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from his import writeback
from his.keys import encrypt_reference, link_hash
from his.models import HISConnection, HISDelivery, PatientLink
from meetings.models import Agreement
from testhis.patients import TEST_BSNS
from tests.his.conftest import launch
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        if record.name == "werkzeug":
            continue  # the test HIS's own access log: a separate program outside the tests
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_launch_and_write_back_log_no_bsn_token_or_name(gp_client, his, connection, caplog):
    HISConnection.objects.update(writeback_enabled=True)
    item = AgendaItemFactory(meeting=MeetingFactory(), discussed=True, advice="Rust")
    Agreement.objects.create(agenda_item=item, what="PZP-gesprek", advance_care_planning=True)
    PatientLink.objects.create(
        connection=connection,
        patient=item.patient,
        link_hash=link_hash(his.issuer, "p-1001"),
        encrypted_reference=encrypt_reference("Patient/p-1001"),
    )
    # From here every logger, the libraries' debug lines included (not the factories
    # above: they are test tooling and log the patients they make).
    caplog.set_level(logging.DEBUG)
    launch(gp_client, his)  # links the HIS user, reads Patient p-1001 (with a BSN)
    ids = writeback.queue_meeting_writeback(item.meeting)
    his.faults["communication_status"] = 503  # logged as "waits"
    assert writeback.deliver(ids)["retry"] == 1
    his.faults["communication_status"] = 422  # logged as "refused"
    HISDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert writeback.deliver(ids)["refused"] == 1
    assert caplog.records, "nothing was captured: the test would prove nothing"
    logged = _logged(caplog)
    patient = item.patient
    names = ["Jansen", "Vries", "1938-04-12", "A.M.", patient.surname]
    tokens = list(his.tokens) + list(his.codes)
    for secret in names + TEST_BSNS + tokens + ["p-1001"]:
        assert secret and secret not in logged
    assert "refused" in logged and "waits" in logged
