"""Delivery on the real services: every message exactly once after SMTP refused, Redis
stopped, or a worker killed mid-send (issue 4). See docs/outbox.md.

Real redis-server (private, on a free port), an aiosmtpd sink, and Celery worker
subprocesses (prefork, the drainer's beat embedded) working on this test database.
Outbox timings are shortened (lease 6 s, retries from 0.5 s, drainer every 0.5 s) so
each failure and recovery takes seconds.
"""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse

from config.celery import app as celery_app
from outbox.models import OutboundEmail
from outbox.services import _message_id, email_queue
from tests.factories import UserFactory
from tests.outbox.live import (
    BlackHole,
    CeleryWorker,
    RedisServer,
    SMTPSink,
    database_url,
    service_env,
    wait_until,
)

# Serialized rollback: the tables are emptied after each test and restored before the
# next one, so tests that rely on the migrated data (content types, Wagtail's root page)
# still find it with the same ids.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMINGS = {
    "OUTBOX_LEASE_SECONDS": 6,
    "OUTBOX_DISPATCH_GRACE_SECONDS": 1,
    "OUTBOX_RETRY_BASE_SECONDS": 0.5,
    "OUTBOX_RETRY_MAX_SECONDS": 1,
    "OUTBOX_DRAIN_INTERVAL_SECONDS": 0.5,
    "EMAIL_TIMEOUT_SECONDS": 4,
    "OUTBOX_HEARTBEAT_INTERVAL_SECONDS": 0.5,
}
# After the last message was marked sent, how long to keep watching for a late duplicate
# (a few drainer runs).
SETTLE_SECONDS = 2


class Live:
    """The services of this module: started once, restarted by the tests that kill them."""

    def __init__(self, directory):
        self.directory = directory
        self.redis = RedisServer(directory)
        self.sink = SMTPSink()
        self.workers: list[CeleryWorker] = []
        self.env = service_env(
            database_url=database_url(connection.settings_dict),
            redis_url=self.redis.url,
            smtp_port=self.sink.port,
            OUTBOX_JOURNAL=directory / "journal",  # one journal across worker restarts
            **TIMINGS,
        )

    def worker(self) -> CeleryWorker:
        """A running worker with the drainer's beat embedded; started if none runs."""
        running = [worker for worker in self.workers if worker.running]
        if running:
            return running[0]
        worker = CeleryWorker(f"worker{len(self.workers) + 1}", self.env, self.directory, beat=True)
        self.workers.append(worker)
        worker.start()
        return worker

    def stop_workers(self):
        for worker in self.workers:
            worker.stop()

    def kill_workers(self):
        """Faster than stopping, for tests with nothing in flight."""
        for worker in self.workers:
            worker.kill()

    def queue(self, prefix: str, count: int) -> list[str]:
        """Queues `count` messages in one committed transaction, as a user's change would."""
        keys = [f"{prefix}:{number}" for number in range(count)]
        with transaction.atomic():
            for key in keys:
                email_queue(key=key, to="lid@example.nl", subject="Herinnering", text="Tekst")
        return keys

    def assert_each_delivered_once(self, keys, *, timeout=60):
        expected = {_message_id(key) for key in keys}
        sent = OutboundEmail.objects.filter(key__in=keys, status=OutboundEmail.Status.SENT)
        wait_until(
            lambda: sent.count() == len(keys),
            timeout=timeout,
            message=f"not all sent: {self._statuses(keys)}\n{self.logs()}",
        )
        time.sleep(SETTLE_SECONDS)  # room for a duplicate to show up, if there were one
        counts = self.sink.counts()
        assert {message_id for message_id in counts if message_id in expected} == expected
        duplicates = {message_id: n for message_id, n in counts.items() if n > 1}
        assert duplicates == {}, duplicates

    def _statuses(self, keys):
        return list(
            OutboundEmail.objects.filter(key__in=keys).values_list(
                "status", "attempts", "last_error"
            )
        )

    def logs(self):
        return "\n".join(f"--- {w.name}\n{w.output()[-3000:]}" for w in self.workers)

    def stop(self):
        self.stop_workers()
        self.sink.stop()
        self.redis.stop()


@pytest.fixture(scope="module")
def services(django_db_setup, tmp_path_factory):
    """Private Redis, SMTP sink and workers on the test database, for the whole module:
    every Django start-up of a worker costs seconds, so they are reused."""
    services = Live(tmp_path_factory.mktemp("outbox-live"))
    services.redis.start()
    services.sink.start()
    original = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = services.redis.url
    celery_app.conf.task_always_eager = False
    _reset_broker_pool()
    try:
        yield services
    finally:
        services.stop()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = original
        _reset_broker_pool()


