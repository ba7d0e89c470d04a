"""Anonymising a meeting's free texts, once, when it closes (register.anonymise).

What leaves the group (the report, insight, their PDF and CSV exports) reads only the
stored `*_anonymised` texts, never the texts as typed. See docs/data-protection.md.
"""

from meetings.models import AgendaItem, AttentionPoint, Finding, Meeting
from register.anonymise import Anonymiser, anonymiser_for_group


def meeting_texts_anonymise(meeting: Meeting) -> Anonymiser:
    """Stores the anonymised advice, findings and attention points of the meeting and
    returns the anonymiser (the report uses it for the agreements it freezes)."""
    anonymise = anonymiser_for_group(meeting.group_id)
    store_anonymised_texts(
        anonymise,
        AgendaItem.objects.filter(meeting=meeting),
        Finding.objects.filter(meeting=meeting),
        AttentionPoint.objects.filter(agenda_item__meeting=meeting),
    )
    return anonymise


def store_anonymised_texts(anonymise, items, findings, points) -> None:
    """Also used by the data migration for meetings closed before this existed."""
    for queryset, source, target in (
        (items, "advice", "advice_anonymised"),
        (findings, "text", "text_anonymised"),
        (points, "text", "text_anonymised"),
    ):
        rows = list(queryset.only("pk", source))
        for row in rows:
            setattr(row, target, anonymise(getattr(row, source)))
        queryset.model.objects.bulk_update(rows, [target], batch_size=500)
