"""Forms of meeting mode. Small: every autosaved field posts on its own."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config import date_rules
from meetings.models import AfterDeathAnalysis, Agreement, Category, Finding
from register.models import TargetGroup

AGREEMENT_STATUSES = [
    (Agreement.Status.OPEN, pgettext_lazy("agreement status", "open")),
    (Agreement.Status.DONE, pgettext_lazy("agreement status", "done")),
    (Agreement.Status.CANCELLED, pgettext_lazy("agreement status", "cancelled")),
]


# The hidden version comes from the page; a missing or broken one means the page is stale
# or was changed outside the portal, whatever Django's own check says.
STALE_PAGE = _("This page is out of date: reload it and save again.")


class AdviceForm(forms.Form):
    advice = forms.CharField(
        label=_("Advice"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("The advice could not be saved: it is too long.")},
    )
    discussed = forms.BooleanField(label=_("Discussed"), required=False)
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), STALE_PAGE),
    )

    def problem(self) -> str:
        """The form's errors as one sentence for the save status."""
        return " ".join(dict.fromkeys(str(m) for errors in self.errors.values() for m in errors))


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=500)
    owner = forms.ChoiceField(label=_("Who"))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=AGREEMENT_STATUSES, initial=Agreement.Status.OPEN
    )
    advance_care_planning = forms.BooleanField(label=_("Advance care planning"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owners]


class AttentionPointForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    text = forms.CharField(
        label=_("Attention point"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.filter(is_active=True),
        required=False,
        empty_label=_("All target groups"),
    )
    text = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class GuestForm(forms.Form):
    guest_name = forms.CharField(label=_("Guest's name"), max_length=150)
    guest_role = forms.CharField(label=_("Guest's role"), max_length=150)


class AdaForm(forms.ModelForm):
    identified_in_time = forms.TypedChoiceField(
        label=_("Identified in time?"),
        choices=[("", _("not answered")), ("true", _("yes")), ("false", _("no"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    weeks_on_register = forms.IntegerField(
        label=capfirst(_("weeks on the register")), required=False, min_value=0, max_value=5200
    )

    class Meta:
        model = AfterDeathAnalysis
        fields = [
            "identified_in_time",
            "weeks_on_register",
            "preferred_place_of_death",
            "actual_place_of_death",
            "went_well",
            "could_be_better",
        ]
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "could_be_better": forms.Textarea(attrs={"rows": 3}),
        }


class InputForm(forms.Form):
    patient = forms.TypedChoiceField(label=_("Patient"), coerce=int)
    text = forms.CharField(
        label=_("Your input"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, patients, safe_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patient"].choices = [(p.pk, safe_label(p)) for p in patients]


class NextMeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=_("Start"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("End"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    plan_next = forms.BooleanField(
        label=_("Plan the next meeting now"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        if not data.get("plan_next"):
            return data
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        for name in ("date", "start", "end"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Enter this to plan the next meeting."))
        if day and start and end:
            starts_at = _aware(day, start)
            ends_at = _aware(day, end)
            if ends_at <= starts_at:
                self.add_error("end", _("The end must be after the start."))
            elif problem := date_rules.meeting_start_problem(starts_at):
                self.add_error("date", problem)
            data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data


def _aware(day, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))
