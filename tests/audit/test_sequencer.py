"""The sequencer: the only writer of the chain columns, within a bounded delay."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import chain, services
from audit.models import AppendOnlyError, AuditEvent
from audit.selectors import chain_first_break, event_count, unchained
from audit.services import audit_record
from audit.tasks import sequence_audit_events
from tests.audit.conftest import behind_the_orms_back, chained, make_request
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def record():
    membership = MembershipFactory()
    request = make_request(membership.user)

    def record(count=1):
        return [
            audit_record(request=request, action="view", patient_id=n + 1, membership=membership)
            for n in range(count)
        ]

    return record


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def test_the_request_only_inserts_and_the_sequencer_chains(record):
    (event,) = record()
    assert (event.sequence, event.previous_hash, event.hash) == (None, None, None)
    assert unchained()[0] == 1
    assert verify().startswith("OK (the access log is empty); 1 newer events not chained yet")

    assert sequence_audit_events() == 1  # the beat task

    assert AuditEvent.objects.get().sequence == 1
    assert unchained() == (0, None)
    assert chain_first_break() is None


def test_the_request_writes_its_event_with_one_insert_and_no_other_query(record):
    with CaptureQueriesContext(connection) as queries:
        (event,) = record()
    assert [query["sql"].split(" ", 2)[:2] for query in queries] == [["INSERT", "INTO"]]
    # Every column the chain covers is written (the sequence by the sequencer).
    assert set(services._INSERT_COLUMNS) == set(chain.CONTENT_FIELDS) - {"sequence"}
    # What the request returns is the row as stored, and it chains and verifies as such.
    stored = AuditEvent.objects.get()
    assert (event.pk, event.occurred_at, event.ip) == (stored.pk, stored.occurred_at, stored.ip)
    assert chain.event_content(event) == chain.event_content(stored)
    sequence_audit_events()
    assert chain_first_break() is None
    with pytest.raises(AppendOnlyError):
        event.save()  # the returned event is not a new row to insert again


def test_the_delay_bound_holds_for_a_second_of_national_traffic(record):
    # The beat interval is within the bound that verify_audit_chain enforces …
    interval = settings.CELERY_BEAT_SCHEDULE["audit-sequence"]["schedule"]
    assert interval <= 1 < settings.AUDIT_CHAIN_MAX_DELAY_SECONDS
    # … and one run chains more than a second's worth of events well within it.
    record(1_500)
    started = datetime.datetime.now(datetime.UTC)
    assert sequence_audit_events() == 1_500
    elapsed = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    assert elapsed < settings.AUDIT_CHAIN_MAX_DELAY_SECONDS / 4
    assert unchained()[0] == 0
    assert verify().startswith("OK: 1500 events")


def test_an_event_left_unchained_beyond_the_bound_fails_verification(record):
    (event,) = record()
    behind_the_orms_back(
        "UPDATE audit_auditevent SET occurred_at = now() - interval '2 minutes' WHERE id = %s",
        [event.pk],
    )
    with pytest.raises(CommandError, match=r"^LATE: 1 events not chained") as raised:
        verify()
    assert raised.value.returncode == 1


def test_a_tampered_event_is_still_found_after_sequencing(record):
    events = chained(*record(3))
    behind_the_orms_back("UPDATE audit_auditevent SET patient_id = 99 WHERE sequence = 2")
    record(2)
    chained(*events)
    assert chain_first_break() == 2


@pytest.mark.parametrize(
    "update",
    [
        # content of an unchained event
        "UPDATE audit_auditevent SET patient_id = 99 WHERE id = %(id)s",
        # chaining it while changing its content
        "UPDATE audit_auditevent SET sequence = 1, previous_hash = 'a', hash = 'b',"
        " patient_id = 99 WHERE id = %(id)s",
        # chaining only part of it
        "UPDATE audit_auditevent SET sequence = 1 WHERE id = %(id)s",
        # re-chaining an event that is chained already
        "UPDATE audit_auditevent SET sequence = 5, hash = previous_hash WHERE id = %(chained)s",
    ],
    ids=["content", "content-while-chaining", "part", "rechain"],
)
def test_the_database_allows_only_filling_the_empty_chain_columns(record, update):
    (done,) = chained(*record())
    (event,) = record()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(update, {"id": event.pk, "chained": done.pk})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).sequence is None


def test_the_event_count_is_chained_plus_unchained_without_counting_rows(record):
    chained(*record(3))
    record(2)
    assert event_count() == 5 == AuditEvent.objects.count()
