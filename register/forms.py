"""Register forms. Every form lists its fields explicitly (no mass assignment)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from config import date_rules
from networks.models import Membership
from register import selectors
from register.models import CareProvider, Discipline, Patient, TargetGroup
from register.services import ONE_COORDINATOR

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Sections of the patient form, in the order a clinician thinks about a patient.
IDENTITY = ["initials", "surname", "birth_name", "date_of_birth", "sex", "responsible_gp"]
COLOUR_CODES = ["target_group", "prognosis", "urgency"]
SITUATION = [
    "diagnoses",
    "surprise_question",
    "surprise_question_date",
    "spict_done",
    "spict_date",
    "spict_summary",
    "current_residence",
    "preferred_residence",
    "preferred_place_of_death",
    "consent",
    "consent_date",
]
INVOLVED = ["homecare_organisations", "extra_disciplines"]
MEETING = ["question_for_meeting"]
STATUS = ["status", "date_of_death", "place_of_death"]
DATES = ["date_of_birth", "surprise_question_date", "spict_date", "consent_date", "date_of_death"]

# Where saving from a section of the form takes the user on the patient page: the part
# that shows what they just changed ("" is the top, where the colour codes and the
# question sit in the summary header).
SECTION_ANCHORS = {
    "person": "identity-heading",
    "colour-codes": "",
    "situation": "situation-heading",
    "problems": "problems-heading",
    "involved": "involved-heading",
    "question": "",
}


class PatientForm(forms.ModelForm):
    # The version the form was opened with; a mismatch on save means someone else saved.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Patient
        fields = IDENTITY + COLOUR_CODES + SITUATION + INVOLVED + MEETING + STATUS
        widgets = {
            "date_of_birth": DATE_INPUT,
            "surprise_question_date": DATE_INPUT,
            "spict_date": DATE_INPUT,
            "consent_date": DATE_INPUT,
            "date_of_death": DATE_INPUT,
            "homecare_organisations": forms.CheckboxSelectMultiple,
            "extra_disciplines": forms.CheckboxSelectMultiple,
            "surprise_question": forms.RadioSelect,
            "prognosis": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "diagnoses": forms.Textarea(attrs={"rows": 3}),
            "spict_summary": forms.Textarea(attrs={"rows": 3}),
            "question_for_meeting": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, membership: Membership, target_group: TargetGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.target_group = target_group
        self.fields["responsible_gp"].queryset = selectors.responsible_gp_choices(membership)
        self.fields["homecare_organisations"].queryset = selectors.homecare_organisations_for(
            membership
        )
        self.fields["extra_disciplines"].queryset = Discipline.objects.order_by("name")
        self.fields["prognosis"].queryset = target_group.prognosis_options.all()
        self.fields["urgency"].queryset = target_group.urgency_options.all()
        self.fields["surprise_question"].required = False
        self.fields["surprise_question"].choices = Patient.SurpriseAnswer.choices
        self.fields["surprise_question"].help_text = _(
            "Would you be surprised if this patient died within the next 12 months?"
        )
        for name in DATES:
            # The inline date check writes its message there (templates/includes/field.html).
            self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
        if self.instance.pk:
            # The target group changes through its own step, which also resets the scales.
            del self.fields["target_group"]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["target_group"].queryset = TargetGroup.objects.filter(is_active=True)
            self.fields["target_group"].initial = target_group.pk
            self.fields["target_group"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Patient.Status.DECEASED:
            if not cleaned.get("date_of_death"):
                self.add_error("date_of_death", _("Enter the date of death."))
        else:
            cleaned["date_of_death"] = None
            cleaned["place_of_death"] = ""
        for name, message in date_rules.patient_date_problems(cleaned).items():
            if name in self.fields:
                self.add_error(name, message)
        return cleaned

    def date_checks(self) -> dict[str, str]:
        """{date field: message or ""} for the dates typed so far, without validating the
        rest of the form: the inline check as the user leaves a date field. Saving runs
        the same rules again in clean()."""
        values, messages = {}, {}
        for name in DATES:
            if name not in self.fields or not self[name].data:
                continue  # an empty field is left to the required-field check on save
            try:
                values[name] = self.fields[name].clean(self[name].data)
            except ValidationError as refused:
                messages[name] = refused.messages[0]
        for name, message in date_rules.patient_date_problems(values).items():
            messages.setdefault(name, message)
        return {name: messages.get(name, "") for name in DATES if name in self.fields}

    def section(self, names):
        return [self[name] for name in names if name in self.fields]

    def sections(self):
        """The sections before "Problems and strengths", in the order they are filled in."""
        return [
            ("person", _("Person"), self.section(IDENTITY + STATUS)),
            ("colour-codes", _("Target group and colour codes"), self.section(COLOUR_CODES)),
            ("situation", _("Situation"), self.section(SITUATION)),
        ]

    def involved(self):
        return self.section(INVOLVED)

    def meeting(self):
        return self.section(MEETING)

    def m2m_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("homecare_organisations", "extra_disciplines")
            if name in self.cleaned_data
        }


class ProblemsForm(forms.Form):
    """Problem and strength texts for every sub-field shown for the target group."""

    def __init__(self, *args, sub_fields, recorded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_fields = sub_fields
        for sub_field in sub_fields:
            entry = recorded.get(sub_field.pk)
            self.fields[f"problem_{sub_field.pk}"] = forms.CharField(
                label=_("Problem"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.problem if entry else "",
            )
            self.fields[f"strength_{sub_field.pk}"] = forms.CharField(
                label=_("Strength"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.strength if entry else "",
            )

    def grouped(self):
        """[(dimension, [(sub_field, problem field, strength field)])] for the template."""
        groups = {}
        for sub_field in self.sub_fields:
            groups.setdefault(sub_field.dimension, []).append(
                (sub_field, self[f"problem_{sub_field.pk}"], self[f"strength_{sub_field.pk}"])
            )
        return list(groups.items())

    def texts(self) -> dict:
        return {
            sub_field.pk: (
                self.cleaned_data[f"problem_{sub_field.pk}"].strip(),
                self.cleaned_data[f"strength_{sub_field.pk}"].strip(),
            )
            for sub_field in self.sub_fields
        }


class OwnRowsInlineFormSet(BaseInlineFormSet):
    """An inline formset that only ever binds rows of its own parent.

    Django's pk field accepts the id of any row of the model and its management form
    any integer; a crafted post could then point a form at another parent's row or
    claim -1 forms. Here the pk field chooses from this parent's rows only, and the
    counts must be 0 <= initial <= total <= absolute_max, initial <= rows that exist.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self._pk_field.name].queryset = self.get_queryset()

    @cached_property
    def management_form(self):
        form = super().management_form
        if self.is_bound and form.is_valid():
            total = form.cleaned_data[TOTAL_FORM_COUNT]
            initial = form.cleaned_data[INITIAL_FORM_COUNT]
            if not (0 <= initial <= total <= self.absolute_max) or initial > len(
                self.get_queryset()
            ):
                form.add_error(None, _("The form was changed outside the portal."))
                form.cleaned_data.update({TOTAL_FORM_COUNT: 0, INITIAL_FORM_COUNT: 0})
        return form


