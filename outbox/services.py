"""Queue e-mail transactionally; deliver each key once. See docs/outbox.md.

A message moves pending → sending → sent (or back to pending for a retry, or failed).
`sending` is a lease committed *before* the SMTP hand-over: a second worker never takes a
message another worker is sending, and a message whose worker died mid-send is retried
only when its lease has run out (the task is killed before that: see outbox.tasks).
"""

import hashlib
import logging
import smtplib
import threading
from collections.abc import Iterable
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from config import redis_breaker
from outbox.durability import (
    LeaseKeeper,
    journal_ids,
    journal_remember,
    journal_replay,
    still_claimed,
    with_fresh_connection,
)
from outbox.models import Heartbeat, OutboundEmail

logger = logging.getLogger(__name__)

# A message fails for good after this many attempts that went wrong because of *it*: the
# server refused it, or its worker died sending it. While the server itself is down or
# unreachable a message waits however long that takes (retrying every RETRY_MAX).
MAX_ATTEMPTS = 10
# Messages per deliver task: one SMTP connection and one claim query for all of them.
BATCH_SIZE = 100
# How many due messages one drainer run dispatches.
DRAIN_LIMIT = 10_000

Status = OutboundEmail.Status


def email_queue(
    *, key: str, to: str, subject: str, text: str, html: str = "", attachments=()
) -> OutboundEmail:
    """Writes the e-mail in the caller's transaction; it is dispatched after commit.

    Queuing the same key twice returns the existing row: nothing is sent twice.
    """
    message, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject[:250],
            "body_text": text,
            "body_html": html,
            "attachments": list(attachments),
            "next_attempt_at": timezone.now() + dispatch_grace(),
        },
    )
    if created:
        _dispatch_after_commit(message.pk)
    return message


def email_queue_many(messages) -> int:
    """`email_queue` for many messages at once (reminders): the same idempotency per key
    and the same dispatch after commit, in a handful of queries instead of one per row.

    `messages` are dicts with the keyword arguments of `email_queue`. Returns how many
    were new; keys already queued are left alone.
    """
    messages = list({message["key"]: message for message in messages}.values())
    keys = [message["key"] for message in messages]
    existing = set()
    for chunk in _chunks(keys):
        existing.update(OutboundEmail.objects.filter(key__in=chunk).values_list("key", flat=True))
    due = timezone.now() + dispatch_grace()
    rows = [
        OutboundEmail(
            key=message["key"],
            to=message["to"],
            subject=message["subject"][:250],
            body_text=message["text"],
            body_html=message.get("html", ""),
            attachments=list(message.get("attachments", ())),
            next_attempt_at=due,
        )
        for message in messages
        if message["key"] not in existing
    ]
    # A concurrent caller may insert the same key meanwhile: the unique key wins, and a
    # second dispatch of that row is a no-op in `email_deliver_many`.
    OutboundEmail.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    new_keys = [row.key for row in rows]
    if new_keys:
        transaction.on_commit(lambda: _dispatch_keys(new_keys))
    return len(rows)


def _dispatch_keys(keys: list[str]) -> None:
    message_ids = []
    for chunk in _chunks(keys):
        message_ids += OutboundEmail.objects.filter(
            key__in=chunk, status=Status.PENDING
        ).values_list("pk", flat=True)
    email_dispatch(message_ids=message_ids)


