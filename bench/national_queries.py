"""Access-log reads and retention on the national data set (PostgreSQL only).

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national make bench-national`
(BENCH_SCALE=0.01 for a quick try). Generates the data set with bench/national_data.py or
reuses it, then times, median over 15 runs, the database work of each page: the query and
the count behind its first page of 50, exactly as the views paginate:

- access_overview_ms: the responsible GP's per-patient access overview (register);
- admin_patient_ms / admin_user_ms / admin_all_ms: the administrator's access log filtered
  by patient, by user, and unfiltered;
- anomaly_report_ms: users who opened many patients in an hour, over the default days;
- register_list_ms / patient_page_ms: the whole request in-process (test client, full
  middleware, a group leader signed in through both steps), as bench/register_list.py.

Retention: with the clock set three years ahead (so archived and deceased patients are
due), the listing of due patients and the removal of RETENTION_PATIENTS of them, inside a
transaction that is rolled back so the data set stays as it was.
Prints one JSON object on its last line.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

ROUNDS = 15
RETENTION_PATIENTS = 1_000


class Rollback(Exception):
    pass


def median_ms(function, rounds=ROUNDS) -> float:
    function()  # warm up
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def first_page(paginator_class, queryset, count=None):
    def run():
        paginator = paginator_class(queryset, 50)
        if count is not None:  # as the unfiltered admin list does
            paginator.count = count()
        page = paginator.get_page(1)
        list(page.object_list)
        return page.paginator.count

    return run


def measure_reads() -> dict:
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db.models import Count
    from django.utils import timezone
    from wagtail.admin.paginator import WagtailPaginator

    from audit import selectors
    from audit.forms import HeavyReadersForm
    from audit.models import AuditEvent

    # The busiest patient and user: the worst case for their pages.
    busiest = (
        AuditEvent.objects.filter(patient_id__isnull=False, occurred_at__gte=timezone.now()
                                  - datetime.timedelta(days=30))
        .values("patient_id").annotate(n=Count("id")).order_by("-n").first()
    )  # fmt: skip
    patient_id = busiest["patient_id"]
    user_id = AuditEvent.objects.filter(patient_id=patient_id).values_list("user_id", flat=True)[0]
    since = timezone.now() - datetime.timedelta(days=HeavyReadersForm.DEFAULT_DAYS)
    threshold = settings.AUDIT_ANOMALY_PATIENTS_PER_HOUR
    return {
        "events_of_patient": AuditEvent.objects.filter(patient_id=patient_id).count(),
        "events_of_user": AuditEvent.objects.filter(user_id=user_id).count(),
        "access_overview_ms": median_ms(
            first_page(Paginator, selectors.access_events_for_patient(patient_id))
        ),
        "admin_patient_ms": median_ms(
            first_page(WagtailPaginator, selectors.audit_events(patient_id=patient_id))
        ),
        "admin_user_ms": median_ms(
            first_page(WagtailPaginator, selectors.audit_events(user_id=user_id))
        ),
        "admin_all_ms": median_ms(
            first_page(WagtailPaginator, selectors.audit_events(), selectors.event_count)
        ),
        "anomaly_report_ms": median_ms(
            lambda: selectors.heavy_readers(since=since, threshold=threshold), rounds=5
        ),
    }


def measure_pages() -> dict:
    """Register list and patient page of one of the busiest groups, in-process (Django's
    test client, the full middleware stack), as `make bench-register` times them."""
    from django.test import Client
    from django.urls import reverse
    from django_otp.oath import TOTP

    from bench.load import leaders
    from bench.national_data import PASSWORD

    (person,) = leaders(1)
    client = Client(HTTP_HOST="127.0.0.1")
    client.post(reverse("accounts:login"), {"username": person["email"], "password": PASSWORD})
    totp = TOTP(bytes.fromhex(person["key"]), step=30, t0=0, digits=6, drift=0)
    client.post(reverse("accounts:verify"), {"token": f"{totp.token():06d}"})

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    return {
        "register_list_ms": median_ms(get(person["list_url"])),
        "patient_page_ms": median_ms(get(person["patient_urls"][0])),
    }


def measure_retention() -> dict:
    from django.db import transaction
    from django.utils import timezone

    from register import retention

    later = timezone.now() + datetime.timedelta(days=3 * 365)
    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            due = retention.retention_due(later)
            figures["retention_due_patients"] = len(due)
            figures["retention_listing_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            removed = retention.retention_apply(later, limit=RETENTION_PATIENTS)
            figures["retention_removed"] = len(removed)
            figures["retention_apply_s"] = round(time.perf_counter() - started, 2)
            raise Rollback
    except Rollback:
        pass
    return figures


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    django.setup()
    from bench.national_data import ensure

    figures = {"data_set": ensure(args.scale)}
    figures.update(measure_reads())
    figures.update(measure_pages())
    if os.environ.get("BENCH_SKIP_RETENTION") != "1":
        figures.update(measure_retention())
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
