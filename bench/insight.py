"""National insight over 2,000 groups, 60,000 patients and 1,000,000 findings.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-insight`
(PostgreSQL only; `BENCH_SCALE=0.1` or `--scale 0.1` for a tenth of the data set). Creates
and drops its own database (`bench_insight_<configured database>`), fills it with set-based SQL
(bench/insight_data.py), rebuilds the tallies once (as the periodic task does), then
measures the national and a network page and the network CSV through the full
middleware stack. Prints one JSON object on its last line.
"""

import argparse
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

ROUNDS = 15


def measure(client, url, rounds=ROUNDS):
    client.get(url)  # warm up
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return round(statistics.median(timings), 1), len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench-insight needs PostgreSQL: set DATABASE_URL=postgres://...")
    # Named after the configured database, so that two sessions can run it side by side.
    name = f"bench_insight_{connection.settings_dict['NAME']}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from bench.insight_data import generate
        from insight.services import tallies_refresh
        from networks.models import Network
        from tests.factories import UserFactory
        from tests.helpers import sign_in

        start = time.perf_counter()
        with connection.cursor() as cursor:
            rows = generate(cursor, args.scale)
        generate_s = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        tallies = tallies_refresh()
        refresh_s = round(time.perf_counter() - start, 1)

        admin = UserFactory(with_authenticator=True, is_superuser=True)
        client = Client()
        sign_in(client, admin)
        network = Network.objects.filter(name__startswith="Benchnetwerk").first()
        national_ms, national_queries = measure(client, reverse("insight:index"))
        everything_ms, _ = measure(client, reverse("insight:index") + "?start=2000-01")
        quarter_ms, _ = measure(
            client, reverse("insight:index") + "?granularity=quarter&target_group=1"
        )
        network_ms, network_queries = measure(client, reverse("insight:network", args=[network.pk]))
        network_csv_ms, _ = measure(
            client, reverse("insight:network_csv", args=[network.pk]), rounds=3
        )
        figures = {
            "database": connection.vendor,
            "scale": args.scale,
            **rows,
            "tallies": tallies,
            "generate_s": generate_s,
            "tallies_refresh_s": refresh_s,
            "national_12_months_median_ms": national_ms,
            "national_queries": national_queries,
            "national_all_years_median_ms": everything_ms,
            "national_quarters_one_target_group_median_ms": quarter_ms,
            "network_median_ms": network_ms,
            "network_queries": network_queries,
            "network_csv_median_ms": network_csv_ms,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
