"""Outbox delivery: 10,000 due reminders through Redis and 2 Celery workers to an SMTP sink.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-delivery`
(PostgreSQL required: the workers are separate processes on the same database).
Creates and drops its own database, starts a private redis-server on a free port, an
aiosmtpd sink in this process and 2 worker processes (`celery -A config worker -c 1`).
Prints one JSON object on its last line. Target: all delivered within 60 s, 0 duplicates,
0 lost.
"""

import collections
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test_worker"

import django

django.setup()

from django.db import connection  # noqa: E402

MESSAGES = int(os.environ.get("BENCH_MESSAGES", 10_000))
WORKERS = 2
TIMEOUT = 180


GROUPS = 100


def plan_meetings_due_for_reminders(n: int) -> None:
    """`GROUPS` groups with n / GROUPS members each, every group with a meeting in three
    days: n reminders are due. Bulk inserts; not part of the timed run."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from meetings.models import Meeting
    from networks.models import MDOGroup, Membership, Network

    network = Network.objects.create(name="Benchmarknetwerk")
    groups = MDOGroup.objects.bulk_create(
        [MDOGroup(network=network, name=f"PaTz-groep {g}") for g in range(GROUPS)]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"deelnemer{number}@example.nl", full_name=f"Deelnemer {number}")
            for number in range(n)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, group=groups[number % GROUPS], role="gp")
            for number, user in enumerate(users)
        ],
        batch_size=2000,
    )
    start = timezone.now() + timedelta(days=3)
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=group, starts_at=start, ends_at=start + timedelta(hours=1), location="Zaal"
            )
            for group in groups
        ]
    )


def enqueue_messages(n: int) -> None:
    """The reminder job as beat runs it: queues one reminder per member of each meeting."""
    from meetings.services import reminders_enqueue_due

    queued = reminders_enqueue_due()
    assert queued == n, f"{queued} reminders queued, {n} expected"


def main():
    from config.celery import app as celery_app
    from outbox.models import OutboundEmail
    from outbox.services import _message_id
    from tests.outbox.live import (
        CeleryWorker,
        RedisServer,
        SMTPSink,
        database_url,
        service_env,
        wait_until,
    )

    if connection.vendor != "postgresql":
        sys.exit("bench-delivery needs PostgreSQL: set DATABASE_URL=postgres://...")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_delivery"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    directory = Path(tempfile.mkdtemp(prefix="bench-delivery-"))
    redis_server, sink, workers = RedisServer(directory), SMTPSink(), []
    try:
        redis_server.start()
        sink.start()
        celery_app.conf.broker_url = redis_server.url
        env = service_env(
            database_url=database_url(connection.settings_dict),
            redis_url=redis_server.url,
            smtp_port=sink.port,
        )
        workers = [CeleryWorker(f"bench{n}", env, directory) for n in range(1, WORKERS + 1)]
        for worker in workers:
            worker.start(wait=False)
        for worker in workers:
            worker.wait_ready()
        plan_meetings_due_for_reminders(MESSAGES)
        connection.close()  # a fresh connection for the timed part

        started = time.perf_counter()
        enqueue_messages(MESSAGES)
        enqueued = time.perf_counter()
        cpu_before = [worker.cpu_seconds() for worker in workers]
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
        wait_until(lambda: sent.count() >= MESSAGES, timeout=TIMEOUT, interval=0.2)
        finished = time.perf_counter()
        worker_cpu = [
            w.cpu_seconds() - before for w, before in zip(workers, cpu_before, strict=True)
        ]
        own = resource.getrusage(resource.RUSAGE_SELF)
        sink_cpu = own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime
        time.sleep(2)  # a late duplicate would show up here

        expected = {row.key: _message_id(row.key) for row in OutboundEmail.objects.all()}
        counts = collections.Counter(sink.received)
        total = finished - started
        figures = {
            "messages": MESSAGES,
            "workers": WORKERS,
            "enqueue_seconds": round(enqueued - started, 2),
            # From the commit (dispatch) to the last message marked sent.
            "delivery_seconds": round(finished - enqueued, 2),
            "delivery_messages_per_second": round(MESSAGES / (finished - enqueued), 1),
            "total_seconds": round(total, 2),
            "messages_per_second": round(MESSAGES / total, 1),
            # CPU during delivery: the workers, and this process (mostly the SMTP sink).
            "delivery_cpu_seconds_workers": [round(seconds, 1) for seconds in worker_cpu],
            "delivery_cpu_seconds_sink": round(sink_cpu, 1),
            "received": len(sink.received),
            "duplicates": sum(n - 1 for n in counts.values() if n > 1),
            "lost": sum(1 for message_id in expected.values() if message_id not in counts),
            "rows_sent": sent.count(),
            "worker_peak_rss_mib": [round(w.peak_memory_kib() / 1024, 1) for w in workers],
            "bench_process_max_rss_mib": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
            "target_seconds": 60,
        }
        figures["ok"] = total <= 60 and figures["duplicates"] == figures["lost"] == 0
    finally:
        for worker in workers:
            worker.stop()
        sink.stop()
        redis_server.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201


if __name__ == "__main__":
    main()
