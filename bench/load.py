"""The signed-in portal under concurrent load, over HTTP, on the national data set.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national REDIS_URL=... make
bench-load` (BENCH_SCALE=0.1 for a tenth). Steps:

1. generate or reuse the data set (bench/national_data.py);
2. start gunicorn (gthread; BENCH_WORKERS × BENCH_THREADS, default 3 × 8) on 127.0.0.1 with
   production settings (bench/load_settings.py: DEBUG off, persistent connections, Redis);
3. sign in BENCH_USERS (default 200) chairs and vice-chairs of different groups through the
   real two-step sign-in (password, then a TOTP code computed from the device's key);
4. for 8, 32 and 64 concurrent Locust users, BENCH_SECONDS (default 30) each: register list
   40 %, patient page 30 %, meeting-mode autosave 20 %, dashboard 10 %, no think time,
   while PostgreSQL's sessions (connections, advisory-lock waiters) are sampled;
5. afterwards: run the sequencer, check that the new access-log events equal the audited
   requests (list, patient page, autosave), verify the whole chain, time the access
   overview (bench/national_queries.py) and, unless BENCH_SKIP_APPENDS=1, run
   bench/audit_appends.py for the append throughput before and after the redesign.

Prints one JSON object on its last line (keys c32_rps, c32_p95_ms, c64_errors,
audit_appends_per_s, access_overview_ms, chain_valid and the details per level).
"""

import argparse
import csv
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

LEVELS = tuple(int(n) for n in os.environ.get("BENCH_LEVELS", "8,32,64").split(","))
USERS = int(os.environ.get("BENCH_USERS", "200"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
# Requests that write one access-log event each when answered with 200, from the access
# log (Locust does not count requests still in flight when a level ends).
AUDITED_REQUEST = re.compile(
    r'"(GET /portaal/groepen/\d+/register/(\d+/)?|POST /\S+/agenda/\d+/advies/) HTTP/1.1" 200 '
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, access_log: str) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS),
         "--log-level", "warning", "--timeout", "60", "--access-logfile", access_log],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.load_settings"},
    )  # fmt: skip
    import requests

    deadline = time.time() + 90
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            requests.get(f"http://127.0.0.1:{port}/health/", timeout=2)
            return server
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 90 s")


def leaders(count: int) -> list[dict]:
    """Chairs and vice-chairs of the groups with the most active patients, with the URLs
    they use and their own agenda item of the group's planned meeting."""
    from django.db import connection
    from django.urls import reverse

    with connection.cursor() as cursor:
        cursor.execute(
            """WITH active AS (SELECT group_id, count(*) n FROM register_patient
                               WHERE status = 'active' GROUP BY group_id)
               SELECT u.id, u.email, d.key, m.group_id, m.role, mt.id
               FROM networks_membership m JOIN accounts_user u ON u.id = m.user_id
               JOIN otp_totp_totpdevice d ON d.user_id = u.id
               JOIN meetings_meeting mt ON mt.group_id = m.group_id AND mt.status = 'planned'
               LEFT JOIN active a ON a.group_id = m.group_id
               WHERE m.role IN ('chair', 'vice_chair') AND u.email LIKE 'bench%%'
               ORDER BY coalesce(a.n, 0) DESC, m.group_id, m.role LIMIT %s""",
            [count],
        )
        rows = cursor.fetchall()
        people = []
        for user_id, email, key, group_id, role, meeting_id in rows:
            cursor.execute(
                "SELECT id FROM register_patient WHERE group_id = %s ORDER BY status, id LIMIT 10",
                [group_id],
            )
            patient_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT id FROM meetings_agendaitem WHERE meeting_id = %s ORDER BY position"
                " OFFSET %s LIMIT 1",
                [meeting_id, 0 if role == "chair" else 1],
            )
            item = cursor.fetchone()
            if item is None:
                continue
            item_id = item[0]
            item_args = [group_id, meeting_id, item_id]
            people.append({
                "user_id": user_id, "email": email, "key": key, "item_id": item_id,
                "list_url": reverse("register:list", args=[group_id]),
                "patient_urls": [reverse("register:detail", args=[group_id, patient])
                                 for patient in patient_ids],
                "autosave_url": reverse("meeting_run:advice_save", args=item_args),
                "referer": reverse("meeting_run:item", args=item_args),
                "dashboard_url": reverse("networks:dashboard"),
            })  # fmt: skip
    return people


