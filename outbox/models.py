from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """An e-mail written in the same transaction as the change that causes it.

    A row exists only if that change committed, and `key` is unique, so each message
    is queued once. `sending` is a worker's lease on the row, committed before the SMTP
    hand-over; `next_attempt_at` is then the lease's expiry (docs/outbox.md).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Each: {"filename", "content", "mimetype"}; calendar invitations use this.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # Every claim by a worker; also the fencing token of that claim's outcome.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Attempts that failed because of this message (refused, or its worker died sending
    # it), not because the server was down: these make a message fail for good.
    refusals = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class Heartbeat(models.Model):
    """When a background process last showed it was alive: `worker:<name>` every
    `OUTBOX_HEARTBEAT_INTERVAL`, `drainer` on every run of the beat's drain job. The
    health check reads them (config/health.py)."""

    name = models.CharField(_("name"), max_length=200, primary_key=True)
    seen_at = models.DateTimeField(_("seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"
