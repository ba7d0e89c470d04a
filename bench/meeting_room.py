"""Meeting room view: the scribe switching the current patient and the room's poll.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-meeting-room`
(or without DATABASE_URL on SQLite). Creates and drops its own test database.
For a started meeting with 5 and with 30 agenda items (each patient with a problem, a
care provider, an earlier meeting's advice and open agreement, pre-meeting input and two
agreements): the scribe's POST that moves the room (`meeting_room:current`), the room's
poll when nothing changed (204), and the poll right after a switch (the full room body),
each the full request through the middleware as a signed-in chair. Medians over ROUNDS
requests and the query count of each. Prints one JSON object on its last line.
"""

import json
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = 40


def _meeting(chair, count):
    from meetings.models import Agreement, Meeting, PreMeetingInput
    from register.models import CareProvider, ProblemAndStrength, SubField
    from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

    earlier = MeetingFactory(group=chair.group, status=Meeting.Status.CLOSED)
    meeting = MeetingFactory(group=chair.group)
    sub_field = SubField.objects.first()
    for _ in range(count):
        item = AgendaItemFactory(meeting=meeting, advice="Advies in de zaal")
        patient = item.patient
        ProblemAndStrength.objects.create(patient=patient, sub_field=sub_field, problem="Pijn")
        CareProvider.objects.create(
            patient=patient, name="Wijkverpleging", is_care_coordinator=True
        )
        old = AgendaItemFactory(meeting=earlier, patient=patient, advice="Eerder advies")
        Agreement.objects.create(agenda_item=old, what="Open afspraak", who="Huisarts")
        PreMeetingInput.objects.create(agenda_item=item, author=chair, text="Inbreng")
        for what in ("Bellen", "Langsgaan"):
            Agreement.objects.create(agenda_item=item, what=what, who="Huisarts")
    return meeting


def _measure(client, meeting, items):
    args = [meeting.group_id, meeting.pk]
    current, poll = (
        reverse("meeting_room:current", args=args),
        reverse("meeting_room:poll", args=args),
    )
    switch, unchanged, changed = [], [], []
    cpu = {"switch": [], "changed": [], "unchanged": []}
    queries = {}

    def timed(wall, name, request):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = request()
        wall.append((time.perf_counter() - start) * 1000)
        cpu[name].append((time.process_time() - start_cpu) * 1000)
        return response

    for number in range(ROUNDS + 1):
        item = items[number % len(items)]
        with CaptureQueriesContext(connection) as switch_q:
            response = timed(
                switch,
                "switch",
                lambda item=item: client.post(current, {"item": item}, HTTP_HX_REQUEST="true"),
            )
        assert response.status_code == 204, response.status_code
        with CaptureQueriesContext(connection) as changed_q:
            response = timed(changed, "changed", lambda: client.get(poll, {"v": "0"}))
        assert response.status_code == 200
        version = response["X-Room-Version"]
        with CaptureQueriesContext(connection) as unchanged_q:
            response = timed(
                unchanged, "unchanged", lambda version=version: client.get(poll, {"v": version})
            )
        assert response.status_code == 204
        queries = {
            "switch_queries": len(switch_q),
            "room_render_queries": len(changed_q),
            "no_change_poll_queries": len(unchanged_q),
        }
    return {
        "switch_median_ms": round(statistics.median(switch[1:]), 2),
        "room_render_median_ms": round(statistics.median(changed[1:]), 2),
        "no_change_poll_median_ms": round(statistics.median(unchanged[1:]), 2),
        # CPU time of this process (Django and the client, not PostgreSQL): steadier than
        # wall time on a machine shared with other work.
        "switch_cpu_median_ms": round(statistics.median(cpu["switch"][1:]), 2),
        "room_render_cpu_median_ms": round(statistics.median(cpu["changed"][1:]), 2),
        "no_change_poll_cpu_median_ms": round(statistics.median(cpu["unchanged"][1:]), 2),
        **queries,
    }


def main():
    # Named after the configured database, so benchmarks against different databases on
    # one server do not drop each other's.
    name = f"bench_meeting_room_{Path(str(connection.settings_dict['NAME'])).stem}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from meetings import room
        from tests.factories import MembershipFactory
        from tests.helpers import sign_in

        chair = MembershipFactory(role="chair")
        client = Client()
        sign_in(client, chair.user)
        figures = {"database": connection.vendor, "rounds": ROUNDS}
        for count in (5, 30):
            meeting = _meeting(chair, count)
            room.meeting_start(meeting=meeting, user=chair.user)
            items = list(meeting.agenda_items.values_list("pk", flat=True))
            for name, value in _measure(client, meeting, items).items():
                figures[f"items_{count}_{name}"] = value
        trivial = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(reverse("accounts:account"))
            trivial.append((time.perf_counter() - start) * 1000)
        figures.update(
            trivial_signed_in_page_median_ms=round(statistics.median(trivial), 2),
            load_average_1min=round(os.getloadavg()[0], 2),
            target_no_change_poll_ms=15,
            target_room_render_ms=30,
            target_room_render_queries=15,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
