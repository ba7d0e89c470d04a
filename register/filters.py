import django_filters
from django.utils.translation import gettext_lazy as _

from config.ids import parse_id
from networks.models import Membership
from register import selectors
from register.models import Patient, PrognosisOption, TargetGroup, UrgencyOption


class RegisterFilter(django_filters.FilterSet):
    """Filters of the register list; the chair uses the target group during the meeting."""

    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"), queryset=TargetGroup.objects.filter(is_active=True)
    )
    prognosis = django_filters.ModelChoiceFilter(
        label=_("Prognosis"), queryset=PrognosisOption.objects.none()
    )
    urgency = django_filters.ModelChoiceFilter(
        label=_("Urgency"), queryset=UrgencyOption.objects.none()
    )
    responsible_gp = django_filters.ModelChoiceFilter(label=_("GP"), queryset=None)
    homecare_organisations = django_filters.ModelChoiceFilter(
        label=_("Home-care organisation"), queryset=None
    )
    has_question = django_filters.ChoiceFilter(
        label=_("Question for the meeting"),
        choices=[("yes", _("with a question")), ("no", _("without a question"))],
        empty_label=_("All patients"),
        method="filter_has_question",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Patient.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Patient
        fields = [
            "target_group",
            "prognosis",
            "urgency",
            "responsible_gp",
            "homecare_organisations",
            "has_question",
            "status",
        ]

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["responsible_gp"].queryset = selectors.responsible_gp_choices(membership)
        self.filters["homecare_organisations"].queryset = selectors.homecare_organisations_for(
            membership
        )
        # A scale belongs to one target group: offer its steps once a target group is
        # chosen (which is also how the chair filters during the meeting).
        # From the raw data: touching self.form here would build the form twice.
        chosen = self._chosen_target_group_id()
        if chosen:
            self.filters["prognosis"].queryset = PrognosisOption.objects.filter(
                target_group_id=chosen
            )
            self.filters["urgency"].queryset = UrgencyOption.objects.filter(target_group_id=chosen)
        else:
            self.filters["prognosis"].queryset = PrognosisOption.objects.none()
            self.filters["urgency"].queryset = UrgencyOption.objects.none()

    def visible_fields(self):
        """The filter fields worth showing: the scales only once a target group is chosen."""
        if self._chosen_target_group_id():
            return list(self.form)
        return [field for field in self.form if field.name not in {"prognosis", "urgency"}]

    def _chosen_target_group_id(self) -> int | None:
        return parse_id(self.data.get("target_group")) if self.is_bound else None

    def filter_has_question(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(question_for_meeting="")
        if value == "no":
            return queryset.filter(question_for_meeting="")
        return queryset
