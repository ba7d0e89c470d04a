"""Retention: archived and deceased patients are removed once their period has passed.

A patient is due when both the last meeting that discussed them and the last change to
their record lie more than `settings.RETENTION_MONTHS` months back (default 24). Removal
deletes the record and everything personal hanging off it; what the meetings advised stays
unlinked (agenda items lose their patient), frozen reports stay as they are, and access-log
events keep their pseudonymous patient id. Each removal is itself logged.
See docs/data-protection.md.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit.services import audit_record_by_system
from meetings.models import PreMeetingInput
from register.models import Patient

logger = logging.getLogger(__name__)
JOB = "retention"


@dataclass(frozen=True)
class DuePatient:
    patient_id: int
    group_id: int
    status: str
    last_discussed: datetime.datetime | None
    last_changed: datetime.datetime


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return months_before(now or timezone.now(), settings.RETENTION_MONTHS)


def retention_due(
    now: datetime.datetime | None = None, *, limit: int | None = None, after=None
) -> list[DuePatient]:
    """The patients whose retention period has passed, oldest first. Changes nothing.

    `limit` and `after` (the last DuePatient of the previous batch) read them in batches.
    """
    cutoff = retention_cutoff(now)
    patients = Patient.objects.filter(
        status__in=[Patient.Status.ARCHIVED, Patient.Status.DECEASED], updated_at__lt=cutoff
    )
    if after is not None:
        patients = patients.filter(
            Q(updated_at__gt=after.last_changed)
            | Q(updated_at=after.last_changed, pk__gt=after.patient_id)
        )
    patients = (
        patients.annotate(
            last_discussed=Max(
                "agenda_items__meeting__starts_at", filter=Q(agenda_items__discussed=True)
            )
        )
        .filter(Q(last_discussed__isnull=True) | Q(last_discussed__lt=cutoff))
        .order_by("updated_at", "pk")
        .values_list("pk", "group_id", "status", "last_discussed", "updated_at")
    )
    return [DuePatient(*row) for row in patients[:limit]]


def retention_apply(
    now: datetime.datetime | None = None, *, limit: int | None = None
) -> list[DuePatient]:
    """Removes due patients (at most `limit`), each in its own transaction with its log
    event. Reads them in batches of RETENTION_BATCH, so memory stays bounded."""
    removed = []
    for due in _due_in_batches(now, limit):
        with transaction.atomic():
            # Re-check under a row lock: the record may have changed since the listing.
            patient = (
                Patient.objects.select_for_update()
                .filter(pk=due.patient_id, updated_at=due.last_changed, status=due.status)
                .first()
            )
            if patient is None:
                continue
            # Input written for a meeting is about the person: it goes with them.
            PreMeetingInput.objects.filter(agenda_item__patient=patient).delete()
            patient.delete()
            audit_record_by_system(
                action="delete", group_id=due.group_id, patient_id=due.patient_id, job=JOB
            )
        removed.append(due)
    logger.info("retention removed patients", extra={"count": len(removed)})
    return removed


RETENTION_BATCH = 500


def _due_in_batches(now, limit):
    now = now or timezone.now()
    after, handed = None, 0
    while limit is None or handed < limit:
        size = RETENTION_BATCH if limit is None else min(RETENTION_BATCH, limit - handed)
        batch = retention_due(now, limit=size, after=after)
        yield from batch
        handed += len(batch)
        if len(batch) < size:
            return
        after = batch[-1]


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the
    last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month_first = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_first - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
