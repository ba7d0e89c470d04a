"""Report PDF of a meeting with 30 discussed patients: render time warm, peak memory.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench-report`
(or without DATABASE_URL on SQLite). Creates and drops its own test database.
Prints one JSON object on its last line.
"""

import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()


def _rss_mb() -> float:
    """The process's current resident memory (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


RSS_AFTER_DJANGO_SETUP_MB = _rss_mb()

from django.db import connection  # noqa: E402
from pypdf import PdfReader  # noqa: E402

PATIENTS = 30
ROUNDS = 10
ADVICE = (
    "Proactieve zorgplanning met patiënt en naasten bespreken en de wensen vastleggen; "
    "pijnmedicatie ophogen en na een week evalueren; consulent palliatieve zorg kijkt mee. "
) * 2


def _meeting_with_discussed_patients():
    from meetings.models import Agreement, Category, Finding
    from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory()
    for number in range(PATIENTS):
        item = AgendaItemFactory(meeting=meeting, discussed=True, advice=ADVICE)
        for who in ("Huisarts", "Wijkverpleegkundige"):
            Agreement.objects.create(
                agenda_item=item, what=f"Afspraak {number} voor de {who.lower()}", who=who
            )
    category = Category.objects.first()
    for kind in ("bottleneck", "learning_point", "education_need"):
        for number in range(3):
            Finding.objects.create(
                meeting=meeting, kind=kind, category=category, text=f"Bevinding {number}"
            )
    return meeting


def main():
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_meeting_report"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from meetings import reports
        from meetings.anonymisation import meeting_texts_anonymise
        from meetings.models import Report

        meeting = _meeting_with_discussed_patients()
        report = Report.objects.create(
            meeting=meeting,
            content=reports.report_content(meeting, meeting_texts_anonymise(meeting)),
        )
        rss_before_mb = _rss_mb()
        start = time.perf_counter()
        pdf = reports.report_pdf(report)  # cold: fonts and stylesheet parsed once
        cold_ms = (time.perf_counter() - start) * 1000
        timings, cpu = [], []
        for _ in range(ROUNDS):
            start, start_cpu = time.perf_counter(), time.process_time()
            pdf = reports.report_pdf(report)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        tracemalloc.start()
        reports.report_pdf(report)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures = {
            "database": connection.vendor,
            "discussed_patients": PATIENTS,
            "pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "pdf_kb": round(len(pdf) / 1024),
            "render_cold_ms": round(cold_ms, 1),
            "render_warm_median_ms": round(statistics.median(timings), 1),
            # CPU time of this process: what the render costs when the CPU is not shared.
            "render_warm_median_cpu_ms": round(statistics.median(cpu), 1),
            "render_python_peak_mb": round(peak / 1024 / 1024, 1),
            "rss_after_django_setup_mb": round(RSS_AFTER_DJANGO_SETUP_MB),
            "rss_before_render_mb": round(rss_before_mb),
            "rss_after_renders_mb": round(_rss_mb()),
            "rss_growth_from_rendering_mb": round(_rss_mb() - rss_before_mb),
            # Includes creating the test database and the factories, not only rendering.
            "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "targets": {"render_warm_median_ms": 500, "process_max_rss_mb": 120},
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
