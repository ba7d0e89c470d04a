from celery import shared_task


@shared_task
def enqueue_due_reminders() -> int:
    """Queues the one-week reminders that are due. Idempotent: see reminders_enqueue_due."""
    from meetings.services import reminders_enqueue_due

    return reminders_enqueue_due()
