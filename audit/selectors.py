"""Reading the access log. Only superusers may see it: callers check that first."""

import datetime

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncHour

from audit import chain
from audit.models import AuditAction, AuditEvent


def audit_events(*, patient_id: int | None = None, user_id: int | None = None) -> QuerySet:
    """Events newest first, optionally for one patient and/or one user."""
    events = AuditEvent.objects.all()
    if patient_id is not None:
        events = events.filter(patient_id=patient_id)
    if user_id is not None:
        events = events.filter(user_id=user_id)
    return events.order_by("-occurred_at", "-id")


def event_count() -> int:
    """All events, without counting millions of rows: the chain numbers its rows without
    gaps, so the newest sequence is the number of chained events; the unchained ones are
    few (a partial index holds them)."""
    head = chain_head()
    return (head[0] if head else 0) + unchained()[0]


def access_events_for_patient(patient_id: int) -> QuerySet:
    """Who read or changed the patient's record, newest first, for the responsible GP.

    The caller checks that the user is that GP. Looks at the log itself are left out:
    the question is who saw the patient's data.
    """
    return (
        AuditEvent.objects.filter(patient_id=patient_id)
        .exclude(action=AuditAction.AUDIT_READ)
        .only("occurred_at", "action", "user_display", "role")
        .order_by("-occurred_at", "-id")
    )


def heavy_readers(*, since, threshold: int) -> list[dict]:
    """Users who opened more than `threshold` different patients within one clock hour.

    For the administrators' anomaly report: one row per user and hour, busiest first.
    """
    return list(
        AuditEvent.objects.filter(
            occurred_at__gte=since,
            action__in=[AuditAction.VIEW, AuditAction.EXPORT],
            patient_id__isnull=False,
        )
        .annotate(hour=TruncHour("occurred_at"))
        .values("user_id", "user_display", "hour")
        .annotate(patients=Count("patient_id", distinct=True))
        .filter(patients__gt=threshold)
        .order_by("-patients", "-hour")
    )


def chain_first_break(*, chunk_size: int = 5_000) -> int | None:
    """The first sequence number where the chain does not hold, or None if it is intact.

    Walks the chained rows in sequence order and checks that the numbers run 1, 2, 3, …
    without gaps, that each row names its predecessor's hash and that its own hash matches
    its content. A changed row is reported itself; a removed row by its missing number.
    Rows not chained yet are not part of the chain (see `unchained`). Reads in chunks by
    sequence, so memory stays flat over millions of rows.
    """
    expected_sequence = 1
    previous_hash = chain.GENESIS_HASH
    chained = AuditEvent.objects.filter(sequence__isnull=False).order_by("sequence")
    while True:
        chunk = list(chained.filter(sequence__gte=expected_sequence)[:chunk_size])
        for event in chunk:
            if (
                event.sequence != expected_sequence
                or event.previous_hash != previous_hash
                or event.hash != chain.event_hash(previous_hash, chain.event_content(event))
            ):
                return expected_sequence
            expected_sequence += 1
            previous_hash = event.hash
        if len(chunk) < chunk_size:
            return None


def chain_head() -> tuple[int, str] | None:
    """(sequence, hash) of the newest chained row: note it elsewhere to detect a cut-off tail."""
    return (
        AuditEvent.objects.filter(sequence__isnull=False)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )


def unchained() -> tuple[int, datetime.datetime | None]:
    """How many committed events wait for the sequencer, and the time of the oldest."""
    waiting = AuditEvent.objects.filter(sequence__isnull=True).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
    return waiting["count"], waiting["oldest"]
