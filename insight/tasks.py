from celery import shared_task


@shared_task
def refresh_tallies() -> int:
    """Rebuilds the insight tallies; idempotent, so a repeated or late run does no harm."""
    from insight.services import tallies_refresh

    return tallies_refresh()
