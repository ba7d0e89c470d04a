from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """A regional care network, e.g. "Netwerk Palliatieve Zorg Rotterdam & omstreken"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network coordinators"),
        related_name="coordinated_networks",
        blank=True,
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GP_PRACTICE = "gp_practice", _("GP practice")
        HOMECARE = "homecare", _("Home-care organisation")
        HOSPICE = "hospice", _("Hospice")
        CONSULTATION_TEAM = "consultation_team", _("Consultation team")
        OTHER = "other", _("Other")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="organisation_unique_name")
        ]

    def __str__(self):
        return self.name


class MDOGroup(models.Model):
    class NurseRights(models.TextChoices):
        NURSE = "nurse", _("Nurses may create and edit their own organisation's patients")
        HOMECARE = "homecare", _("Nurses may only view their own organisation's patients")

    class ConsultantAccess(models.TextChoices):
        ALL = "all", _("Consultants see every patient of the group")
        PER_PATIENT = "per_patient", _("Consultants see only patients a GP shared with them")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=200)
    nurse_rights = models.CharField(
        _("rights of nurses"), max_length=16, choices=NurseRights.choices, default=NurseRights.NURSE
    )
    consultant_access = models.CharField(
        _("access of consultants"),
        max_length=16,
        choices=ConsultantAccess.choices,
        default=ConsultantAccess.ALL,
    )

    class Meta:
        verbose_name = _("MDO group")
        verbose_name_plural = _("MDO groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="mdogroup_unique_name")
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    GP = "gp", _("GP")
    NURSE = "nurse", _("Nurse")
    HOMECARE = "homecare", _("Home care")
    CONSULTANT = "consultant", _("Consultant")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")


# Roles that run the group: plan meetings, manage members (plus GP rights).
LEADING_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})


class Membership(models.Model):
    """A person's role in one MDO group; the same person may have other roles elsewhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    group = models.ForeignKey(
        MDOGroup, verbose_name=_("MDO group"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_one_per_group")
        ]

    def __str__(self):
        return f"{self.user} – {self.group} ({self.get_role_display()})"

    @property
    def leads_group(self) -> bool:
        return self.role in LEADING_ROLES

    @property
    def effective_role(self) -> str:
        """The rights the role carries in this group, after the group's own settings."""
        if self.role == Role.NURSE and self.group.nurse_rights == MDOGroup.NurseRights.HOMECARE:
            return Role.HOMECARE
        return self.role


class Invitation(models.Model):
    """A one-time link, sent by a chair, that leads to an account and a membership."""

    group = models.ForeignKey(
        MDOGroup, verbose_name=_("MDO group"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # Only a hash is stored: a database leak yields no usable links.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
