"""Two writers at once still make one unbroken chain (PostgreSQL's advisory lock)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from audit.selectors import chain_first_break
from audit.services import audit_record
from tests.audit.conftest import make_request

APPENDS_PER_WRITER = 20


@pytest.mark.postgres
# The threads commit on their own connections, so this cannot run in the usual rolled-back
# test transaction. The flush afterwards then empties only the available apps' tables (the
# log, not data that later tests rely on); hence unsaved users, whose attributes suffice.
@pytest.mark.django_db(transaction=True, available_apps=["audit"])
def test_concurrent_appends_form_one_unbroken_chain():
    writers = [
        User(
            pk=9001 + n,
            email=f"schrijver{n}@example.nl",
            full_name=f"Schrijver {n}",
            is_superuser=True,
        )
        for n in range(2)
    ]
    start = threading.Barrier(len(writers))

    def append_many(user):
        try:
            start.wait(timeout=10)
            for number in range(APPENDS_PER_WRITER):
                audit_record(
                    request=make_request(user, request_id=f"writer-{user.pk}-{number:04d}"),
                    action="list",
                )
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(writers)) as pool:
        for outcome in [pool.submit(append_many, user) for user in writers]:
            outcome.result(timeout=60)  # re-raises a writer's error

    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, 2 * APPENDS_PER_WRITER + 1))
    for user in writers:
        assert AuditEvent.objects.filter(user_id=user.pk).count() == APPENDS_PER_WRITER
    assert chain_first_break() is None
