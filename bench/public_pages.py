"""Public home page and a public news page under gunicorn on loopback.

Run: `make bench-public` (SQLite) or with DATABASE_URL=postgres://... (and REDIS_URL for
the production cache). Builds its own database with the editorial demo site, then runs
gunicorn twice on 127.0.0.1: once with every cache off (a plain render of each request)
and once as configured (page cache for anonymous visitors, fragment cache, Cache-Control).
Prints requests/s, median latency and the query count of each page; one JSON object on
the last line.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

DURATION = float(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = 4
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, path: str) -> dict:
    """CONCURRENCY keep-alive clients request `path` for DURATION seconds."""
    latencies, errors = [], []
    stop = time.perf_counter() + DURATION

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            latencies.append((time.perf_counter() - start) * 1000)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    assert not errors, errors[:5]
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 2),
    }


def wait_until_serving(server, port: int, timeout: float = 60) -> None:
    """Until gunicorn answers (a busy shared machine can take a while to boot workers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def run_gunicorn(env_extra: dict, paths: dict) -> dict:
    port = free_port()
    env = {**os.environ, **env_extra, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "-k",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_serving(server, port)
        results = {}
        for name, path in paths.items():
            load(port, path)  # warm up workers and caches
            results[name] = load(port, path)
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def query_counts(paths: dict) -> dict:
    client = Client()
    counts = {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        for name, path in paths.items():
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            counts[name] = len(captured)
    return counts


def main():
    db = connection.settings_dict
    is_sqlite = db["ENGINE"].endswith("sqlite3")
    sqlite_file = str(ROOT / "var" / "bench_public.sqlite3")
    db.setdefault("TEST", {})["NAME"] = sqlite_file if is_sqlite else f"{db['NAME']}_bench_public"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.editorial import add_news, build_site
        from tests.factories import NetworkFactory

        network = NetworkFactory(name="Netwerk Benchmark")
        site = build_site(network)
        for n in range(10):
            item = add_news(site.sections[network.pk], title=f"Nieuwsbericht {n}")
        paths = {"home": site.home.url, "news_page": item.url}
        counts = query_counts(paths)
        connection.close()
        if is_sqlite:
            db_url = f"sqlite:///{db['NAME']}"
        else:
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            db_url = f"postgres://{auth}@{host}/{db['NAME']}"
        plain = run_gunicorn(
            {"DATABASE_URL": db_url, "BENCH_NO_CACHE": "1", "PUBLIC_PAGE_CACHE_SECONDS": "0"}, paths
        )
        cached = run_gunicorn({"DATABASE_URL": db_url}, paths)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    figures = {"workers": WORKERS, "concurrency": CONCURRENCY, "seconds": DURATION}
    for name in paths:
        figures[name] = {
            "queries": counts[name],
            "plain": plain[name],
            "cached": cached[name],
            "speedup": round(cached[name]["requests_per_s"] / plain[name]["requests_per_s"], 1),
        }
    figures["targets"] = {
        "home_queries_max": 15,
        "home_queries_ok": counts["home"] <= 15,
        "speedup_min": 3,
        "speedup_ok": all(figures[n]["speedup"] >= 3 for n in paths),
    }
    print(json.dumps(figures))  # noqa: T201


if __name__ == "__main__":
    main()
