"""What one request of each page of the load mix costs, in-process, on the national data set.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national REDIS_URL=... python
bench/page_costs.py` (after bench/national_data.py or `make bench-load` generated the set).
With the production settings of bench/load.py (bench/load_settings.py), one chair signs in
through the real two steps; then for the register list, the patient page, a meeting-mode
autosave and the dashboard: the queries of one request, and the median CPU time of the
process and wall-clock time over BENCH_ROUNDS (20) requests. CPU time is what a web
worker spends per request whatever else the machine does, so it bounds the requests per
second one core can serve. `BENCH_PROFILE=list` (or patient, autosave, dashboard) prints
a cProfile of that page. Prints one JSON object on its last line.
"""

import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp.oath import TOTP  # noqa: E402

from bench.load import leaders  # noqa: E402
from bench.national_data import PASSWORD  # noqa: E402
from meetings.models import AgendaItem  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# The share of each page in bench/locustfile.py.
MIX = {"list": 0.4, "patient": 0.3, "autosave": 0.2, "dashboard": 0.1}


def signed_in_client(person: dict) -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="bench")

    def post_form(path: str, data: dict):
        page = client.get(path).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return client.post(path, {"csrfmiddlewaretoken": token, **data}, HTTP_REFERER=path)

    login = {"username": person["email"], "password": PASSWORD}
    assert post_form(reverse("accounts:login"), login).status_code == 302
    totp = TOTP(bytes.fromhex(person["key"]), step=30, t0=0, digits=6, drift=0)
    assert (
        post_form(reverse("accounts:verify"), {"token": f"{totp.token():06d}"}).status_code == 302
    )
    client.get(person["dashboard_url"])  # the CSRF cookie, as a browser has it
    return client


def pages(client: Client, person: dict) -> dict:
    version = [AgendaItem.objects.get(pk=person["item_id"]).version]

    def autosave():
        response = client.post(
            person["autosave_url"], {"advice": "Advies", "version": version[0]},
            HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value, HTTP_HX_REQUEST="true",
            HTTP_REFERER=person["referer"],
        )  # fmt: skip
        version[0] += response.status_code == 200
        return response

    return {
        "list": lambda: client.get(person["list_url"]),
        "patient": lambda: client.get(person["patient_urls"][0]),
        "autosave": autosave,
        "dashboard": lambda: client.get(person["dashboard_url"]),
    }


def measure(request) -> dict:
    for _ in range(3):  # warm: templates, translations, connections
        assert request().status_code == 200
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        request()
    cpu, wall = [], []
    for _ in range(ROUNDS):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        request()
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return {
        "queries": len(queries),
        "cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "wall_ms": round(statistics.median(wall) * 1000, 1),
    }


def main():
    person = leaders(1)[0]
    requests = pages(signed_in_client(person), person)
    figures = {name: measure(request) for name, request in requests.items()}
    figures["mix_cpu_ms"] = round(sum(figures[name]["cpu_ms"] * MIX[name] for name in MIX), 1)
    # What one fully free core could serve if the web worker's CPU were all it took.
    figures["mix_rps_per_core"] = round(1000 / figures["mix_cpu_ms"], 1)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    if page := os.environ.get("BENCH_PROFILE"):
        profile = cProfile.Profile()
        profile.runcall(lambda: [requests[page]() for _ in range(ROUNDS)])
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())  # noqa: T201 - the profile asked for
    print(json.dumps(figures))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
