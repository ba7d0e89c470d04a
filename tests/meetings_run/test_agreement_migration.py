"""Migration 0005: free-text owners that name a member become that member; PZP agreements
are tagged; discussed items of closed meetings become discussion history."""

import importlib

from django.apps import apps

from meetings.models import Agreement, Discussion
from tests.meetings_run.factories import AgendaItemFactory

migration = importlib.import_module("meetings.migrations.0005_agreement_owners_from_text")


def test_existing_agreements_get_owners_tags_and_history(gp, meeting):
    item = AgendaItemFactory(meeting=meeting, discussed=True, advice="Morfine")
    named = Agreement.objects.create(
        agenda_item=item, what="PZP-gesprek voeren", who="bram huisarts"
    )
    loose = Agreement.objects.create(agenda_item=item, what="Bellen", who="De apotheek")
    meeting.status = "closed"
    meeting.save()
    migration.forwards(apps, None)
    named.refresh_from_db()
    loose.refresh_from_db()
    assert named.owner_membership == gp and named.advance_care_planning
    assert loose.owner_membership is None and loose.owner_name == "De apotheek"
    assert not loose.advance_care_planning
    discussion = Discussion.objects.get()
    assert discussion.advice == "Morfine" and len(discussion.agreements) == 2
