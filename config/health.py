from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from accounts.decorators import public
from config.celery import app as celery_app


@public
def health(request):
    """Liveness for the proxy: 503 only when the database is gone; a missing cache or
    broker makes the portal slower to mail, not unusable, so it reports 'degraded'."""
    checks = {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
    if not checks["database"]:
        status, code = "down", 503
    elif all(checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001
        return False


def _check_cache() -> bool:
    try:
        cache.set("health-check", "1", 10)
        return cache.get("health-check") == "1"
    except Exception:  # noqa: BLE001
        return False


def _check_broker() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
        return True
    except Exception:  # noqa: BLE001
        return False
