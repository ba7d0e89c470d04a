"""The hash chain: intact rows verify, a row changed behind the ORM's back is found."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit import chain
from audit.selectors import chain_first_break, chain_head
from audit.services import audit_record
from tests.audit.conftest import behind_the_orms_back, chained, make_request
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events():
    membership = MembershipFactory()
    request = make_request(membership.user)
    return chained(
        audit_record(request=request, action="list", membership=membership),
        audit_record(request=request, action="view", patient_id=11, membership=membership),
        audit_record(
            request=request,
            action="update",
            patient_id=11,
            membership=membership,
            changed_fields=["question"],
        ),
    )


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def test_an_empty_log_verifies():
    assert chain_first_break() is None
    assert verify().startswith("OK")


def test_three_events_form_a_chain_that_verifies(three_events):
    first, second, third = three_events
    assert [event.sequence for event in three_events] == [1, 2, 3]
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert chain_first_break() is None
    assert chain_head() == (3, third.hash)
    assert verify() == f"OK: 3 events, last hash {third.hash}\n"


@pytest.mark.parametrize(
    "tampering",
    [
        "UPDATE audit_auditevent SET patient_id = 12 WHERE sequence = 2",
        """UPDATE audit_auditevent SET changed_fields = '["diagnoses"]' WHERE sequence = 2""",
        "UPDATE audit_auditevent SET ip = '203.0.113.66' WHERE sequence = 2",
        "UPDATE audit_auditevent SET occurred_at = occurred_at - interval '1 hour' "
        "WHERE sequence = 2",
        "UPDATE audit_auditevent SET hash = previous_hash WHERE sequence = 2",
        "DELETE FROM audit_auditevent WHERE sequence = 2",
    ],
    ids=["patient", "changed_fields", "ip", "time", "hash", "removed"],
)
def test_a_row_changed_behind_the_orms_back_is_reported(three_events, tampering):
    if "interval" in tampering and connection.vendor == "sqlite":
        tampering = (
            "UPDATE audit_auditevent SET occurred_at = datetime(occurred_at, '-1 hour') "
            "WHERE sequence = 2"
        )
    behind_the_orms_back(tampering)

    assert chain_first_break() == 2
    with pytest.raises(CommandError, match=r"^BROKEN at sequence 2$") as raised:
        verify()
    assert raised.value.returncode == 1


def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link(three_events):
    second = three_events[1]
    second.patient_id = 99
    forged = chain.event_hash(second.previous_hash, chain.event_content(second))
    behind_the_orms_back(
        "UPDATE audit_auditevent SET patient_id = 99, hash = %s WHERE sequence = 2", [forged]
    )
    assert chain_first_break() == 3


def test_hostile_text_hashes_the_same_in_the_database_as_in_python():
    """The sequencer hashes the row as the database gives it back, as verification does.
    Quotes, non-ASCII and a look-alike of the sequence field must not make them differ."""
    membership = MembershipFactory()
    user_agent = 'Mozilla "sequence":-1, "x":"ë€😀\\\\" <script>'
    request = make_request(membership.user, HTTP_USER_AGENT=user_agent)
    event = audit_record(request=request, action="view", patient_id=7, membership=membership)
    (stored,) = chained(event)
    assert stored.user_agent == user_agent
    assert stored.hash == chain.event_hash(stored.previous_hash, chain.event_content(stored))
    assert verify().startswith("OK: 1 events")
