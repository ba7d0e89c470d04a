from celery import shared_task
from django.conf import settings

# A worker still sending after its lease ran out could duplicate a message another worker
# has taken over, so the pool kills the task well before (prefork pool only; docs/outbox.md).
DELIVERY_TIME_LIMIT = settings.OUTBOX_LEASE.total_seconds() * 0.8


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
    from outbox.services import email_drain

    return email_drain()
