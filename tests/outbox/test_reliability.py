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
    """SIGKILL of the whole worker while the server has the message in DATA, unanswered."""
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
    live.assert_each_delivered_once(keys)


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
