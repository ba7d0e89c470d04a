"""Existing agreements: the free-text "who" becomes an owner where it names a member of
the group (full name, case-insensitive), advance care planning is tagged from the text,
and the discussed items of meetings already closed become discussion history."""

import re

from django.db import migrations

ACP = re.compile(r"\b(pzp|proactieve zorgplanning|advance care planning|acp)\b", re.IGNORECASE)


def forwards(apps, schema_editor):
    Agreement = apps.get_model("meetings", "Agreement")
    Membership = apps.get_model("networks", "Membership")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Discussion = apps.get_model("meetings", "Discussion")
    members = {}
    for m in Membership.objects.select_related("user"):
        members[(m.group_id, m.user.full_name.strip().lower())] = m.pk
    for agreement in Agreement.objects.select_related("agenda_item__meeting").iterator():
        group_id = agreement.agenda_item.meeting.group_id
        agreement.owner_membership_id = members.get((group_id, agreement.who.strip().lower()))
        agreement.advance_care_planning = bool(ACP.search(agreement.what))
        if agreement.status != "open":
            agreement.status_changed_at = agreement.updated_at
        agreement.save(
            update_fields=["owner_membership", "advance_care_planning", "status_changed_at"]
        )
    closed = AgendaItem.objects.filter(
        meeting__status="closed", discussed=True, discussion__isnull=True
    ).select_related("meeting", "patient")
    for item in closed.iterator():
        Discussion.objects.create(
            agenda_item=item,
            meeting=item.meeting,
            patient=item.patient,
            question="",
            advice=item.advice,
            agreements=[
                {
                    "what": a.what,
                    "who": a.who,
                    "due_date": a.due_date.isoformat() if a.due_date else "",
                    "status": a.status,
                    "advance_care_planning": bool(ACP.search(a.what)),
                }
                for a in Agreement.objects.filter(agenda_item=item).order_by("pk")
            ],
            urgency_id=item.patient.urgency_id if item.patient else None,
            prognosis_id=item.patient.prognosis_id if item.patient else None,
            discussed_at=item.meeting.starts_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_agreements_first_class"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
