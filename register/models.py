"""The patient register: national configuration (target groups, scales, dimensions,
disciplines) and the patient records of each MDO group.

Patient records are read and written only through `register.access`, `selectors` and
`services`; see docs/register.md.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from networks.models import MDOGroup, Organisation

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


# --- Configuration ---------------------------------------------------------------------


class TargetGroup(ClusterableModel):
    """Palliatief, Kwetsbare ouderen, ...: each with its own prognosis and urgency scale."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        InlinePanel("prognosis_options", label=_("Prognosis scale"), min_num=1),
        InlinePanel("urgency_options", label=_("Urgency scale"), min_num=1),
    ]

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ScaleOption(Orderable):
    """One step of a scale. Higher `sort_order` means more serious (sorted first)."""

    label = models.CharField(_("label"), max_length=60)
    colour = models.CharField(_("colour"), max_length=7, validators=[hex_colour])
    meaning = models.CharField(_("meaning"), max_length=300, blank=True)

    panels = [FieldPanel("label"), FieldPanel("colour"), FieldPanel("meaning")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.label

    @property
    def text_colour(self) -> str:
        return text_colour_for(self.colour)


def text_colour_for(colour: str) -> str:
    """Black or white, whichever contrasts more with the background colour #RRGGBB."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(value):
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return "#000000" if luminance > 0.179 else "#ffffff"


class PrognosisOption(ScaleOption):
    target_group = ParentalKey(
        TargetGroup, on_delete=models.CASCADE, related_name="prognosis_options"
    )

    class Meta(ScaleOption.Meta):
        verbose_name = _("prognosis option")
        verbose_name_plural = _("prognosis options")


class UrgencyOption(ScaleOption):
    target_group = ParentalKey(
        TargetGroup, on_delete=models.CASCADE, related_name="urgency_options"
    )

    class Meta(ScaleOption.Meta):
        verbose_name = _("urgency option")
        verbose_name_plural = _("urgency options")


class Dimension(ClusterableModel):
    """A heading of problems and strengths (the four WHO dimensions, advance care planning).

    Without target groups it is shown for every target group; with, only for those.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("only for target groups"),
        blank=True,
        related_name="extra_dimensions",
        help_text=_("Leave empty to show this dimension for every target group."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("sort_order"),
        FieldPanel("target_groups"),
        InlinePanel("sub_fields", label=_("Sub-fields"), min_num=1),
    ]

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SubField(Orderable, ClusterableModel):
    dimension = ParentalKey(Dimension, on_delete=models.CASCADE, related_name="sub_fields")
    name = models.CharField(_("name"), max_length=100)
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("only for target groups"),
        blank=True,
        related_name="extra_sub_fields",
        help_text=_("Leave empty to show this sub-field wherever its dimension is shown."),
    )

    panels = [FieldPanel("name"), FieldPanel("target_groups")]

    class Meta(Orderable.Meta):
        verbose_name = _("sub-field")
        verbose_name_plural = _("sub-fields")

    def __str__(self):
        return f"{self.dimension.name}: {self.name}"


