"""Reads about meetings, always starting from the signed-in user's memberships."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from meetings.models import Meeting

FEED_HISTORY = timedelta(days=90)


def upcoming_meetings_for_user(*, user: User, limit: int = 10) -> list[Meeting]:
    """Planned meetings still ahead in all the user's groups (the dashboard)."""
    return list(
        Meeting.objects.filter(
            group__memberships__user=user,
            status=Meeting.Status.PLANNED,
            ends_at__gt=timezone.now(),
        )
        .select_related("group")
        .order_by("starts_at")[:limit]
    )


def group_meetings(*, group_id: int) -> tuple[list[Meeting], list[Meeting]]:
    """The group's meetings: (ahead, soonest first; held or past, most recent first).
    Cancelled meetings stay in their place, marked as such."""
    now = timezone.now()
    meetings = list(Meeting.objects.filter(group_id=group_id).order_by("starts_at"))
    upcoming = [m for m in meetings if m.ends_at > now and m.status != Meeting.Status.CLOSED]
    past = [m for m in reversed(meetings) if not (m.ends_at > now and m.status != "closed")]
    return upcoming, past


def feed_meetings(*, user: User) -> QuerySet[Meeting]:
    """The user's meetings for the calendar feed: all their groups, three months back on."""
    return (
        Meeting.objects.filter(
            group__memberships__user=user, starts_at__gte=timezone.now() - FEED_HISTORY
        )
        .select_related("group")
        .order_by("starts_at")
    )
