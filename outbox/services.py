"""Queue e-mail transactionally; deliver it at most once per key. See docs/outbox.md."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(minutes=10)
# The drainer leaves fresh rows alone for a while: the on-commit dispatch is on its way.
DISPATCH_GRACE = timedelta(minutes=2)


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
            "next_attempt_at": timezone.now() + DISPATCH_GRACE,
        },
    )
    if created:
        transaction.on_commit(lambda: email_dispatch(message_id=message.pk))
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
    due = timezone.now() + DISPATCH_GRACE
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
    # second dispatch of that row is a no-op in `email_deliver`.
    OutboundEmail.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    new_keys = [row.key for row in rows]
    if new_keys:
        transaction.on_commit(lambda: _dispatch_keys(new_keys))
    return len(rows)


def _dispatch_keys(keys: list[str]) -> None:
    for chunk in _chunks(keys):
        pending = OutboundEmail.objects.filter(
            key__in=chunk, status=OutboundEmail.Status.PENDING
        ).values_list("pk", flat=True)
        for message_id in pending:
            email_dispatch(message_id=message_id)


def _chunks(items: list, size: int = 1000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def email_dispatch(*, message_id: int) -> None:
    """Hands the message to a worker. A broker outage is logged, never raised: the
    user's change has committed and the drainer will dispatch the row later."""
    from outbox.tasks import deliver_email

    try:
        deliver_email.delay(message_id)
    except Exception:  # any broker failure: the row stays pending
        logger.warning("outbox dispatch failed; the drainer will retry", exc_info=True)


def email_deliver(*, message_id: int) -> str:
    """Sends one pending message. Safe to call twice or concurrently for the same row."""
    with transaction.atomic():
        message = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"
        message.attempts += 1
        try:
            _build(message).send()
        except Exception as error:  # noqa: BLE001 - SMTP can fail in many ways
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboundEmail.Status.FAILED
                logger.error("outbox message failed permanently", extra={"key": message.key})
            else:
                message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return "retry" if message.status == OutboundEmail.Status.PENDING else "failed"
        message.status = OutboundEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return "sent"


def due_message_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def _build(message: OutboundEmail) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + message.subject,
        body=message.body_text,
        to=[message.to],
        # The same key always gives the same Message-ID, so a mail server or client can
        # recognise a rare duplicate (a worker killed right after the SMTP hand-over).
        headers={"Message-ID": _message_id(message.key)},
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
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def _message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">").strip() or "localhost"
    return f"<{digest}@{domain}>"
