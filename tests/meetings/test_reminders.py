"""One-week reminders: due ones queued once, whatever how often the beat job runs."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from meetings.tasks import enqueue_due_reminders
from outbox.models import OutboundEmail
from tests.factories import MeetingFactory, MembershipFactory
from tests.meetings.conftest import meeting_emails

pytestmark = pytest.mark.django_db


def _meeting_in(group, delta, **extra):
    starts_at = timezone.now() + delta
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **extra
    )


def test_members_are_reminded_a_week_ahead_once(group, members):
    due = _meeting_in(group, timedelta(days=6, hours=23))
    too_early = _meeting_in(group, timedelta(days=8))
    cancelled = _meeting_in(group, timedelta(days=3), status=Meeting.Status.CANCELLED)
    started = _meeting_in(group, timedelta(minutes=-5))

    assert enqueue_due_reminders() == len(members)
    assert enqueue_due_reminders() == 0  # the beat job ran again: nothing new
    assert services.reminders_enqueue_due() == 0

    reminders = meeting_emails(due, "reminder")
    assert sorted(m.to for m in reminders) == sorted(m.user.email for m in members)
    assert {m.key for m in reminders} == {
        f"meeting:{due.pk}:user:{m.user_id}:reminder:0" for m in members
    }
    for message in reminders:
        assert message.subject.startswith(f"Herinnering: MDO {group.name} op ")
        assert "werk het register bij" in message.subject
        register_link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "register:list", args=[group.pk]
        )
        assert register_link in message.body_text
        assert "Werk vóór het overleg het register bij" in message.body_text
    for other in (too_early, cancelled, started):
        assert meeting_emails(other, "reminder") == []
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_a_late_scanner_catches_up_but_skips_meetings_already_started(group, members):
    now = timezone.now()
    soon = _meeting_in(group, timedelta(hours=2))
    _meeting_in(group, timedelta(hours=-1))  # started while the scanner was down
    assert services.reminders_enqueue_due(now=now) == len(members)
    assert len(meeting_emails(soon, "reminder")) == len(members)
    assert OutboundEmail.objects.filter(key__contains=":reminder:").count() == len(members)


def test_a_moved_meeting_is_reminded_again_under_its_new_sequence(group, chair_membership, members):
    meeting = _meeting_in(group, timedelta(days=5))
    services.reminders_enqueue_due()
    new_start = meeting.starts_at + timedelta(days=1)
    services.meeting_update(
        user=chair_membership.user,
        meeting=meeting,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
    )
    assert services.reminders_enqueue_due() == len(members)
    keys = sorted(m.key.rsplit(":", 1)[1] for m in meeting_emails(meeting, "reminder"))
    assert keys == ["0"] * len(members) + ["1"] * len(members)


def test_existing_keys_are_not_queued_twice(group, members):
    meeting = _meeting_in(group, timedelta(days=2))
    # A reminder already in the outbox (say, from a run whose marking was lost).
    OutboundEmail.objects.create(
        key=services.message_key(meeting=meeting, user_id=members[0].user_id, kind="reminder"),
        to=members[0].user.email,
        subject="x",
        body_text="x",
    )
    assert services.reminders_enqueue_due() == len(members) - 1
    assert len(meeting_emails(meeting, "reminder")) == len(members)


def test_reminders_are_dispatched_after_commit(group, members, django_capture_on_commit_callbacks):
    _meeting_in(group, timedelta(days=2))
    with django_capture_on_commit_callbacks() as callbacks:
        services.reminders_enqueue_due()
    assert len(callbacks) == 1


def test_many_reminders_take_a_fixed_number_of_queries(django_assert_max_num_queries, group):
    for _ in range(30):
        MembershipFactory(group=group)
    for days in (1, 2, 3):
        _meeting_in(group, timedelta(days=days))
    with django_assert_max_num_queries(10):
        assert services.reminders_enqueue_due() == 90
