"""Writes for planning meetings: plan, change, cancel, invite, remind; the calendar feed.

Callers pass a user whose membership `meetings.access` allows the action; the services
check it again (defence in depth). Every e-mail goes through the outbox in the caller's
transaction, keyed per meeting × recipient × kind × sequence, so nothing is sent twice.
See docs/meetings.md.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from config import date_rules
from config.dutch_dates import dutch_date
from meetings.access import MeetingAction, require
from meetings.calendar import Method, invitation_ics, meetings_url
from meetings.models import CalendarFeed, Meeting
from networks.models import MDOGroup, Membership
from outbox.services import email_queue, email_queue_many

REMINDER_LEAD_TIME = timedelta(days=7)
SLOT_FIELDS = ("starts_at", "ends_at", "location", "video_link")


class Kind:
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"


def message_key(*, meeting: Meeting, user_id: int, kind: str) -> str:
    """The outbox's idempotency key: one message per meeting × recipient × kind × sequence."""
    return f"meeting:{meeting.pk}:user:{user_id}:{kind}:{meeting.sequence}"


# --- Validation -------------------------------------------------------------------------


def slot_problems(*, group: MDOGroup, slot: dict, meeting: Meeting | None = None) -> list[str]:
    """What is wrong with one date to plan (or a changed date): clear Dutch messages."""
    starts_at, ends_at = slot.get("starts_at"), slot.get("ends_at")
    problems = []
    if starts_at is None or ends_at is None:
        return [_("Enter a date, a start time and an end time.")]
    if ends_at <= starts_at:
        problems.append(_("The end time must be after the start time."))
    if problem := date_rules.meeting_start_problem(starts_at):
        problems.append(problem)
    if not (slot.get("location") or "").strip() and not (slot.get("video_link") or "").strip():
        problems.append(_("Enter a place or a video link."))
    others = Meeting.objects.filter(group=group, starts_at=starts_at).exclude(
        status=Meeting.Status.CANCELLED
    )
    if meeting is not None:
        others = others.exclude(pk=meeting.pk)
    if others.exists():
        problems.append(
            _("This group already has a meeting on %(moment)s.") % {"moment": _moment(starts_at)}
        )
    return problems


def _moment(value) -> str:
    return dutch_date(value)


def _distance(starts_at, now) -> str:
    """When a meeting is, counted in calendar days from now: "tuesday 22 december, in
    4 days", "tomorrow, tuesday 22 december" (translated)."""
    local = timezone.localtime(starts_at)
    date = formats.date_format(local, "l j F")
    days = (local.date() - timezone.localtime(now).date()).days
    if days == 0:
        return _("today, %(date)s") % {"date": date}
    if days == 1:
        return _("tomorrow, %(date)s") % {"date": date}
    return ngettext("on %(date)s, in %(count)d day", "on %(date)s, in %(count)d days", days) % {
        "date": date,
        "count": days,
    }


def _leader(user: User, group: MDOGroup, meeting: Meeting | None = None) -> Membership:
    membership = Membership.objects.filter(user=user, group=group).first()
    if membership is None or not user.is_active:
        raise Http404
    require(membership, MeetingAction.PLAN, meeting)
    return membership


def _clean_slot(slot: dict) -> dict:
    return {
        "starts_at": slot.get("starts_at"),
        "ends_at": slot.get("ends_at"),
        "location": (slot.get("location") or "").strip(),
        "video_link": (slot.get("video_link") or "").strip(),
    }


# --- Planning ---------------------------------------------------------------------------


@transaction.atomic
def meetings_plan(*, user: User, group: MDOGroup, slots: list[dict]) -> list[Meeting]:
    """Plans one or more meetings and invites every member of the group to each.

    `slots` are dicts with starts_at, ends_at (aware datetimes), location, video_link.
    Raises ValidationError (nothing planned) when any slot is wrong.
    """
    _leader(user, group)
    slots = [_clean_slot(slot) for slot in slots]
    if not slots:
        raise ValidationError(_("Enter at least one meeting date."))
    # Lock the group row: two chairs planning the same date at once cannot both pass.
    MDOGroup.objects.select_for_update().filter(pk=group.pk).first()
    problems = []
    seen = set()
    for slot in slots:
        problems += slot_problems(group=group, slot=slot)
        if slot["starts_at"] in seen:
            problems.append(
                _("The meeting on %(moment)s is in the list twice.")
                % {"moment": _moment(slot["starts_at"])}
            )
        seen.add(slot["starts_at"])
    if problems:
        raise ValidationError(problems)
    meetings = [
        Meeting.objects.create(group=group, created_by=user, **slot)
        for slot in sorted(slots, key=lambda slot: slot["starts_at"])
    ]
    recipients = _recipients(group.pk)
    for meeting in meetings:
        _send(meeting, Kind.INVITATION, recipients)
    return meetings


