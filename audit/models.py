"""The access log for patient data (NEN 7513). See docs/audit-log.md.

Rows are only ever added: the model, its queryset and database triggers refuse changes,
and a hash chain over the rows makes any change that slips past them detectable.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Role


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access-log row through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only: rows cannot be updated.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only: rows cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        # Refused before Django opens its own transaction, which our update() would spoil.
        raise AppendOnlyError("The access log is append-only: rows cannot be updated.")


class AuditAction(models.TextChoices):
    LIST = "list", _("listed")
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    SWITCH_TARGET_GROUP = "switch_target_group", _("switched target group")
    EXPORT = "export", _("exported")
    DELETE = "delete", _("deleted")
    AUDIT_READ = "audit_read", _("read the access log")
    # Meeting reports are anonymised and span many patients: recorded per group.
    REPORT_VIEW = "report_view", _("viewed a meeting report")
    REPORT_EXPORT = "report_export", _("exported a meeting report or attendance list")
    # An administrator acting on someone's account (no patient, no group).
    ACCOUNT_TWO_STEP_RESET = "account_two_step_reset", _("reset someone's two-step verification")


# Actions that need not concern one patient: a list of patients, a look at the log.
ACTIONS_WITHOUT_PATIENT = frozenset(
    {
        AuditAction.LIST,
        AuditAction.AUDIT_READ,
        AuditAction.REPORT_VIEW,
        AuditAction.REPORT_EXPORT,
        AuditAction.ACCOUNT_TWO_STEP_RESET,
    }
)
# The role recorded for a national administrator (superuser) acting outside any group.
ADMIN_ROLE = "admin"
# Who acts when the portal itself does something to patient data (retention).
SYSTEM_ROLE = "system"
SYSTEM_USER_ID = 0


class AuditEvent(models.Model):
    Action = AuditAction

    # The chain columns stay empty until the sequencer chains the row (on PostgreSQL a
    # request only inserts its event; see audit.services.sequence_pending).
    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True, null=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    # Plain numbers, not foreign keys: removing a user, group or patient must never
    # cascade into (or be blocked by) the log, and the log must outlive them.
    user_id = models.BigIntegerField(_("user id"))
    user_display = models.CharField(_("user"), max_length=300)
    role = models.CharField(_("role"), max_length=32)
    membership_id = models.BigIntegerField(_("membership id"), null=True, blank=True)
    group_id = models.BigIntegerField(_("MDO group id"), null=True, blank=True)
    # The register's internal (pseudonymous) id; never a name or BSN.
    patient_id = models.BigIntegerField(_("patient id"), null=True, blank=True)
    # Names of the changed fields only: the values belong in the record, not the log.
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # NULL, not "", while unchained: the constraint below ties the three columns together.
    previous_hash = models.CharField(_("previous hash"), max_length=64, null=True)  # noqa: DJ001
    hash = models.CharField(_("hash"), max_length=64, null=True)  # noqa: DJ001

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log event")
        verbose_name_plural = _("access-log events")
        # Newest first; an event not chained yet has no sequence but has its id.
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["patient_id", "occurred_at"], name="audit_patient_time"),
            models.Index(fields=["user_id", "occurred_at"], name="audit_user_time"),
            # The unfiltered admin list (newest first) and the anomaly report (a time range).
            models.Index(fields=["occurred_at"], name="audit_time"),
            # What the sequencer looks for: small, because rows leave it once chained.
            models.Index(
                fields=["id"], name="audit_unchained", condition=models.Q(sequence__isnull=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(patient_id__isnull=False)
                | models.Q(action__in=sorted(ACTIONS_WITHOUT_PATIENT)),
                name="audit_patient_required",
            ),
            # Chained means all three chain columns, unchained none of them.
            models.CheckConstraint(
                condition=models.Q(
                    sequence__isnull=True, previous_hash__isnull=True, hash__isnull=True
                )
                | models.Q(sequence__isnull=False, previous_hash__isnull=False, hash__isnull=False),
                name="audit_chain_columns_together",
            ),
        ]

    def __str__(self):
        return f"#{self.sequence or '–'} {self.user_display} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only: rows cannot be updated.")
        # Never let Django turn this into an UPDATE of a row with the same primary key.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only: rows cannot be deleted.")

    @property
    def role_display(self) -> str:
        if self.role == ADMIN_ROLE:
            return _("administrator")
        if self.role == SYSTEM_ROLE:
            return _("the portal itself")
        try:
            return Role(self.role).label
        except ValueError:  # a role that has since been retired
            return self.role
