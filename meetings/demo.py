"""Fictional demo meetings. Written directly, without invitations: demo data sends no mail."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from meetings.models import Meeting
from networks.models import MDOGroup

PLACES = ["Gezondheidscentrum De Linde, vergaderzaal 2", "Huisartsenpraktijk Het Plein"]


def load_demo_meetings() -> None:
    """One upcoming meeting per group (idempotent): a Tuesday three weeks ahead, 12:30–14:00."""
    today = timezone.localdate()
    day = today + timedelta(days=21 + (1 - today.weekday()) % 7)
    for index, group in enumerate(MDOGroup.objects.order_by("pk")):
        if Meeting.objects.filter(
            group=group, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        ).exists():
            continue
        Meeting.objects.create(
            group=group,
            starts_at=timezone.make_aware(datetime.combine(day, time(12, 30))),
            ends_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
            location=PLACES[index % len(PLACES)] if index % 3 != 2 else "",
            video_link="https://meet.example.nl/mdo-demo" if index % 3 == 2 else "",
        )
