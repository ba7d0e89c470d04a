"""Links with GP information systems (HIS) over SMART on FHIR; see docs/his-link.md.

No patient identity is stored here: a patient is linked through a keyed hash of the HIS
issuer and the FHIR Patient.id (`PatientLink.link_hash`); the FHIR reference that
write-back needs is kept only encrypted with a key from the environment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from networks.models import Organisation


class HISConnection(models.Model):
    """One GP practice's HIS: its FHIR base URL is the issuer the portal accepts."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("GP practice"),
        on_delete=models.CASCADE,
        related_name="his_connections",
        limit_choices_to={"kind": Organisation.Kind.GP_PRACTICE},
    )
    name = models.CharField(_("name of the HIS"), max_length=100)
    fhir_base_url = models.URLField(
        _("FHIR base URL (issuer)"),
        unique=True,
        help_text=_("Launches are accepted only from this exact address (the 'iss')."),
    )
    client_id = models.CharField(_("client id of the portal at this HIS"), max_length=200)
    launch_enabled = models.BooleanField(_("launch from the HIS allowed"), default=True)
    writeback_enabled = models.BooleanField(_("send agreements back to the HIS"), default=False)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("fhir_base_url"),
        FieldPanel("client_id"),
        FieldPanel("launch_enabled"),
        FieldPanel("writeback_enabled"),
    ]

    class Meta:
        verbose_name = _("HIS connection")
        verbose_name_plural = _("HIS connections")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def save(self, *args, **kwargs):
        self.fhir_base_url = normalise_issuer(self.fhir_base_url)
        super().save(*args, **kwargs)


def normalise_issuer(url: str) -> str:
    return (url or "").strip().rstrip("/")


class HISUserLink(models.Model):
    """The HIS user (`fhirUser`, a Practitioner reference) that one portal account is."""

    connection = models.ForeignKey(HISConnection, on_delete=models.CASCADE, related_name="users")
    fhir_user = models.CharField(max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="his_links"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "fhir_user"], name="his_user_once"),
            models.UniqueConstraint(fields=["connection", "user"], name="his_account_once"),
        ]

    def __str__(self):
        return f"{self.fhir_user} @ {self.connection}"


class PatientLink(models.Model):
    """A register patient's counterpart in a HIS, by keyed hash (no BSN, no FHIR id)."""

    connection = models.ForeignKey(HISConnection, on_delete=models.CASCADE, related_name="patients")
    patient = models.ForeignKey(
        "register.Patient", on_delete=models.CASCADE, related_name="his_links"
    )
    link_hash = models.CharField(max_length=64, db_index=True)
    # Fernet token of the FHIR Patient reference, for write-back only.
    encrypted_reference = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "connection"], name="his_patient_once"),
        ]

    def __str__(self):
        return f"HIS link of patient {self.patient_id}"


class HISDelivery(models.Model):
    """One meeting's advice and agreements for one patient, to be sent to its HIS as a
    FHIR Communication: an outbox row (the row is the truth, tasks only carry ids)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the HIS")
        SENT = "sent", _("sent to the HIS")
        REFUSED = "refused", _("refused by the HIS")

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(
        "register.Patient", on_delete=models.CASCADE, related_name="his_deliveries"
    )
    link = models.ForeignKey(PatientLink, on_delete=models.CASCADE, related_name="deliveries")
    # Stable: the Communication's identifier and the key of the conditional create.
    identifier = models.UUIDField(unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    refusal = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"], name="his_delivery_once"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="his_delivery_due")]

    def __str__(self):
        return f"HIS delivery {self.identifier} ({self.state})"
