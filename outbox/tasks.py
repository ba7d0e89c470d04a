import logging
import threading

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# A hard bound on one batch (prefork pool only; docs/outbox.md). The lease does not depend
# on it: it is renewed while the task's process lives and expires soon after it dies.
DELIVERY_TIME_LIMIT = settings.OUTBOX_TASK_TIME_LIMIT.total_seconds()


@shared_task(acks_late=True, time_limit=DELIVERY_TIME_LIMIT)
def deliver_emails(message_ids: list[int]) -> int:
    from outbox.services import email_deliver_many

    return len(email_deliver_many(message_ids=message_ids))


@shared_task(acks_late=True, time_limit=DELIVERY_TIME_LIMIT)
def deliver_email(message_id: int) -> str:
    """Kept for tasks published before batches existed."""
    from outbox.services import email_deliver

    return email_deliver(message_id=message_id)


@shared_task
def drain_outbox() -> int:
    """Dispatches what is due: never dispatched (broker was down), waiting to retry, or
    left behind by a worker that stopped mid-send."""
    from outbox.services import email_drain, heartbeat

    heartbeat("drainer")
    return email_drain()


_stop_heartbeat = threading.Event()


@worker_ready.connect
def _start_worker_heartbeat(sender=None, **kwargs):
    """The worker's main process shows it is alive, and records what its pool processes
    journaled while the database was unreachable (outbox.durability)."""
    name = f"worker:{getattr(sender, 'hostname', 'worker')}"
    _stop_heartbeat.clear()
    threading.Thread(
        target=_heartbeat_loop, args=(name,), name="outbox-heartbeat", daemon=True
    ).start()


@worker_shutdown.connect
def _stop_worker_heartbeat(**kwargs):
    _stop_heartbeat.set()


def _heartbeat_loop(name: str) -> None:
    from outbox.durability import journal_replay
    from outbox.services import heartbeat

    interval = settings.OUTBOX_HEARTBEAT_INTERVAL.total_seconds()
    while True:
        try:
            journal_replay()
            heartbeat(name)
        except DatabaseError:
            logger.warning("outbox: worker heartbeat failed", exc_info=True)
            connection.close()
        if _stop_heartbeat.wait(interval):
            break
    connection.close()