def _chunks(items: list, size: int = 1000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Ids queued in this thread whose transaction has not committed yet. Every queued message
# registers the same flush, so a transaction that queues 10,000 messages publishes 100
# tasks, not 10,000. An id left behind by a rolled-back transaction is published with
# the next flush and skipped by the worker (its row does not exist): harmless.
_unpublished = threading.local()


def _dispatch_after_commit(message_id: int) -> None:
    if not hasattr(_unpublished, "ids"):
        _unpublished.ids = []
    _unpublished.ids.append(message_id)
    transaction.on_commit(_flush_unpublished)


def _flush_unpublished() -> None:
    message_ids, _unpublished.ids = getattr(_unpublished, "ids", []), []
    if message_ids:
        email_dispatch(message_ids=message_ids)


def email_dispatch(*, message_id: int | None = None, message_ids: Iterable[int] = ()) -> None:
    """Hands messages to the workers in batches. A broker outage is logged, never raised:
    the user's change has committed and the drainer dispatches the rows later."""
    from outbox.tasks import deliver_emails

    message_ids = list(message_ids) + ([message_id] if message_id is not None else [])
    if not message_ids:
        return
    if not redis_breaker.available():  # Redis failed a moment ago: do not wait on it again
        logger.warning("outbox dispatch skipped (Redis unavailable); the drainer will retry")
        _due_now(message_ids)
        return
    try:
        for start in range(0, len(message_ids), BATCH_SIZE):
            deliver_emails.delay(message_ids[start : start + BATCH_SIZE])
    except Exception:  # any broker failure: the rows stay pending
        redis_breaker.trip()
        logger.warning("outbox dispatch failed; the drainer will retry", exc_info=True)
        _due_now(message_ids)


def _due_now(message_ids: list[int]) -> None:
    """Not handed to a worker: the drainer's next run takes them, not one after the grace."""
    OutboundEmail.objects.filter(pk__in=message_ids, status=Status.PENDING).update(
        next_attempt_at=timezone.now()
    )


def email_deliver(*, message_id: int) -> str:
    """Sends one message: "sent", "retry", "failed", or "skipped" when it is not pending
    (already sent, or being sent by another worker)."""
    return email_deliver_many(message_ids=[message_id]).get(message_id, "skipped")


def email_deliver_many(*, message_ids: Iterable[int]) -> dict[int, str]:
    """Sends the pending ones among `message_ids` over one SMTP connection.

    Safe to call twice or concurrently for the same ids: only the worker whose claim
    committed sends, and each message is marked sent right after the server accepted it
    (on a fresh connection if need be, else through the journal: outbox.durability).
    While the batch runs its lease is renewed; if the task fails, the messages it has
    not finished are released at once. Returns the outcome per claimed id.
    """
    journal_replay()
    messages = _claim(message_ids)
    outcomes: dict[int, str] = {}
    if not messages:
        return outcomes
    with LeaseKeeper(messages) as lease:
        try:
            _send_batch(messages, outcomes, lease)
        except Exception:
            _release(lease.unfinished())
            raise
        _release(lease.unfinished())  # the lease went stale: the rest waits for a worker
    return outcomes


def _send_batch(messages: list[OutboundEmail], outcomes: dict[int, str], lease) -> None:
    def finish(message, outcome):
        outcomes[message.pk] = outcome
        lease.finished(message.pk)

    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        # Opened here, the connection serves the whole batch (send_messages would open and
        # close one per message).
        connection.open()
    except Exception as error:  # noqa: BLE001 - refused, timed out, TLS or login failed
        logger.warning("outbox: mail server unavailable, %d messages wait", len(messages))
        for message in messages:
            finish(message, _record_failure(message, error, server_down=True))
        return
    try:
        for index, message in enumerate(messages):
            if not lease.fresh():  # the database did not renew the lease lately
                logger.warning("outbox: lease not renewed; releasing the rest of the batch")
                return
            try:
                email = _build(message, connection)
            except Exception as error:  # noqa: BLE001 - a broken row must not stop the batch
                finish(message, _record_failure(message, error, server_down=False))
                continue
            try:
                connection.send_messages([email])
            except Exception as error:  # noqa: BLE001 - SMTP can fail in many ways
                server_down = _server_unavailable(error)
                finish(message, _record_failure(message, error, server_down=server_down))
                if server_down:
                    logger.warning(
                        "outbox: mail server unavailable, %d messages wait", len(messages) - index
                    )
                    # The rest of the batch would fail the same way (each after a
                    # timeout); retry them all later.
                    for untried in messages[index + 1 :]:
                        finish(untried, _record_failure(untried, error, server_down=True))
                    return
                continue
            lease.finished(message.pk)  # accepted: never released, whatever happens next
            outcomes[message.pk] = _record_sent(message)
    finally:
        try:
            connection.close()
        except Exception:
            logger.debug("closing the SMTP connection failed", exc_info=True)


def _release(claims: dict[int, int]) -> None:
    """Claimed messages this worker will not send after all: due again at once."""
    if not claims:
        return

    def release():
        journaled = journal_ids()
        return sum(
            claimed.exclude(pk__in=journaled).update(
                status=Status.PENDING, next_attempt_at=timezone.now()
            )
            for claimed in still_claimed(claims)
        )

    released = with_fresh_connection(release)
    logger.warning("outbox: %s unsent messages of a stopped batch released", released)


def _claim(message_ids: Iterable[int]) -> list[OutboundEmail]:
    """Leases the pending messages among the ids to this worker, committed before sending.

    Every claim counts as an attempt; the new attempt number fences the outcome update,
    so a worker that outlived its lease cannot overwrite a later attempt's result.
    """
    lease_until = timezone.now() + settings.OUTBOX_LEASE
    with transaction.atomic():
        messages = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(message_ids), status=Status.PENDING)
            .order_by("pk")
        )
        if messages:
            OutboundEmail.objects.filter(pk__in=[message.pk for message in messages]).update(
                status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=lease_until
            )
    for message in messages:
        message.attempts += 1
        message.status = Status.SENDING
    return messages


