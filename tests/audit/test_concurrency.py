"""Writers at once, in threads and in processes, still make one unbroken chain: each
inserts its event without a lock, one sequencer chains them (PostgreSQL)."""

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from audit.selectors import chain_first_break
from audit.services import audit_record, sequence_pending
from tests.audit.conftest import make_request

APPENDS_PER_WRITER = 20


def writer(number: int) -> User:
    # Unsaved users: their attributes suffice, and the flush afterwards stays in the log.
    return User(
        pk=9001 + number,
        email=f"schrijver{number}@example.nl",
        full_name=f"Schrijver {number}",
        is_superuser=True,
    )


def append_many(user: User, start=None) -> None:
    try:
        if start is not None:
            start.wait(timeout=10)
        for number in range(APPENDS_PER_WRITER):
            audit_record(
                request=make_request(user, request_id=f"writer-{user.pk}-{number:04d}"),
                action="list",
            )
    finally:
        connection.close()  # each thread or process has its own connection


def sequence_until(stop: threading.Event) -> None:
    """A sequencer running while the writers write, as beat runs it every second."""
    try:
        while not stop.wait(0.05):
            sequence_pending(batch_size=7)
    finally:
        connection.close()


def assert_one_chain(writers) -> None:
    sequence_pending()
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(writers) * APPENDS_PER_WRITER + 1))
    for user in writers:
        assert AuditEvent.objects.filter(user_id=user.pk).count() == APPENDS_PER_WRITER
    assert chain_first_break() is None


@pytest.mark.postgres
# The writers commit on their own connections, so this cannot run in the usual rolled-back
# test transaction. The flush afterwards then empties only the available apps' tables.
@pytest.mark.django_db(transaction=True, available_apps=["audit"])
def test_concurrent_appends_in_threads_form_one_unbroken_chain():
    writers = [writer(n) for n in range(3)]
    start, stop = threading.Barrier(len(writers)), threading.Event()
    with ThreadPoolExecutor(max_workers=len(writers) + 1) as pool:
        sequencer = pool.submit(sequence_until, stop)
        for outcome in [pool.submit(append_many, user, start) for user in writers]:
            outcome.result(timeout=60)  # re-raises a writer's error
        stop.set()
        sequencer.result(timeout=60)
    assert_one_chain(writers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, available_apps=["audit"])
def test_concurrent_appends_from_processes_form_one_unbroken_chain():
    writers = [writer(n) for n in range(4)]
    stop = threading.Event()
    sequencer = threading.Thread(target=sequence_until, args=(stop,))
    connection.close()  # forked children must not share this process's connection
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=append_many, args=(user,)) for user in writers]
    sequencer.start()
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    stop.set()
    sequencer.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * len(writers)
    assert_one_chain(writers)