@pytest.fixture
def live(services, transactional_db, settings):
    """The module's services, healthy and with a clean sink; this process publishes to
    their Redis with the same shortened outbox timings as the workers."""
    for name, seconds in TIMINGS.items():
        setting = name.removesuffix("_SECONDS")
        if setting.startswith("OUTBOX_") and setting != "OUTBOX_DRAIN_INTERVAL":
            setattr(settings, setting, timedelta(seconds=seconds))
    if not services.redis.running:
        services.redis.start()
    services.redis.client().flushall()
    if services.sink.stopped:
        services.sink.start()
    services.sink.reset()
    yield services
    # Nothing may be left in flight when the tables are emptied for the next test.
    services.sink.reset()


def _reset_broker_pool():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_tasks_lost_with_redis_are_delivered_by_the_drainer(live):
    """Redis dies with the tasks still in it (no persistence): the rows remain the truth."""
    live.stop_workers()  # so that the tasks stay in Redis
    keys = live.queue("lost-in-redis", 30)
    assert live.redis.client().llen("celery") == 1  # one batch task, published
    live.redis.stop()
    live.redis.start()
    assert live.redis.client().llen("celery") == 0
    live.worker()
    live.assert_each_delivered_once(keys)


def test_smtp_down_then_refusing_then_accepting_delivers_each_message_once(live):
    live.worker()
    live.sink.stop()  # nothing listens: connection refused
    keys = live.queue("smtp-down", 20)
    waiting = OutboundEmail.objects.filter(key__in=keys, status=OutboundEmail.Status.PENDING)
    wait_until(
        lambda: waiting.filter(last_error__contains="Connection refused").count() == 20,
        timeout=30,
        message=live.logs(),
    )

    live.sink.refuse = True  # up again, but "451 try again later"
    live.sink.start()
    wait_until(lambda: waiting.filter(last_error__contains="451").count() == 20, timeout=30)
    assert live.sink.counts() == {}

    live.sink.refuse = False
    live.assert_each_delivered_once(keys)
    assert OutboundEmail.objects.filter(key__in=keys, attempts__gte=3).count() == 20


def test_redis_stopped_the_request_still_succeeds_and_delivery_resumes(live, client):
    user = UserFactory(email="vergeten@example.nl")
    live.worker()
    before = live.queue("before-outage", 5)

    live.redis.stop()
    started = time.monotonic()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert time.monotonic() - started < 1.5  # the publish gives up at once, it does not hang
    during = live.queue("during-outage", 20)
    reset = OutboundEmail.objects.get(key__startswith=f"password-reset:{user.pk}:")
    assert reset.status == OutboundEmail.Status.PENDING
    time.sleep(2)  # the worker and its beat run on without their broker
    assert OutboundEmail.objects.filter(key__in=during, status="pending").count() == 20

    live.redis.start()  # same port, empty: whatever was queued in Redis is gone
    live.assert_each_delivered_once([*before, *during, reset.key])
    assert live.worker().running  # the same worker reconnected; it did not exit


def test_pool_process_killed_mid_send_delivers_each_message_once(live):
    """Only the process doing the send dies (like the OOM killer): Celery re-queues the
    task at once, which finds the messages leased and leaves them to the drainer."""
    worker = live.worker()
    live.sink.stall_at = 3
    keys = live.queue("child-killed", 10)  # one batch: one process claims all ten
    assert live.sink.stalled.wait(timeout=30), live.logs()
    os.kill(worker.child_connected_to(live.sink.port), signal.SIGKILL)
    live.assert_each_delivered_once(keys)
    assert live.sink.discarded == [_message_id(keys[2])]
    assert "WorkerLostError" in worker.output()


def test_worker_killed_mid_send_delivers_each_message_once(live):
    """SIGKILL of the whole worker while the server has the message in DATA, unanswered;
    its claimed messages go out within a minute of the restart (the lease is short and
    renewed while a worker lives: docs/outbox.md)."""
    worker = live.worker()
    live.sink.stall_at = 3
    keys = live.queue("killed", 10)
    assert live.sink.stalled.wait(timeout=30), live.logs()
    worker.kill()
    wait_until(lambda: live.sink.discarded, timeout=10)  # the server drops the half message
    assert len(live.sink.received) == 2
    in_flight = OutboundEmail.objects.filter(key__in=keys, status=OutboundEmail.Status.SENDING)
    assert in_flight.count() == 8  # claimed, lease running: nobody else may send them

    live.worker()
    live.assert_each_delivered_once(keys, timeout=60)


def test_killed_after_the_server_accepted_the_duplicate_keeps_its_message_id(live):
    """The one window no SMTP client can close: the server accepted the message, the
    worker died before it could record that. The message is sent again — at least once —
    with the same Message-ID, so receivers that de-duplicate on it see it once."""
    worker = live.worker()
    live.sink.stall_at = 1
    live.sink.accept_before_stall = True
    [key] = live.queue("accepted-then-killed", 1)
    assert live.sink.stalled.wait(timeout=30), live.logs()
    worker.kill()
    live.worker()
    sent = OutboundEmail.objects.filter(key=key, status=OutboundEmail.Status.SENT)
    wait_until(sent.exists, timeout=30, message=live.logs())
    assert live.sink.received == [_message_id(key)] * 2


