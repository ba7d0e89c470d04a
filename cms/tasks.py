from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled():
    """Publishes pages whose go-live time has passed and unpublishes expired ones.
    Idempotent: Wagtail only acts on revisions that are due."""
    call_command("publish_scheduled", verbosity=0)
