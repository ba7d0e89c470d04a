from celery import shared_task


@shared_task(acks_late=True)
def deliver_email(message_id: int) -> str:
    from outbox.services import email_deliver

    return email_deliver(message_id=message_id)


@shared_task
def drain_outbox() -> int:
    """Dispatches what is due: never dispatched (broker was down) or waiting to retry."""
    from outbox.services import due_message_ids, email_dispatch

    message_ids = due_message_ids()
    for message_id in message_ids:
        email_dispatch(message_id=message_id)
    return len(message_ids)
