from celery import shared_task

from audit.services import sequence_pending


@shared_task(ignore_result=True)
def sequence_audit_events() -> int:
    """Every second (beat): chains the access-log events that requests inserted. Safe to run
    twice at once: the second run finds the chain lock taken and returns."""
    return sequence_pending()
