"""Planning forms: one row per meeting date. Business rules live in services.slot_problems,
which the rows call too, so each error shows next to the row it belongs to."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import services
from meetings.models import Meeting
from networks.models import MDOGroup

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingSlotForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("Start time"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("End time"), widget=TIME_INPUT)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For example a Teams or Zoom link."),
    )

    def __init__(self, *args, group: MDOGroup, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.meeting = meeting

    def clean_video_link(self):
        link = self.cleaned_data["video_link"]
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("A video link starts with https://."))
        return link

    def clean(self):
        data = super().clean()
        if self.errors or not self.has_changed() and self.empty_permitted:
            return data
        data["starts_at"] = _aware(data["date"], data["start"])
        data["ends_at"] = _aware(data["date"], data["end"])
        for problem in services.slot_problems(group=self.group, slot=data, meeting=self.meeting):
            self.add_error(None, problem)
        return data

    def slot(self) -> dict:
        return {field: self.cleaned_data[field] for field in services.SLOT_FIELDS}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        starts_at = timezone.localtime(meeting.starts_at)
        return {
            "date": starts_at.date(),
            "start": starts_at.time(),
            "end": timezone.localtime(meeting.ends_at).time(),
            "location": meeting.location,
            "video_link": meeting.video_link,
        }


def _aware(day, time) -> datetime:
    return timezone.make_aware(datetime.combine(day, time))


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.has_changed()]
        if not filled:
            raise forms.ValidationError(_("Enter at least one meeting date."))
        moments = [form.cleaned_data["starts_at"] for form in filled]
        if len(moments) != len(set(moments)):
            raise forms.ValidationError(_("The same date and start time are in the list twice."))

    def slots(self) -> list[dict]:
        return [form.slot() for form in self.forms if form.has_changed()]


MeetingSlotFormSet = forms.formset_factory(
    MeetingSlotForm, formset=BaseSlotFormSet, extra=4, max_num=24, validate_max=True
)