@transaction.atomic
def meeting_update(*, user: User, meeting: Meeting, **changes) -> Meeting:
    """Changes date, time, place or video link; members get an update (SEQUENCE + 1).

    Saving without a real change sends nothing.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _leader(user, meeting.group, meeting)
    _require_planned(meeting)
    MDOGroup.objects.select_for_update().filter(pk=meeting.group_id).first()
    slot = _clean_slot(
        {field: changes.get(field, getattr(meeting, field)) for field in SLOT_FIELDS}
    )
    problems = slot_problems(group=meeting.group, slot=slot, meeting=meeting)
    if problems:
        raise ValidationError(problems)
    changed = [field for field in SLOT_FIELDS if getattr(meeting, field) != slot[field]]
    if not changed:
        return meeting
    for field in changed:
        setattr(meeting, field, slot[field])
    meeting.sequence += 1
    # A new date deserves a new reminder.
    if "starts_at" in changed:
        meeting.reminder_sent_at = None
        changed.append("reminder_sent_at")
    meeting.save(update_fields=[*changed, "sequence", "updated_at"])
    _send(meeting, Kind.UPDATE, _recipients(meeting.group_id))
    return meeting


@transaction.atomic
def meeting_cancel(*, user: User, meeting: Meeting) -> Meeting:
    """Cancels a planned meeting; members' calendars remove it (METHOD:CANCEL)."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _leader(user, meeting.group, meeting)
    _require_planned(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    _send(meeting, Kind.CANCELLATION, _recipients(meeting.group_id))
    return meeting


def _require_planned(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled and can no longer be changed."))
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting has been closed and can no longer be changed."))


# --- Invitations ------------------------------------------------------------------------


def _recipients(group_id: int) -> list[tuple[int, str, str]]:
    return list(
        Membership.objects.filter(group_id=group_id, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "user__email", "user__full_name")
    )


SUBJECTS = {
    Kind.INVITATION: gettext_lazy("MDO %(group)s on %(moment)s"),
    Kind.UPDATE: gettext_lazy("Changed: MDO %(group)s on %(moment)s"),
    Kind.CANCELLATION: gettext_lazy("Cancelled: MDO %(group)s on %(moment)s"),
    Kind.REMINDER: gettext_lazy("Reminder: MDO %(group)s on %(moment)s, update the register"),
}


def _subject(meeting: Meeting, kind: str) -> str:
    return str(SUBJECTS[kind]) % {"group": meeting.group.name, "moment": _moment(meeting.starts_at)}


def _send(meeting: Meeting, kind: str, recipients) -> None:
    """Queues one message with a calendar file per recipient, in the caller's transaction."""
    method = Method.CANCEL if kind == Kind.CANCELLATION else Method.REQUEST
    text = render_to_string(
        f"meetings/email/{kind}.txt",
        {
            "meeting": meeting,
            "moment": _moment(meeting.starts_at),
            "link": meetings_url(meeting.group_id),
        },
    )
    subject = _subject(meeting, kind)
    for user_id, email, full_name in recipients:
        ics = invitation_ics(
            meeting=meeting, method=method, attendee_email=email, attendee_name=full_name
        )
        email_queue(
            key=message_key(meeting=meeting, user_id=user_id, kind=kind),
            to=email,
            subject=subject,
            text=text,
            attachments=[
                {
                    "filename": "cancel.ics" if method == Method.CANCEL else "invite.ics",
                    "content": ics,
                    "mimetype": "application/ics",
                    "method": method,
                }
            ],
        )


def invitations_for_new_member(*, membership: Membership) -> int:
    """A new member gets the invitations for the group's planned meetings still ahead."""
    upcoming = Meeting.objects.filter(
        group_id=membership.group_id, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
    ).select_related("group")
    user = membership.user
    for meeting in upcoming:
        _send(meeting, Kind.INVITATION, [(user.pk, user.email, user.full_name)])
    return len(upcoming)


# --- Reminders --------------------------------------------------------------------------


@transaction.atomic
def reminders_enqueue_due(now=None) -> int:
    """Queues the reminder for every member of every planned meeting starting within
    seven days that has not had its reminder. Safe to run twice or concurrently: the
    meetings are locked and marked in the same transaction, and the keys are unique.

    Meetings that already started are never reminded. Returns how many mails were queued.
    """
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Meeting.Status.PLANNED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_LEAD_TIME,
        )
        .select_related("group")
    )
    if not meetings:
        return 0
    members_by_group: dict[int, list] = {}
    for group_id, user_id, email in (
        Membership.objects.filter(
            group_id__in={meeting.group_id for meeting in meetings}, user__is_active=True
        )
        .order_by("group_id", "user_id")
        .values_list("group_id", "user_id", "user__email")
    ):
        members_by_group.setdefault(group_id, []).append((user_id, email))
    messages = []
    for meeting in meetings:
        # One text per meeting: the reminder carries nothing personal.
        subject = _subject(meeting, Kind.REMINDER)
        text = render_to_string(
            "meetings/email/reminder.txt",
            {
                "meeting": meeting,
                "moment": _moment(meeting.starts_at),
                "when": _distance(meeting.starts_at, now),
                "link": meetings_url(meeting.group_id),
                "register_link": _register_url(meeting.group_id),
                "prepare_link": settings.PORTAL_BASE_URL.rstrip("/")
                + reverse("meeting_run:prepare", args=[meeting.group_id, meeting.pk]),
            },
        )
        messages += [
            {
                "key": message_key(meeting=meeting, user_id=user_id, kind=Kind.REMINDER),
                "to": email,
                "subject": subject,
                "text": text,
            }
            for user_id, email in members_by_group.get(meeting.group_id, [])
        ]
    queued = email_queue_many(messages)
    Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).update(reminder_sent_at=now)
    return queued


def _register_url(group_id: int) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("register:list", args=[group_id])


# --- Private calendar feed --------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """A new secret feed token for the user; the old link stops working at once.

    Returns the token: it is shown once, only its hash is stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": feed_token_hash(token), "created_at": timezone.now()}
    )
    return token


def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def feed_user(token: str) -> User | None:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None