class Discipline(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["name"]

    def __str__(self):
        return self.name


# --- Patient records --------------------------------------------------------------------


class Patient(models.Model):
    """The minimum a meeting needs about one patient; not a medical record."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    class SurpriseAnswer(models.TextChoices):
        NO = "no", _("No, it would not surprise me")
        YES = "yes", _("Yes, it would surprise me")

    class Consent(models.TextChoices):
        INFORMED = "informed", _("informed")
        CONSENTED = "consented", _("consented")
        DECLINED = "declined", _("declined")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")
        DECEASED = "deceased", _("deceased")

    group = models.ForeignKey(
        MDOGroup, verbose_name=_("MDO group"), on_delete=models.PROTECT, related_name="patients"
    )
    # Identity
    initials = models.CharField(_("initials"), max_length=20)
    surname = models.CharField(_("surname"), max_length=100)
    birth_name = models.CharField(_("birth name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    responsible_gp = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible GP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Target group and colour codes
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT
    )
    prognosis = models.ForeignKey(
        PrognosisOption,
        verbose_name=_("prognosis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    urgency = models.ForeignKey(
        UrgencyOption, verbose_name=_("urgency"), on_delete=models.PROTECT, null=True, blank=True
    )
    # Situation
    diagnoses = models.TextField(_("relevant diagnoses"), blank=True, max_length=2000)
    surprise_question = models.CharField(
        _("Surprise Question"), max_length=3, choices=SurpriseAnswer.choices, blank=True
    )
    surprise_question_date = models.DateField(
        _("date of the Surprise Question"), null=True, blank=True
    )
    spict_done = models.BooleanField(_("SPICT done"), default=False)
    spict_date = models.DateField(_("date of the SPICT"), null=True, blank=True)
    spict_summary = models.TextField(_("SPICT summary"), blank=True, max_length=2000)
    current_residence = models.CharField(
        _("current place of residence"), max_length=200, blank=True
    )
    preferred_residence = models.CharField(
        _("preferred place of residence"), max_length=200, blank=True
    )
    preferred_place_of_death = models.CharField(
        _("preferred place of death"), max_length=200, blank=True
    )
    homecare_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("home-care organisations"),
        blank=True,
        related_name="homecare_patients",
        limit_choices_to={"kind": Organisation.Kind.HOMECARE},
    )
    extra_disciplines = models.ManyToManyField(
        Discipline, verbose_name=_("extra disciplines"), blank=True, related_name="+"
    )
    question_for_meeting = models.TextField(
        _("question for the meeting"), blank=True, max_length=2000
    )
    consent = models.CharField(
        _("consent to be discussed"), max_length=10, choices=Consent.choices, blank=True
    )
    consent_date = models.DateField(_("date of consent"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    place_of_death = models.CharField(_("place of death"), max_length=200, blank=True)
    # Bookkeeping
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        indexes = [models.Index(fields=["group", "status"], name="patient_group_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="deceased") | Q(date_of_death__isnull=True),
                name="patient_death_date_only_when_deceased",
            )
        ]

    def __str__(self):
        return f"{self.initials} {self.surname}"

    @property
    def birth_year(self) -> int:
        return self.date_of_birth.year


class ProblemAndStrength(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="problems")
    sub_field = models.ForeignKey(SubField, on_delete=models.PROTECT, related_name="+")
    problem = models.TextField(_("problem"), blank=True, max_length=2000)
    strength = models.TextField(_("strength"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("problem and strength")
        verbose_name_plural = _("problems and strengths")
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "sub_field"], name="problem_one_per_subfield"
            )
        ]

    def __str__(self):
        return str(self.sub_field)


class CareProvider(models.Model):
    """Someone involved in the patient's care; exactly one of them coordinates it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_providers")
    name = models.CharField(_("name"), max_length=150)
    discipline = models.ForeignKey(
        Discipline, verbose_name=_("discipline"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_patients",
    )
    contact = models.CharField(_("contact details"), max_length=150, blank=True)
    is_care_coordinator = models.BooleanField(_("care coordinator"), default=False)

    class Meta:
        verbose_name = _("involved care provider")
        verbose_name_plural = _("involved care providers")
        ordering = ["-is_care_coordinator", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(is_care_coordinator=True),
                name="careprovider_one_coordinator",
            )
        ]

    def __str__(self):
        return self.name


class TargetGroupChange(models.Model):
    """History of target-group switches (what was recorded stays with the patient)."""

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="target_group_changes"
    )
    from_target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    to_target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.from_target_group} → {self.to_target_group}"


class ConsultantGrant(models.Model):
    """In groups with per-patient consults: a GP shares one patient with one consultant."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="consultant_grants")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "consultant"], name="consultantgrant_unique")
        ]

    def __str__(self):
        return f"{self.consultant} ← {self.patient_id}"
