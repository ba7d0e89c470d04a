"""HIS link: launch callback and pre-filled form server time; write-back throughput.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-his` (or without
DATABASE_URL on SQLite). Creates and drops its own test database and starts the test HIS
on loopback. The callback time is the portal's: the test HIS's own handler time during
the callback (token, JWKS, Patient) is subtracted. Prints one JSON object on its last line.
"""

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

LAUNCHES = int(os.environ.get("BENCH_HIS_LAUNCHES", "50"))
PATIENTS = int(os.environ.get("BENCH_HIS_PATIENTS", "1000"))


def main():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the test HIS's access log
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_his"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from his.keys import public_jwks
        from testhis.app import HISState
        from testhis.server import RunningHIS

        with RunningHIS(HISState(portal_url="http://testserver")) as his:
            his.faults["portal_jwks"] = public_jwks()
            result = {**_launches(his), **_writeback(his)}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(result))  # noqa: T201


def _launches(his) -> dict:
    from his.models import HISConnection
    from tests.factories import MembershipFactory, target_group
    from tests.helpers import sign_in
    from tests.his.conftest import authorize_at_his, authorize_url, portal_path

    gp = MembershipFactory(role="gp")
    HISConnection.objects.create(
        organisation=gp.organisation,
        name="Test-HIS",
        fhir_base_url=his.issuer,
        client_id=his.client_id,
    )
    client = Client()
    sign_in(client, gp.user)
    form_url = reverse("his:create", args=[gp.group_id]) + f"?target_group={target_group().pk}"
    callback, form = [], []
    for number in range(LAUNCHES + 1):
        response = client.get(portal_path(his.launch_url("p-1001")))
        url = portal_path(authorize_at_his(authorize_url(response)))
        busy_before, start = his.busy_seconds, time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start - (his.busy_seconds - busy_before)
        assert response.status_code == 302, response.content[:300]
        start = time.perf_counter()
        response = client.get(form_url)
        form_elapsed = time.perf_counter() - start
        assert response.status_code == 200
        if number:  # the first warms up (discovery and JWKS are then cached)
            callback.append(elapsed * 1000)
            form.append(form_elapsed * 1000)
    return {
        "launches": LAUNCHES,
        "callback_ms_median": round(statistics.median(callback), 1),
        "callback_ms_p95": round(statistics.quantiles(callback, n=20)[-1], 1),
        "prefilled_form_ms_median": round(statistics.median(form), 1),
    }


def _writeback(his) -> dict:
    from his import writeback
    from his.keys import encrypt_reference, link_hash
    from his.models import HISConnection, HISDelivery, PatientLink
    from meetings.models import AgendaItem
    from register.models import Patient
    from tests.factories import PatientFactory
    from tests.meetings_run.factories import MeetingFactory

    connection_ = HISConnection.objects.get()
    HISConnection.objects.update(writeback_enabled=True)
    meeting = MeetingFactory()
    template = PatientFactory.build(group=meeting.group)
    patients = Patient.objects.bulk_create(
        [
            Patient(
                **{
                    f.attname: getattr(template, f.attname)
                    for f in Patient._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for _ in range(PATIENTS)
        ]
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, patient=p, discussed=True, advice="Advies", position=i)
        for i, p in enumerate(patients)
    )
    PatientLink.objects.bulk_create(
        PatientLink(
            connection=connection_,
            patient=p,
            link_hash=link_hash(his.issuer, str(p.pk)),
            encrypted_reference=encrypt_reference(f"Patient/p-{p.pk}"),
        )
        for p in patients
    )
    start = time.perf_counter()
    writeback.queue_meeting_writeback(meeting)  # eager Celery: delivered on commit
    elapsed = time.perf_counter() - start
    sent = HISDelivery.objects.filter(state="sent").count()
    # A second close attempt and a forced retry of every row must add nothing.
    writeback.queue_meeting_writeback(meeting)
    HISDelivery.objects.update(state="pending")
    writeback.deliver(list(HISDelivery.objects.values_list("pk", flat=True)))
    identifiers = [m["identifier"][0]["value"] for m in his.communications.values()]
    return {
        "writeback_patients": PATIENTS,
        "writeback_messages_per_s": round(sent / elapsed, 1),
        "writeback_sent": sent,
        "writeback_lost": PATIENTS - sent,
        "writeback_duplicates": len(identifiers)
        - len(set(identifiers))
        + (len(his.communications) - PATIENTS),
    }


if __name__ == "__main__":
    main()
