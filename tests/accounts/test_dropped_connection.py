"""A database connection dropped during a request's first reads is no 500 (issue 17)."""

import psycopg
import pytest
from django.db import connection
from django_otp.middleware import OTPMiddleware

from tests.helpers import sign_in
from tests.outbox.live import database_url

# Serialized rollback: the migrated data (Wagtail's root page, ...) is restored afterwards.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def terminate(backend_pid: int) -> None:
    """What a database restart or failover does to a connection: from another session."""
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def test_connection_dropped_before_the_two_step_check_still_serves_the_page(
    client, user, monkeypatch
):
    sign_in(client, user)
    original = OTPMiddleware._device_from_persistent_id
    dropped = []

    def drop_once(self, persistent_id):
        # The request's health check has passed; the connection dies right after.
        if not dropped:
            dropped.append(connection.connection.info.backend_pid)
            terminate(dropped[0])
        return original(self, persistent_id)

    monkeypatch.setattr(OTPMiddleware, "_device_from_persistent_id", drop_once)
    response = client.get("/portaal/")
    assert dropped, "the two-step check did not run"
    assert response.status_code == 200
