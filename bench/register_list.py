"""Register list and patient page: median server time, queries and memory.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-register`
(or without DATABASE_URL on SQLite). Creates and drops its own test database.
Prints one JSON object on its last line.
"""

import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = 30


def measure(client, url, rounds=ROUNDS):
    client.get(url)  # warm up
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return round(statistics.median(timings), 2), len(captured)


def main():
    # No setup_test_environment(): its template instrumentation (the test client copying
    # every template context) would be measured instead of the page.
    # Its own database (per process), so a test run or another benchmark going on at the
    # same time is not disturbed.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_register_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import MembershipFactory
        from tests.helpers import sign_in
        from tests.register.test_query_counts import add_patients

        member = MembershipFactory(role="gp")
        client = Client()
        sign_in(client, member.user)
        group = member.group
        list_url = reverse("register:list", args=[group.pk])
        trivial_url = reverse("accounts:account")

        add_patients(group, 20)
        list_20_ms, list_20_queries = measure(client, list_url)
        add_patients(group, 180)
        list_200_ms, list_200_queries = measure(client, list_url)
        # Memory in a request of its own: tracemalloc slows Python down several times.
        tracemalloc.start()
        client.get(list_url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        patient = group.patients.order_by("pk").first()
        detail_ms, detail_queries = measure(
            client, reverse("register:detail", args=[group.pk, patient.pk])
        )
        trivial_ms, trivial_queries = measure(client, trivial_url)
        import resource

        figures = {
            "database": connection.vendor,
            "patients": 200,
            "list_200_median_ms": list_200_ms,
            "list_200_queries": list_200_queries,
            "list_20_median_ms": list_20_ms,
            "list_20_queries": list_20_queries,
            "patient_page_median_ms": detail_ms,
            "patient_page_queries": detail_queries,
            "trivial_signed_in_median_ms": trivial_ms,
            "trivial_signed_in_queries": trivial_queries,
            "list_200_peak_python_memory_kb": round(peak / 1024),
            "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
