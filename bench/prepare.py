""" "Mijn voorbereiding" and the agenda page of the next meeting: median server time and
queries for a group with 200 patients, 30 on the agenda and 400 agreements, and the
query count again at 20 patients (it must be the same).

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-prepare`
(or without DATABASE_URL on SQLite). Creates and drops its own test database.
Prints one JSON object on its last line.
"""

import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.register_list import measure  # noqa: E402

TARGET_MS, TARGET_QUERIES = 25, 12
ROUNDS = 30


def cpu_median(client, url) -> float:
    """CPU time of this process per request: the cost when the machine is not shared."""
    timings = []
    for _ in range(ROUNDS):
        start = time.process_time()
        client.get(url)
        timings.append((time.process_time() - start) * 1000)
    return round(statistics.median(timings), 2)


def fill(group, gp, meeting, *, patients, on_agenda, agreements):
    """Adds patients (the GP responsible for every third), puts some on the agenda with
    input, and spreads open agreements over them, a third owned by the GP."""
    from meetings.models import AgendaItem, Agreement, PreMeetingInput
    from tests.factories import PatientFactory

    start = group.patients.count()
    created = [
        PatientFactory(
            group=group,
            responsible_gp=gp.user if (start + n) % 3 == 0 else None,
            question_for_meeting="" if n % 2 else "Vraag",
        )
        for n in range(patients)
    ]
    last = AgendaItem.objects.filter(meeting=meeting).count()
    items = []
    for position, patient in enumerate(created[: max(0, on_agenda - last)], start=last + 1):
        item = AgendaItem.objects.create(meeting=meeting, patient=patient, position=position)
        PreMeetingInput.objects.create(agenda_item=item, author=gp, text="Inbreng")
        items.append(item)
    items = items or list(AgendaItem.objects.filter(meeting=meeting))
    Agreement.objects.bulk_create(
        Agreement(
            agenda_item=items[n % len(items)],
            what=f"Afspraak {n}",
            who="Huisarts",
            owner_membership=gp if n % 3 == 0 else None,
            due_date=timezone.localdate() + timedelta(days=n % 20),
        )
        for n in range(agreements)
    )


def main():
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_prepare"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import MeetingFactory, MembershipFactory
        from tests.helpers import sign_in

        gp = MembershipFactory(role="gp")
        group = gp.group
        meeting = MeetingFactory(group=group, agenda_published_at=timezone.now())
        client = Client()
        sign_in(client, gp.user)
        urls = {
            "prepare": reverse("meeting_run:prepare", args=[group.pk, meeting.pk]),
            "agenda": reverse("meeting_run:agenda", args=[group.pk, meeting.pk]),
        }
        fill(group, gp, meeting, patients=20, on_agenda=20, agreements=40)
        small = {name: measure(client, url) for name, url in urls.items()}
        fill(group, gp, meeting, patients=180, on_agenda=30, agreements=360)
        large = {name: measure(client, url) for name, url in urls.items()}
        figures = {"database": connection.vendor, "patients": 200, "on_agenda": 30}
        urls["trivial_signed_in"] = reverse("accounts:account")
        for name, url in urls.items():
            figures[f"{name}_200_median_cpu_ms"] = cpu_median(client, url)
        del urls["trivial_signed_in"]
        for name in urls:
            figures[f"{name}_200_median_ms"] = large[name][0]
            figures[f"{name}_200_queries"] = large[name][1]
            figures[f"{name}_20_queries"] = small[name][1]
        figures["same_queries_at_20_and_200"] = all(small[n][1] == large[n][1] for n in urls)
        figures["meets_targets"] = figures["same_queries_at_20_and_200"] and all(
            large[n][0] <= TARGET_MS and large[n][1] <= TARGET_QUERIES for n in urls
        )
        figures["targets"] = {"median_ms": TARGET_MS, "queries": TARGET_QUERIES}
        figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