class BaseCareProviderFormSet(OwnRowsInlineFormSet):
    def __init__(self, *args, membership: Membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["organisation"].queryset = selectors.organisations_for(self.membership)
        form.fields["discipline"].queryset = Discipline.objects.order_by("name")
        form.fields["name"].widget.attrs["list"] = "social-map-entries"  # socialmap/_picker.html

    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        coordinators = [form for form in kept if form.cleaned_data.get("is_care_coordinator")]
        if kept and len(coordinators) != 1:
            raise forms.ValidationError(ONE_COORDINATOR)


CareProviderFormSet = inlineformset_factory(
    Patient,
    CareProvider,
    formset=BaseCareProviderFormSet,
    fields=["name", "discipline", "organisation", "contact", "is_care_coordinator"],
    extra=1,
    can_delete=True,
    max_num=30,
)


class TargetGroupChoiceForm(forms.Form):
    target_group = forms.ModelChoiceField(
        label=_("New target group"),
        queryset=TargetGroup.objects.filter(is_active=True),
        widget=forms.RadioSelect,
    )


class TargetGroupSwitchForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    prognosis = forms.ModelChoiceField(
        label=_("Prognosis"), queryset=None, widget=forms.RadioSelect
    )
    urgency = forms.ModelChoiceField(label=_("Urgency"), queryset=None, widget=forms.RadioSelect)

    def __init__(self, *args, target_group: TargetGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_group = target_group
        self.fields["prognosis"].queryset = target_group.prognosis_options.all()
        self.fields["urgency"].queryset = target_group.urgency_options.all()


class ConsultantGrantForm(forms.Form):
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=None)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = selectors.consultants_of_group(membership)
