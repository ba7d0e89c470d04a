"""The data migration copies name, role and organisation onto existing attendance rows,
so lists of meetings held before it stay complete when members leave (issue 10, point 1)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Accounts at its latest state too, so the historical User has every column the
# database has (registration numbers came later, in accounts 0002).
BEFORE = [
    ("meetings", "0003_agenda_item_outlives_patient"),
    ("accounts", "0002_registration_numbers"),
]
AFTER = [("meetings", "0004_attendance_keeps_member_name")]


# serialized_rollback: the flush afterwards must leave the database as the other
# transactional tests expect it (they restore the migrated contents themselves).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_member_rows_get_name_role_and_organisation():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        user = old.get_model("accounts", "User").objects.create(
            email="oud.lid@example.nl", full_name="Olga Oudlid", password="x"
        )
        network = old.get_model("networks", "Network").objects.create(name="Netwerk")
        group = old.get_model("networks", "MDOGroup").objects.create(network=network, name="G")
        organisation = old.get_model("networks", "Organisation").objects.create(
            network=network, name="Praktijk Oost", kind="gp_practice"
        )
        membership = old.get_model("networks", "Membership").objects.create(
            user=user, group=group, role="nurse", organisation=organisation
        )
        start = timezone.now() - timedelta(days=30)
        meeting = old.get_model("meetings", "Meeting").objects.create(
            group=group, starts_at=start, ends_at=start + timedelta(hours=1)
        )
        attendance = old.get_model("meetings", "Attendance")
        member_row = attendance.objects.create(meeting=meeting, membership=membership)
        guest_row = attendance.objects.create(meeting=meeting, guest_name="Gast", guest_role="X")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("meetings", "Attendance")
        row = new.objects.get(pk=member_row.pk)
        assert (row.member_name, row.member_role, row.member_organisation) == (
            "Olga Oudlid",
            "nurse",
            "Praktijk Oost",
        )
        assert new.objects.get(pk=guest_row.pk).member_name == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
