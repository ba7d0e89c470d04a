from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from networks.models import Network


class SocialMapEntry(index.Indexed, models.Model):
    """A local service on a network's social map (sociale kaart): public contact data,
    no patient data. Clinicians pick one when they add an involved care provider."""

    class Kind(models.TextChoices):
        HOSPICE = "hospice", _("Hospice")
        CONSULTATION_TEAM = "consultation_team", _("Palliative consultation team")
        VPTZ = "vptz", _("VPTZ volunteers")
        SPIRITUAL_CARE = "spiritual_care", _("Spiritual care")
        PHARMACY = "pharmacy", _("Pharmacy with evening service")
        DAY_CARE = "day_care", _("Day care")
        RESPITE_CARE = "respite_care", _("Respite care")

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="social_map_entries",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_information = models.TextField(
        _("opening information"),
        max_length=500,
        blank=True,
        help_text=_("For example opening hours, evening service or how to reach them at night."),
    )
    description = models.TextField(_("description"), max_length=1000, blank=True)

    panels = [
        FieldPanel("network"),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("place"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("opening_information"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("place"),
        index.SearchField("description"),
        index.FilterField("network"),
    ]

    class Meta:
        verbose_name = _("social map entry")
        verbose_name_plural = _("social map")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def contact(self) -> str:
        """Phone and e-mail on one line: what a care provider row keeps as contact details."""
        return " · ".join(part for part in (self.phone, self.email) if part)
