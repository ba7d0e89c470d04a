"""E-mail goes out once, only after the change that caused it committed (REL-02..04)."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from config import redis_breaker
from config.celery import app as celery_app
from outbox import services
from outbox.models import OutboundEmail
from outbox.services import MAX_ATTEMPTS, email_deliver, email_queue
from outbox.tasks import drain_outbox

pytestmark = pytest.mark.django_db


def queue(key="test:1", **overrides):
    fields = {"key": key, "to": "lid@example.nl", "subject": "Onderwerp", "text": "Tekst"}
    return email_queue(**{**fields, **overrides})


class FlakySMTPBackend(BaseEmailBackend):
    """An e-mail backend that fails a given number of times, then delivers."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left:
            FlakySMTPBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.extend(messages)
        return len(messages)


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the user's save failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_committed_change_sends_exactly_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue()  # the same key again: no second message
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_delivering_the_same_row_twice_sends_once(django_capture_on_commit_callbacks):
    message = queue()
    assert email_deliver(message_id=message.pk) == "sent"
    assert email_deliver(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_message_id_is_derived_from_the_key():
    first = queue(key="invitation:7")
    email_deliver(message_id=first.pk)
    OutboundEmail.objects.all().delete()
    second = queue(key="invitation:7")
    email_deliver(message_id=second.pk)
    ids = [sent.message()["Message-ID"] for sent in mail.outbox]
    assert ids[0] == ids[1]


def test_smtp_failures_are_retried_with_backoff_then_delivered(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FlakySMTPBackend"
    FlakySMTPBackend.failures_left = 3
    message = queue()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert email_deliver(message_id=message.pk) == "retry"
            message.refresh_from_db()
            assert message.next_attempt_at > timezone.now()
            clock.move_to(message.next_attempt_at)
        assert email_deliver(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert (message.attempts, len(mail.outbox)) == (4, 1)


class RefusingBackend(BaseEmailBackend):
    """A server that is up and refuses this recipient every time."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"lid@example.nl": (550, b"no such user")})


def test_a_message_refused_every_time_fails_after_ten_attempts(settings, caplog):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.RefusingBackend"
    message = queue()
    for _ in range(MAX_ATTEMPTS):
        email_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.FAILED
    assert message.attempts == message.refusals == MAX_ATTEMPTS
    assert "failed permanently" in caplog.text


def test_smtp_down_for_a_long_time_the_message_waits_and_goes_when_it_is_back(settings):
    """An outage is not the message's fault: it never fails for good because of one."""
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FlakySMTPBackend"
    FlakySMTPBackend.failures_left = 3 * MAX_ATTEMPTS
    message = queue()
    for _ in range(3 * MAX_ATTEMPTS):
        assert email_deliver(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.refusals) == (OutboundEmail.Status.PENDING, 0)
    assert message.next_attempt_at - timezone.now() <= settings.OUTBOX_RETRY_MAX
    assert email_deliver(message_id=message.pk) == "sent"
    assert len(mail.outbox) == 1


def test_broker_down_keeps_the_save_and_the_drainer_sends_later(
    django_capture_on_commit_callbacks, settings
):
    """With the broker unreachable the user's change still commits; the message waits."""
    original = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    _reset_broker_pool()
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    celery_app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue()
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = original
        _reset_broker_pool()
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.PENDING
    assert mail.outbox == []
    assert not redis_breaker.available()  # the next requests do not wait on the broker

    redis_breaker.reset()  # a few seconds later
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert drain_outbox() == 1
    assert len(mail.outbox) == 1
    assert drain_outbox() == 0


def test_drainer_leaves_fresh_messages_to_their_own_dispatch():
    queue()
    assert drain_outbox() == 0


def _reset_broker_pool():
    """Forget pooled broker connections, so the next publish uses the current URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class CountingBackend(BaseEmailBackend):
    """Delivers to mail.outbox and counts the SMTP connections it would open."""

    opened = 0
    refuse_after = None  # deliver this many, then behave like a server that went away

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        CountingBackend.opened += 1

    def send_messages(self, messages):
        if CountingBackend.refuse_after is not None and len(mail.outbox) >= self.refuse_after:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.CountingBackend"
    CountingBackend.opened, CountingBackend.refuse_after = 0, None
    return CountingBackend


def test_a_worker_that_died_mid_send_is_retried_only_after_its_lease(settings):
    """The claim is committed before the SMTP hand-over: while it holds, nobody else sends."""
    message = queue()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # A worker claims the message and dies before it records the outcome.
        [claimed] = services._claim([message.pk])
        assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENDING
        # Redis redelivers its task at once; the drainer runs: both leave it alone.
        assert email_deliver(message_id=message.pk) == "skipped"
        clock.move_to(start + settings.OUTBOX_LEASE - timedelta(seconds=1))
        assert drain_outbox() == 0
        assert mail.outbox == []
        clock.move_to(start + settings.OUTBOX_LEASE)
        assert drain_outbox() == 1
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundEmail.Status.SENT, 2)
    # The dead worker's late outcome cannot overwrite the newer attempt (fencing).
    assert services._record_failure(claimed, OSError("late"), server_down=True) == "retry"
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT


def test_a_message_that_keeps_stopping_its_worker_fails_in_the_end(settings):
    message = queue()
    OutboundEmail.objects.update(  # as a claim leaves it
        status=OutboundEmail.Status.SENDING,
        attempts=MAX_ATTEMPTS,
        refusals=MAX_ATTEMPTS - 1,
        next_attempt_at=timezone.now() + settings.OUTBOX_LEASE,
    )
    with time_machine.travel(timezone.now() + settings.OUTBOX_LEASE):
        assert drain_outbox() == 0
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.FAILED
    assert mail.outbox == []


def test_one_transaction_of_many_messages_is_sent_in_batches_over_one_connection(
    django_capture_on_commit_callbacks, counting_backend, monkeypatch
):
    from outbox import tasks

    services._unpublished.ids = []  # ids of earlier tests' never-committed transactions
    published = []
    original = tasks.deliver_emails.delay
    monkeypatch.setattr(
        tasks.deliver_emails, "delay", lambda ids: published.append(ids) or original(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for number in range(250):
                queue(key=f"bulk:{number}")
    assert [len(ids) for ids in published] == [100, 100, 50]
    assert counting_backend.opened == 3
    assert len(mail.outbox) == 250
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 250


def test_a_server_gone_mid_batch_keeps_what_was_sent_and_retries_the_rest(counting_backend):
    messages = [queue(key=f"batch:{number}") for number in range(5)]
    counting_backend.refuse_after = 2
    outcomes = services.email_deliver_many(message_ids=[message.pk for message in messages])
    assert list(outcomes.values()) == ["sent", "sent", "retry", "retry", "retry"]
    assert len(mail.outbox) == 2
    statuses = OutboundEmail.objects.order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["sent", "sent", "pending", "pending", "pending"]


def test_a_refused_recipient_does_not_hold_up_the_rest_of_the_batch(settings):
    assert not services._server_unavailable(smtplib.SMTPRecipientsRefused({"a@b.nl": (550, b"")}))
    assert not services._server_unavailable(smtplib.SMTPDataError(451, "try later"))
    assert services._server_unavailable(smtplib.SMTPDataError(421, "closing"))
    assert services._server_unavailable(smtplib.SMTPRecipientsRefused({"a@b.nl": (421, b"")}))
    assert services._server_unavailable(ConnectionRefusedError())


def test_a_broken_message_does_not_hold_up_the_rest_of_the_batch(counting_backend):
    broken = queue(key="broken", attachments=[{"filename": "agenda.ics"}])  # no content
    fine = queue(key="fine")
    outcomes = services.email_deliver_many(message_ids=[broken.pk, fine.pk])
    assert outcomes == {broken.pk: "retry", fine.pk: "sent"}
    broken.refresh_from_db()
    assert (broken.refusals, broken.last_error) == (1, "KeyError: 'content'")
    assert len(mail.outbox) == 1


# --- Recording "sent" when the database connection breaks (issue 17) -----------------------


@pytest.fixture
def broken_sent_record(monkeypatch):
    """Recording `sent` fails `times` times with a dropped connection (None: always)."""
    from types import SimpleNamespace

    from django.db import OperationalError

    from outbox import durability

    monkeypatch.setattr(durability, "connection", SimpleNamespace(close=lambda: None))
    monkeypatch.setattr(durability, "RECORD_PAUSE_SECONDS", 0)
    original = services._fenced
    state = {"left": 0}

    def fenced(message):
        query = original(message)
        if state["left"] is None or state["left"] > 0:
            if state["left"]:
                state["left"] -= 1
            query = SimpleNamespace(update=_raise(OperationalError("server closed the connection")))
        return query

    monkeypatch.setattr(services, "_fenced", fenced)
    return state


def _raise(error):
    def update(**fields):
        raise error

    return update


def test_sent_is_recorded_on_a_fresh_connection_after_the_connection_broke(
    broken_sent_record, django_capture_on_commit_callbacks
):
    broken_sent_record["left"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_sent_is_journaled_when_the_database_stays_away_and_never_sent_again(
    broken_sent_record, django_capture_on_commit_callbacks, settings
):
    """The server accepted the first message; the database does not answer. Its id goes
    to the local journal, the batch's other messages are released at once, and once the
    database answers the first is recorded as sent, not sent again."""
    from outbox.durability import journal_ids

    broken_sent_record["left"] = None
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            first, second, third = (queue(key=f"batch:{n}") for n in range(3))
    with pytest.raises(Exception, match="server closed"):
        services.email_deliver_many(message_ids=[first.pk, second.pk, third.pk])
    assert journal_ids() == {first.pk}
    assert len(mail.outbox) == 1
    statuses = dict(OutboundEmail.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "sending", second.pk: "pending", third.pk: "pending"}
    assert OutboundEmail.objects.filter(pk=second.pk, next_attempt_at__lte=timezone.now()).exists()

    broken_sent_record["left"] = 0  # the database is back
    with time_machine.travel(timezone.now() + settings.OUTBOX_LEASE + timedelta(seconds=1)):
        drain_outbox()
    assert dict(OutboundEmail.objects.values_list("pk", "status")) == {
        first.pk: "sent", second.pk: "sent", third.pk: "sent",
    }  # fmt: skip
    assert len(mail.outbox) == 3  # the first once, the other two once each
    assert journal_ids() == set()


def test_a_killed_worker_frees_its_messages_within_a_minute():
    """Lease plus drainer interval: a killed worker's claimed messages are dispatched
    again within 60 s, measured from when a worker is available (docs/outbox.md)."""
    from config.settings import base

    assert base.OUTBOX_LEASE.total_seconds() + base.OUTBOX_DRAIN_INTERVAL < 60
