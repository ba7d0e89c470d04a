"""Meeting mode autosave: server time of one advice save, as htmx sends it.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-autosave`
(or without DATABASE_URL on SQLite). Creates and drops its own test database.
Each save is the full request: middleware, access check, conditional UPDATE with the
version, the audit event, and the status fragment. Prints one JSON object on its last line.
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

ROUNDS = 100


def main():
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_autosave"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import MembershipFactory
        from tests.helpers import sign_in
        from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

        chair = MembershipFactory(role="chair")
        item = AgendaItemFactory(meeting=MeetingFactory(group=chair.group))
        client = Client()
        sign_in(client, chair.user)
        url = reverse("meeting_run:advice_save", args=[chair.group_id, item.meeting_id, item.pk])
        text = ""
        timings, cpu = [], []
        version = 1
        for number in range(ROUNDS + 1):
            text += f"woord{number} "
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post(
                url, {"advice": text, "version": version}, HTTP_HX_REQUEST="true"
            )
            elapsed = (time.perf_counter() - start) * 1000
            elapsed_cpu = (time.process_time() - start_cpu) * 1000
            assert response.status_code == 200, response.content[:300]
            version += 1
            if number:  # the first request warms up
                timings.append(elapsed)
                cpu.append(elapsed_cpu)
        with CaptureQueriesContext(connection) as captured:
            client.post(url, {"advice": text, "version": version}, HTTP_HX_REQUEST="true")
        # Counted now: every request start clears the connection's query log.
        queries_per_save = len(captured)
        timings.sort()
        trivial = []
        for _ in range(30):
            start = time.perf_counter()
            client.get(reverse("accounts:account"))
            trivial.append((time.perf_counter() - start) * 1000)
        figures = {
            "database": connection.vendor,
            "saves": ROUNDS,
            "autosave_median_ms": round(statistics.median(timings), 2),
            # CPU time of the Django process (PostgreSQL's own work is not included).
            "autosave_median_cpu_ms": round(statistics.median(cpu), 2),
            "autosave_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "queries_per_save": queries_per_save,
            "trivial_signed_in_page_median_ms": round(statistics.median(trivial), 2),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "target_median_ms": 10,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
