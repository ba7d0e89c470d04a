"""Access-log appends with 16 concurrent writers: the old locked append against the new
unchained insert plus sequencer, in one run (PostgreSQL only).

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-audit`. Creates and
drops its own database (bench_audit). Each writer is a process with its own connection
that appends events for BENCH_SECONDS (default 5), each in its own transaction as an
audited read does.

- **locked** (before): the one-round-trip function of audit/migrations/0003, installed
  from that migration for the run: advisory lock, head read and insert, the lock held
  until the commit.
- **orm**: the unchained insert as the sequencer design first wrote it, through the ORM's
  `save()`, while a sequencer process runs `sequence_pending` every second.
- **sequenced** (now): `audit.services` as it is: one precompiled INSERT through the
  connection's cursor, with the same sequencer.

`BENCH_PHASES` (default `locked,orm,sequenced`) chooses the phases.

A sampler counts the sessions waiting on the advisory lock in `pg_stat_activity` every
50 ms. Afterwards the sequencer catches up and the whole chain (both phases) is verified.
Prints one JSON object on its last line.
"""

import importlib
import json
import multiprocessing
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
from django.utils import timezone  # noqa: E402

from audit import chain, services  # noqa: E402
from audit.models import AuditEvent  # noqa: E402

WRITERS = int(os.environ.get("BENCH_WRITERS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
OLD_FUNCTION = importlib.import_module("audit.migrations.0003_append_function")


def fields(writer: int, number: int) -> dict:
    return {
        "action": "view",
        "user_id": 100 + writer,
        "user_display": f"Schrijver {writer} <schrijver{writer}@example.nl>",
        "role": "gp",
        "membership_id": 100 + writer,
        "group_id": 1 + writer % 4,
        "patient_id": 1 + number % 500,
        "changed_fields": [],
        "ip": "10.0.0.1",
        "user_agent": "bench",
        "request_id": f"{writer}-{number}",
    }


def locked_append(values: dict) -> None:
    """What audit_record did before: lock, head read and insert in the database function."""
    event = AuditEvent(occurred_at=timezone.now(), **values)
    before, after = chain.content_around_sequence(chain.event_content(event))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s::jsonb, %s::inet, %s, %s)",
            [
                before,
                after,
                services.CHAIN_LOCK_KEY,
                event.occurred_at,
                *(values[name] for name in ("action", "user_id", "user_display", "role")),
                *(values[name] for name in ("membership_id", "group_id", "patient_id")),
                json.dumps(values["changed_fields"]),
                *(values[name] for name in ("ip", "user_agent", "request_id")),
            ],
        )


def orm_append(values: dict) -> None:
    """The unchained insert through the ORM (before the single precompiled statement)."""
    AuditEvent(occurred_at=timezone.now(), **values).save()


def sequenced_append(values: dict) -> None:
    services._insert_unchained(values)


APPENDS = {"locked": locked_append, "orm": orm_append, "sequenced": sequenced_append}
PHASES = os.environ.get("BENCH_PHASES", "locked,orm,sequenced").split(",")


def writer_process(mode: str, writer: int, start_at: float, results) -> None:
    append = APPENDS[mode]
    timings = []
    while time.time() < start_at:
        time.sleep(0.001)
    number = 0
    while time.time() < start_at + SECONDS:
        began = time.perf_counter()
        append(fields(writer, number))
        timings.append(time.perf_counter() - began)
        number += 1
    connection.close()
    results.put(timings)


def sequencer_process(stop) -> None:
    while not stop.wait(1.0):
        services.sequence_pending()
    connection.close()


def sample_waiters() -> tuple[int, int]:
    """(sessions waiting on an advisory lock, events waiting for the sequencer)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND wait_event = 'advisory' AND datname = current_database()"
        )
        waiting = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE sequence IS NULL")
        return waiting, cursor.fetchone()[0]


def run_phase(mode: str) -> dict:
    context = multiprocessing.get_context("fork")
    results, stop = context.Queue(), context.Event()
    connection.close()  # children must not share the parent's connection
    start_at = time.time() + 1.0
    writers = [
        context.Process(target=writer_process, args=(mode, n, start_at, results))
        for n in range(WRITERS)
    ]
    sequencer = context.Process(target=sequencer_process, args=(stop,))
    if mode != "locked":
        sequencer.start()
    for process in writers:
        process.start()
    samples = []
    while time.time() < start_at + SECONDS:
        if time.time() >= start_at:
            samples.append(sample_waiters())
        time.sleep(0.05)
    timings = [t for _ in writers for t in results.get(timeout=60)]
    for process in writers:
        process.join(timeout=60)
    stop.set()
    if mode != "locked":
        sequencer.join(timeout=60)
    caught_up = time.perf_counter()
    services.sequence_pending()
    timings.sort()
    return {
        f"{mode}_appends_per_s": round(len(timings) / SECONDS),
        f"{mode}_append_p50_ms": round(statistics.median(timings) * 1000, 2),
        f"{mode}_append_p95_ms": round(timings[int(len(timings) * 0.95)] * 1000, 2),
        f"{mode}_lock_waiters_avg": round(statistics.mean(w for w, _ in samples), 1),
        f"{mode}_lock_waiters_max": max(w for w, _ in samples),
        f"{mode}_unchained_max": max(p for _, p in samples),
        f"{mode}_final_catch_up_s": round(time.perf_counter() - caught_up, 2),
    }


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("bench/audit_appends.py needs PostgreSQL (DATABASE_URL).")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_audit"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute(OLD_FUNCTION.CREATE)
        figures = {"database": connection.vendor, "writers": WRITERS, "seconds": SECONDS}
        for phase in PHASES:
            figures.update(run_phase(phase))
        from audit.selectors import chain_first_break, unchained

        started = time.perf_counter()
        figures["chain_valid"] = chain_first_break() is None and unchained()[0] == 0
        figures["verify_s"] = round(time.perf_counter() - started, 1)
        figures["events"] = AuditEvent.objects.count()
        figures["audit_appends_per_s"] = figures.get("sequenced_appends_per_s")
        figures["load_average_1min"] = round(os.getloadavg()[0], 2)
        figures["target_appends_per_s"] = 1000
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
