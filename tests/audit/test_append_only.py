"""Rows cannot be changed or removed: not through the ORM, not with plain SQL."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record
from tests.audit.conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(admin_user):
    return audit_record(request=make_request(admin_user), action="audit_read")


def test_queryset_update_and_delete_raise(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(role="gp")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["role"])
    assert AuditEvent.objects.get().role == "admin"


def test_saving_or_deleting_an_existing_row_raises(event):
    stored = AuditEvent.objects.get()
    stored.role = "gp"
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        stored.delete()
    assert AuditEvent.objects.get().role == "admin"


def test_a_new_object_cannot_overwrite_a_row_by_reusing_its_key(event):
    copy = AuditEvent.objects.get()
    copy._state.adding = True  # looks new, but has the old primary key
    copy.role = "gp"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert AuditEvent.objects.get().role == "admin"


def test_raw_sql_update_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET role = 'gp'")
    assert AuditEvent.objects.get().role == "admin"


@pytest.mark.postgres
def test_raw_sql_delete_is_refused_by_postgresql(event):
    with (
        pytest.raises(DatabaseError, match="append-only: DELETE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
def test_raw_sql_update_names_the_refused_operation_on_postgresql(event):
    with (
        pytest.raises(DatabaseError, match="append-only: UPDATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET hash = previous_hash")
    assert AuditEvent.objects.get().hash == event.hash