def _record_sent(message: OutboundEmail) -> str:
    """The server accepted the message: record it, on a fresh connection if the current
    one broke, and in the local journal if the database stays unreachable."""
    try:
        updated = with_fresh_connection(
            lambda: _fenced(message).update(
                status=Status.SENT, sent_at=timezone.now(), last_error=""
            )
        )
    except DatabaseError:
        journal_remember(message.pk)
        raise
    if not updated:
        logger.error("outbox lease expired while sending", extra={"key": message.key})
    return "sent"


def _record_failure(message: OutboundEmail, error: Exception, *, server_down: bool) -> str:
    last_error = f"{type(error).__name__}: {error}"[:500]
    if not server_down and message.refusals + 1 >= MAX_ATTEMPTS:
        _fenced(message).update(
            status=Status.FAILED, refusals=F("refusals") + 1, last_error=last_error
        )
        logger.error("outbox message failed permanently", extra={"key": message.key})
        return "failed"
    _fenced(message).update(
        status=Status.PENDING,
        refusals=F("refusals") + (0 if server_down else 1),
        last_error=last_error,
        next_attempt_at=timezone.now() + _backoff(message.attempts),
    )
    return "retry"


def _fenced(message: OutboundEmail):
    return OutboundEmail.objects.filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    )


def _server_unavailable(error: Exception) -> bool:
    """A refused sender, recipient or content concerns one message; a refused connection,
    a timeout, a hang-up or 421 ("service not available") concerns the server."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421 or isinstance(error, smtplib.SMTPConnectError)
    return isinstance(error, OSError)  # SMTPServerDisconnected, refused, timed out


def email_drain(*, limit: int = DRAIN_LIMIT) -> int:
    """Dispatches what is due, returning how many: rows never dispatched (the broker was
    down), waiting for a retry, or left `sending` by a worker that died (lease expired).

    Dispatched rows get a fresh grace period, so a backlog is not dispatched again and
    again while the workers work through it.
    """
    journal_replay()  # before a lease of a message the server accepted can be released
    now = timezone.now()
    expired = OutboundEmail.objects.filter(status=Status.SENDING, next_attempt_at__lte=now)
    stopped = "lease expired: the worker stopped while sending"
    # A message that stopped its worker every time (it crashes it) must not loop forever.
    crashing = expired.filter(refusals__gte=MAX_ATTEMPTS - 1)
    if crashing.update(status=Status.FAILED, refusals=F("refusals") + 1, last_error=stopped):
        logger.error("outbox messages failed permanently: their workers kept stopping")
    released = expired.update(status=Status.PENDING, refusals=F("refusals") + 1, last_error=stopped)
    if released:
        logger.warning("outbox released %d messages of stopped workers", released)
    message_ids = due_message_ids(limit=limit)
    if message_ids:
        OutboundEmail.objects.filter(pk__in=message_ids, status=Status.PENDING).update(
            next_attempt_at=now + dispatch_grace()
        )
        email_dispatch(message_ids=message_ids)
    return len(message_ids)


def heartbeat(name: str) -> None:
    """A background process is alive (read by the health check)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def due_message_ids(*, limit: int = DRAIN_LIMIT) -> list[int]:
    return list(
        OutboundEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def dispatch_grace() -> timedelta:
    """How long the drainer leaves a dispatched row alone: its task is on its way."""
    return settings.OUTBOX_DISPATCH_GRACE


def _backoff(attempts: int) -> timedelta:
    return min(settings.OUTBOX_RETRY_BASE * 2 ** (attempts - 1), settings.OUTBOX_RETRY_MAX)


def _build(message: OutboundEmail, connection) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + message.subject,
        body=message.body_text,
        to=[message.to],
        connection=connection,
        # The same key always gives the same Message-ID, so a mail server or client can
        # recognise a duplicate (the server accepted, the worker died before recording it).
        # Every mail the portal sends is automatic (RFC 3834): no out-of-office replies.
        headers={"Message-ID": _message_id(message.key), "Auto-Submitted": "auto-generated"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        if attachment.get("method"):
            # A calendar invitation: as a text/calendar part with the same METHOD as the
            # file (Outlook and Google read that part), and as an .ics file for the rest.
            email.attach_alternative(
                attachment["content"], f"text/calendar; method={attachment['method']}"
            )
        email.attach(_file_part(attachment))
    return email


def _file_part(attachment: dict) -> MIMEBase:
    """A text file as UTF-8 bytes with its charset, base64-encoded. (Django would encode
    a non-text str with Python's raw-unicode-escape, garbling every non-ASCII letter.)"""
    content = attachment["content"].encode("utf-8")
    part = MIMEBase(*attachment["mimetype"].split("/", 1), charset="utf-8")
    part.set_payload(content)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def _message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">").strip() or "localhost"
    return f"<{digest}@{domain}>"
