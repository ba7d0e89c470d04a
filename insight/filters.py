"""The insight filter: whole months, a target group, month or quarter buckets."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from register.models import TargetGroup

MONTH_FORMAT = "%Y-%m"
MAX_MONTHS = 120


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class MonthField(forms.Field):
    """A month as YYYY-MM. A full date is accepted and widened to its month, so a
    period can never be shorter than one month (see docs/insight.md)."""

    widget = forms.DateInput(attrs={"type": "month"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        for pattern in (MONTH_FORMAT, "%Y-%m-%d"):
            try:
                return first_of_month(dt.datetime.strptime(str(value).strip(), pattern).date())
            except ValueError:
                continue
        raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="invalid")

    def prepare_value(self, value):
        return value.strftime(MONTH_FORMAT) if isinstance(value, dt.date) else value


class Granularity:
    MONTH = "month"
    QUARTER = "quarter"
    CHOICES = [(MONTH, _("per month")), (QUARTER, _("per quarter"))]


# Periods ending with the current month, in months ("all": as far back as allowed).
PERIODS = {"quarter": 3, "half_year": 6, "year": 12, "all": MAX_MONTHS}
PERIOD_CHOICES = [
    ("", _("the months chosen below")),
    ("quarter", _("last quarter (3 months)")),
    ("half_year", _("last half year (6 months)")),
    ("year", _("last year (12 months)")),
    ("all", _("all (10 years)")),
]


class InsightFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("Up to and including month"), required=False)
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label=_("All target groups"),
    )
    granularity = forms.ChoiceField(
        label=_("Over time"), choices=Granularity.CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or first_of_month(today)
        start = data.get("start") or add_months(end, -11)
        if data.get("period") in PERIODS:
            end = first_of_month(today)
            start = add_months(end, 1 - PERIODS[data["period"]])
        if start > end:
            raise forms.ValidationError(_("The first month must not be after the last."))
        if add_months(start, MAX_MONTHS) <= end:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        data["start"], data["end"] = start, end
        data["granularity"] = data.get("granularity") or Granularity.MONTH
        return data

    def insight_filter(self, network: Network | None) -> "InsightFilter":
        data = self.cleaned_data if self.is_valid() else self._defaults()
        return InsightFilter(
            network=network,
            target_group=data.get("target_group"),
            start=data["start"],
            end_month=data["end"],
            granularity=data["granularity"],
        )

    def _defaults(self) -> dict:
        end = first_of_month(timezone.localdate())
        return {"start": add_months(end, -11), "end": end, "granularity": Granularity.MONTH}


@dataclass(frozen=True)
class InsightFilter:
    network: Network | None  # None: national
    target_group: TargetGroup | None
    start: dt.date  # first day of the first month
    end_month: dt.date  # first day of the last month (included)
    granularity: str = Granularity.MONTH

    @property
    def end(self) -> dt.date:
        """First day after the period."""
        return add_months(self.end_month, 1)

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    def months(self) -> list[dt.date]:
        months, month = [], self.start
        while month < self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    def bucket(self, month: dt.date) -> dt.date:
        if self.granularity == Granularity.QUARTER:
            return dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
        return month

    def buckets(self) -> list[dt.date]:
        return list(dict.fromkeys(self.bucket(month) for month in self.months()))
