"""audit_record writes one complete event per call, in the caller's transaction."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from audit import chain
from audit.models import AuditEvent
from audit.selectors import chain_first_break
from audit.services import audit_record
from tests.audit.conftest import chained, make_request
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_records_one_event_with_every_field():
    membership = MembershipFactory(role="nurse", user__full_name="Anna de Vries")
    request = make_request(
        membership.user,
        REMOTE_ADDR="192.0.2.7",
        HTTP_USER_AGENT="Firefox/140 " + "x" * 400,
        request_id="3f2a9c1e0b7d4e5f",
    )
    before = datetime.datetime.now(datetime.UTC)

    event = audit_record(
        request=request,
        action="update",
        patient_id=42,
        membership=membership,
        changed_fields=["surname", "date_of_birth", "surname", "problems.12"],
    )

    assert AuditEvent.objects.count() == 1
    (event,) = chained(event)
    assert event.sequence == 1
    assert before <= event.occurred_at <= datetime.datetime.now(datetime.UTC)
    assert event.occurred_at.utcoffset() == datetime.timedelta(0)
    assert event.action == AuditEvent.Action.UPDATE
    assert event.get_action_display() == "gewijzigd"  # the label an auditor reads
    assert event.user_id == membership.user.pk
    assert event.user_display == f"Anna de Vries <{membership.user.email}>"
    assert event.role == "nurse"
    assert event.membership_id == membership.pk
    assert event.group_id == membership.group_id
    assert event.patient_id == 42
    assert event.changed_fields == ["date_of_birth", "problems.12", "surname"]
    assert event.ip == "192.0.2.7"
    assert event.user_agent == ("Firefox/140 " + "x" * 400)[:300]
    assert event.request_id == "3f2a9c1e0b7d4e5f"
    assert event.previous_hash == chain.GENESIS_HASH
    assert event.hash == chain.event_hash(chain.GENESIS_HASH, chain.event_content(event))
    assert len(event.hash) == 64


def test_a_superuser_without_membership_is_recorded_as_admin(admin_user):
    request = make_request(admin_user)
    del request.request_id  # a request that did not pass the middleware

    event = audit_record(request=request, action="list", group_id=3)

    assert (event.role, event.membership_id, event.group_id) == ("admin", None, 3)
    assert (event.patient_id, event.request_id, event.changed_fields) == (None, "", [])
    assert event.ip == "127.0.0.1"  # RequestFactory's REMOTE_ADDR


def test_the_client_address_comes_from_the_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    membership = MembershipFactory()
    request = make_request(
        membership.user, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )
    event = audit_record(request=request, action="view", patient_id=1, membership=membership)
    assert event.ip == "198.51.100.4"


@pytest.mark.parametrize(
    ("remote_addr", "stored"),
    [
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:192.0.2.9", "192.0.2.9"),
        ("not-an-address", None),
    ],
)
def test_addresses_are_stored_so_that_the_chain_still_verifies(remote_addr, stored):
    membership = MembershipFactory()
    request = make_request(membership.user, REMOTE_ADDR=remote_addr)
    audit_record(request=request, action="view", patient_id=1, membership=membership)
    assert AuditEvent.objects.get().ip == stored
    assert chain_first_break() is None


def test_a_rolled_back_change_leaves_no_event():
    membership = MembershipFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(
            request=make_request(membership.user),
            action="create",
            patient_id=5,
            membership=membership,
        )
        raise RuntimeError("the change itself failed")
    assert not AuditEvent.objects.exists()


def test_the_log_outlives_the_user():
    membership = MembershipFactory()
    audit_record(
        request=make_request(membership.user), action="view", patient_id=5, membership=membership
    )
    membership.user.delete()
    assert AuditEvent.objects.get().patient_id == 5
    assert chain_first_break() is None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"action": "view"}, ValueError),  # no patient
        ({"action": "peek", "patient_id": 1}, ValueError),  # unknown action
        ({"action": "view", "patient_id": "1"}, TypeError),
        ({"action": "update", "patient_id": 1, "changed_fields": {"surname": "Jansen"}}, TypeError),
        ({"action": "update", "patient_id": 1, "changed_fields": "surname"}, TypeError),
        ({"action": "update", "patient_id": 1, "changed_fields": ["Jansen, J."]}, ValueError),
        ({"action": "update", "patient_id": 1, "changed_fields": ["12-03-1950"]}, ValueError),
        ({"action": "view", "patient_id": 1, "group_id": -1}, ValueError),  # not its group
    ],
)
def test_wrong_calls_are_refused_and_write_nothing(kwargs, error):
    membership = MembershipFactory()
    with pytest.raises(error):
        audit_record(request=make_request(membership.user), membership=membership, **kwargs)
    assert not AuditEvent.objects.exists()


def test_a_non_administrator_needs_a_membership():
    with pytest.raises(ValueError, match="membership"):
        audit_record(request=make_request(UserFactory()), action="list")


def test_someone_elses_membership_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValueError, match="someone else"):
        audit_record(request=make_request(UserFactory()), action="list", membership=membership)


def test_the_database_requires_a_patient_for_patient_actions():
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            sequence=1,
            action="view",
            user_id=1,
            user_display="x",
            role="gp",
            previous_hash=chain.GENESIS_HASH,
            hash="0" * 64,
        )
