import pytest
from django.db import connection
from django.test import RequestFactory

from audit.services import sequence_pending
from tests.factories import UserFactory


def make_request(user, *, path="/register/", request_id="req-0001abcd", **extra):
    """A request as it reaches a view: user set, request id given by the middleware."""
    request = RequestFactory().get(path, **extra)
    request.user = user
    if request_id is not None:
        request.request_id = request_id
    return request


def chained(*events):
    """Runs the sequencer, as beat does every second, and returns the events as stored.

    On PostgreSQL a request inserts its event unchained; on SQLite it is chained at once.
    """
    sequence_pending()
    return [type(event).objects.get(pk=event.pk) for event in events]


def behind_the_orms_back(sql: str, params=()) -> None:
    """What someone with direct database access does: switch off the guard, then write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
            cursor.execute(sql, params)
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
            )
        else:
            # Dropped inside the test's transaction: the rollback brings the trigger back.
            cursor.execute("DROP TRIGGER audit_auditevent_append_only")
            cursor.execute(sql, params)


@pytest.fixture
def admin_user(db):
    return UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
