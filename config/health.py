"""/health/: the truth about the portal within two seconds (docs/outbox.md#health).

Public answer: only {"status": "ok" | "degraded" | "down"}; 200 for ok and degraded (the
portal serves its users; keep the instance in the load balancer), 503 for down (no
database: nothing works). Monitoring sends `Authorization: Bearer <HEALTH_TOKEN>` and
also gets each check. Every check has its own timeout; Redis and SMTP are probed in
parallel, so a hung one costs at most its timeout.
"""

import hmac
import smtplib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.decorators import public
from outbox.models import Heartbeat, OutboundEmail

# The parallel probes together may take this long; the database checks run meanwhile.
PROBE_DEADLINE_SECONDS = 1.5
_probes = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")


@public
@never_cache
def health(request):
    probes = {"redis": _probes.submit(_check_redis), "smtp": _probes.submit(_check_smtp)}
    checks = _database_checks()
    for name, future in probes.items():
        try:
            checks[name] = future.result(timeout=PROBE_DEADLINE_SECONDS)
        except FutureTimeout:
            checks[name] = False
    if not checks["database"]:
        status, code = "down", 503
    elif all(checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    body = {"status": status}
    if _is_monitoring(request):
        body["checks"] = checks
    return JsonResponse(body, status=code)


def _is_monitoring(request) -> bool:
    token = settings.HEALTH_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(offered.encode(), token.encode())


def _database_checks() -> dict:
    """The database, and what the background processes wrote to it."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = 1000")
            return {"database": True, **_background_checks()}
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return {"database": False, "worker": False, "drainer": False, "email_queue": False}


def _background_checks() -> dict:
    now = timezone.now()
    heartbeat = settings.OUTBOX_HEARTBEAT_INTERVAL
    drain = timedelta(seconds=settings.OUTBOX_DRAIN_INTERVAL)
    oldest_waiting = (
        OutboundEmail.objects.filter(
            status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING]
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    # Tests run tasks in the request itself; production and the demo leave it unset.
    eager = getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    return {
        # A worker's main process writes every OUTBOX_HEARTBEAT_INTERVAL.
        "worker": eager or _seen_since(now - 3 * heartbeat, name__startswith="worker:"),
        # The beat's drain job, run by a worker, writes on every run.
        "drainer": eager or _seen_since(now - 3 * drain - heartbeat, name="drainer"),
        "email_queue": oldest_waiting is None
        or now - oldest_waiting < settings.HEALTH_EMAIL_MAX_WAIT,
    }


def _seen_since(moment, **name) -> bool:
    return Heartbeat.objects.filter(seen_at__gte=moment, **name).exists()


def _check_redis() -> bool:
    """Cache and broker (the same Redis); without REDIS_URL there is none to lose."""
    if not settings.REDIS_URL:
        return True
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.REDIS_TIMEOUT,
        socket_connect_timeout=settings.REDIS_TIMEOUT,
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _check_smtp() -> bool:
    """The mail server answers its greeting (the console and test backends: nothing to
    reach)."""
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return True
    try:
        with smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=1) as server:
            return server.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False
