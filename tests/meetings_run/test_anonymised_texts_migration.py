"""Meetings closed before texts were stored anonymised get them from the data migration
(meetings/0004_anonymised_texts), so insight, which reads only those, shows them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("meetings", "0003_agenda_item_outlives_patient")]
AFTER = [("meetings", "0004_anonymised_texts")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_closed_meetings_get_their_texts_anonymised():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        Network = apps.get_model("networks", "Network")
        MDOGroup = apps.get_model("networks", "MDOGroup")
        TargetGroup = apps.get_model("register", "TargetGroup")
        Patient = apps.get_model("register", "Patient")
        Meeting = apps.get_model("meetings", "Meeting")
        AgendaItem = apps.get_model("meetings", "AgendaItem")
        Category = apps.get_model("meetings", "Category")
        Finding = apps.get_model("meetings", "Finding")
        AttentionPoint = apps.get_model("meetings", "AttentionPoint")

        group = MDOGroup.objects.create(network=Network.objects.create(name="Net"), name="PaTz")
        target_group, _created = TargetGroup.objects.get_or_create(name="Palliatief")
        patient = Patient.objects.create(
            group=group,
            initials="J",
            surname="Oudewater",
            date_of_birth=dt.date(1938, 3, 3),
            target_group=target_group,
        )
        now = timezone.now()
        meetings = {
            status: Meeting.objects.create(
                group=group, starts_at=now, ends_at=now + dt.timedelta(hours=1), status=status
            )
            for status in ("closed", "planned")
        }
        category = Category.objects.first()
        for meeting in meetings.values():
            item = AgendaItem.objects.create(
                meeting=meeting, patient=patient, advice="Mw. Oudewater, 06-12345678"
            )
            AttentionPoint.objects.create(agenda_item=item, category=category, text="BSN 123456782")
            Finding.objects.create(
                meeting=meeting, kind="bottleneck", category=category, text="3 maart 1938 Oudewater"
            )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        closed = meetings["closed"].pk
        item = apps.get_model("meetings", "AgendaItem").objects.get(meeting_id=closed)
        assert item.advice_anonymised == "Mw. […], […]"
        point = apps.get_model("meetings", "AttentionPoint").objects.get(agenda_item=item)
        assert point.text_anonymised == "BSN […]"
        finding = apps.get_model("meetings", "Finding").objects.get(meeting_id=closed)
        assert finding.text_anonymised == "[…] […]"
        # A meeting still open is anonymised when it closes, not now.
        planned = apps.get_model("meetings", "Finding").objects.get(
            meeting_id=meetings["planned"].pk
        )
        assert planned.text_anonymised == ""
    finally:  # back to today's schema, whatever happened, for the tests that follow
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