# --- Faults of issue 17 ------------------------------------------------------------------


def _terminate_other_connections() -> int:
    """pg_terminate_backend on every other connection to the test database: the workers'."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_database_connection_lost_while_the_server_accepts_a_batch_sends_each_once(live):
    """The worker's connection dies while the server is accepting a message: recording it
    as sent retries on a fresh connection, so nothing is sent twice and nothing waits."""
    live.worker()
    live.sink.delay = 0.3
    keys = live.queue("db-lost", 10)
    wait_until(lambda: live.sink.data_count >= 3, timeout=30, message=live.logs())
    assert _terminate_other_connections() >= 1
    started = time.monotonic()
    live.assert_each_delivered_once(keys, timeout=60)
    assert time.monotonic() - started < 60


def _chair_with_members():
    from tests.factories import MDOGroupFactory, MembershipFactory

    group = MDOGroupFactory()
    chair = MembershipFactory(group=group, role="chair")
    MembershipFactory(group=group, role="gp")
    return group, chair.user


def _timed(request):
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def test_hung_redis_costs_pages_no_time_and_invitations_go_out_afterwards(live, client, settings):
    """Redis accepts connections and never answers: pages and /health/ answer within 2 s
    as usual, and the invitations queued meanwhile go out once Redis works again."""
    from tests.helpers import sign_in
    from tests.meetings.conftest import future_day, plan_url, row, slot_data

    group, chair = _chair_with_members()
    sign_in(client, chair)
    live.kill_workers()  # they wait for Redis too
    hole = BlackHole()
    cache_settings = {**settings.CACHES["default"], "LOCATION": hole.url}
    settings.CACHES = {"default": cache_settings}
    settings.REDIS_URL = hole.url
    celery_app.conf.broker_url = hole.url
    _reset_broker_pool()
    try:
        response, seconds = _timed(lambda: client.get(reverse("networks:dashboard")))
        assert response.status_code == 200 and seconds < 2, seconds
        days = [future_day(14), future_day(28), future_day(42)]
        response, seconds = _timed(
            lambda: client.post(plan_url(group), slot_data([row(day) for day in days]))
        )
        assert response.status_code == 302 and seconds < 2, seconds
        response, seconds = _timed(lambda: client.get(response["Location"]))
        assert response.status_code == 200 and seconds < 2, seconds
        assert "gepland" in response.content.decode()
        response, seconds = _timed(lambda: client.get("/health/"))
        assert response.json() == {"status": "degraded"} and seconds < 2, seconds
    finally:
        celery_app.conf.broker_url = live.redis.url
        _reset_broker_pool()
        hole.stop()
    keys = list(
        OutboundEmail.objects.filter(key__startswith="meeting:").values_list("key", flat=True)
    )
    assert len(keys) == 6  # three meetings, two members
    live.worker()  # Redis replaced by a working one
    live.assert_each_delivered_once(keys)


def test_health_tells_the_truth_about_worker_mail_server_and_queue(live, client, settings):
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OUTBOX_DRAIN_INTERVAL = TIMINGS["OUTBOX_DRAIN_INTERVAL_SECONDS"]
    settings.REDIS_URL = live.redis.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", live.sink.port
    auth = {"HTTP_AUTHORIZATION": "Bearer monitoring-token-0123456789"}

    def health():
        response, seconds = _timed(lambda: client.get("/health/", **auth))
        assert seconds < 2, seconds
        assert response.status_code == 200
        return response.json()

    def failing():
        return {name for name, ok in health()["checks"].items() if not ok}

    live.worker()
    wait_until(lambda: health()["status"] == "ok", timeout=15, message=str(health()))

    live.kill_workers()
    wait_until(lambda: failing() == {"worker", "drainer"}, timeout=10, message=str(health()))
    assert health()["status"] == "degraded"
    assert client.get("/health/").json() == {"status": "degraded"}  # no details

    live.worker()
    live.sink.stop()
    wait_until(lambda: failing() == {"smtp"}, timeout=15, message=str(health()))
    live.sink.start()

    settings.HEALTH_EMAIL_MAX_WAIT = timedelta(seconds=1)
    live.sink.refuse = True  # the message keeps waiting
    live.queue("waits-too-long", 1)
    wait_until(lambda: failing() == {"email_queue"}, timeout=15, message=str(health()))
    live.sink.refuse = False
    wait_until(lambda: health()["status"] == "ok", timeout=15, message=str(health()))
