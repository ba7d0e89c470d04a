from celery import shared_task

from register.retention import retention_apply


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Daily: removes patients whose retention period has passed. Safe to run twice:
    a removed patient is no longer due."""
    return len(retention_apply())