def sign_in(base: str, person: dict) -> None:
    """The real two steps over HTTP: e-mail and password, then the authenticator's code."""
    import requests
    from django_otp.oath import TOTP

    from bench.national_data import PASSWORD

    session = requests.Session()

    def post_form(path: str, data: dict) -> requests.Response:
        page = session.get(base + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return session.post(
            base + path, data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": base + path}, allow_redirects=False, timeout=30,
        )  # fmt: skip

    from django.urls import reverse

    response = post_form(reverse("accounts:login"), {"username": person["email"],
                                                     "password": PASSWORD})  # fmt: skip
    assert response.status_code == 302, (person["email"], response.status_code)
    totp = TOTP(bytes.fromhex(person["key"]), step=30, t0=0, digits=6, drift=0)
    response = post_form(reverse("accounts:verify"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 302, (person["email"], response.status_code)
    session.get(base + person["dashboard_url"], timeout=30)  # the CSRF cookie for autosave
    person["cookies"] = session.cookies.get_dict()


def set_versions(people: list[dict]) -> None:
    from meetings.models import AgendaItem

    items = AgendaItem.objects.filter(pk__in=[person["item_id"] for person in people])
    versions = dict(items.values_list("pk", "version"))
    for person in people:
        person["version"] = versions[person["item_id"]]


class Sampler(threading.Thread):
    """PostgreSQL's view of the run: connections to the database, advisory-lock waiters.
    Also the sequencer, every second as Celery beat runs it (and how long it takes)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop, self.samples, self.sequencer_s = threading.Event(), [], []

    def run(self):
        from django.db import connection

        from audit.services import sequence_pending

        with connection.cursor() as cursor:
            while not self.stop.wait(0.2):
                if len(self.samples) % 5 == 0:
                    started = time.perf_counter()
                    sequence_pending()
                    self.sequencer_s.append(time.perf_counter() - started)
                cursor.execute(
                    "SELECT count(*), count(*) FILTER (WHERE wait_event = 'advisory'),"
                    " count(*) FILTER (WHERE state = 'active')"
                    " FROM pg_stat_activity WHERE datname = current_database()"
                )
                self.samples.append(cursor.fetchone())
        connection.close()


def run_level(users: int, base: str, users_file: str, workdir: str) -> dict:
    prefix = os.path.join(workdir, f"c{users}")
    sampler = Sampler()
    sampler.start()
    subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
         "-u", str(users), "-r", str(users), "-t", f"{SECONDS}s", "--host", base,
         "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
        env={**os.environ, "BENCH_LOAD_USERS": users_file}, check=False, cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    sampler.stop.set()
    sampler.join()
    figures = {}
    with open(prefix + "_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = "all" if row["Name"] == "Aggregated" else row["Name"].replace(" ", "_")
            figures[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    connections = [s[0] for s in sampler.samples] or [0]
    waiters = [s[1] for s in sampler.samples] or [0]
    figures["db_connections_max"] = max(connections)
    figures["db_active_avg"] = round(statistics.mean(s[2] for s in sampler.samples), 1)
    figures["advisory_lock_waiters_max"] = max(waiters)
    figures["sequencer_run_max_s"] = round(max(sampler.sequencer_s, default=0), 3)
    return figures


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    django.setup()
    from audit.models import AuditEvent
    from audit.selectors import chain_first_break, unchained
    from audit.services import sequence_pending
    from bench.national_data import ensure
    from bench.national_queries import measure_reads

    figures = {"data_set": ensure(args.scale), "workers": WORKERS, "threads": THREADS}
    people = leaders(USERS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp(prefix="bench-load-")
    access_log = os.path.join(workdir, "access.log")
    server = start_gunicorn(port, access_log)
    users_file = os.path.join(workdir, "users.json")
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda person: sign_in(base, person), people))
        figures["signed_in_users"] = len(people)
        figures["sign_in_s"] = round(time.perf_counter() - started, 1)
        sequence_pending()
        events_before = AuditEvent.objects.count()
        with open(access_log, encoding="utf-8") as handle:
            audited_before = sum(1 for line in handle if AUDITED_REQUEST.search(line))
        for users in LEVELS:
            set_versions(people)
            with open(users_file, "w", encoding="utf-8") as handle:
                json.dump(people, handle)
            level = run_level(users, base, users_file, workdir)
            figures[f"c{users}"] = level
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(access_log, encoding="utf-8") as handle:
        audited = sum(1 for line in handle if AUDITED_REQUEST.search(line)) - audited_before
    started = time.perf_counter()
    sequence_pending()
    figures["sequencer_catch_up_s"] = round(time.perf_counter() - started, 2)
    figures["new_events"] = AuditEvent.objects.count() - events_before
    figures["audited_requests"] = audited
    started = time.perf_counter()
    if os.environ.get("BENCH_SKIP_VERIFY") != "1":  # minutes over millions of events
        figures["chain_valid"] = chain_first_break() is None and unchained()[0] == 0
    figures["verify_s"] = round(time.perf_counter() - started, 1)
    figures.update(measure_reads())
    if os.environ.get("BENCH_SKIP_APPENDS") != "1":
        appends = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "bench/audit_appends.py")], capture_output=True,
            text=True, check=True, cwd=ROOT, env={**os.environ,
                                                  "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        )  # fmt: skip
        figures["appends"] = json.loads(appends.stdout.strip().splitlines()[-1])
    summary = {
        "database_pool": os.environ.get("DATABASE_POOL", "false"),
        "c32_rps": figures.get("c32", {}).get("all", {}).get("rps"),
        "c32_p95_ms": figures.get("c32", {}).get("all", {}).get("p95_ms"),
        "c64_errors": figures.get("c64", {}).get("all", {}).get("failures"),
        "audit_appends_per_s": figures.get("appends", {}).get("audit_appends_per_s"),
        "access_overview_ms": figures["access_overview_ms"],
        "chain_valid": figures.get("chain_valid"),
        "events_match_audited_requests": figures["new_events"] == audited,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps({**figures, **summary}))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
