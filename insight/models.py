"""Monthly tallies of findings and attention points per network.

National and network insight would otherwise count up to millions of findings on every
page view. The tallies hold counts only (no text, no patient, no group) and are rebuilt
from the meetings tables by `insight.services.tallies_refresh` (periodic task). Views
filtered on one group count the meetings tables directly. See docs/insight.md.
"""

from django.db import models

from meetings.models import Category
from networks.models import Network
from register.models import TargetGroup


class Tally(models.Model):
    class Source(models.TextChoices):
        FINDING = "finding"
        ATTENTION_POINT = "attention_point"

    source = models.CharField(max_length=16, choices=Source.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=20, blank=True)  # Finding.kind; empty for points
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey(
        TargetGroup, null=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["source", "network", "month"], name="tally_lookup")]

    def __str__(self):
        return f"{self.source} {self.month:%Y-%m}: {self.count}"


class TallyRefresh(models.Model):
    """When the tallies were last rebuilt (one row)."""

    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"tallies refreshed {self.refreshed_at:%Y-%m-%d %H:%M}"
