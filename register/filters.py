import django_filters
from django.utils.translation import gettext_lazy as _

from config.ids import parse_id
from config.widgets import PlainSelect
from networks.models import Membership
from register import selectors
from register.models import Patient, PrognosisOption, TargetGroup, UrgencyOption


class RegisterFilter(django_filters.FilterSet):
    """Filters of the register list; the chair uses the target group during the meeting.
    The selects are PlainSelect: rendered on every list request (`make bench-register`)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("urgency", _("urgency")),
            ("name", _("name")),
            ("last_discussed", _("last discussed")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        queryset=TargetGroup.objects.filter(is_active=True),
        empty_label=_("All target groups"),
        widget=PlainSelect,
    )
    prognosis = django_filters.ModelChoiceFilter(
        label=_("Prognosis"),
        queryset=PrognosisOption.objects.none(),
        empty_label=_("All prognoses"),
        widget=PlainSelect,
    )
    urgency = django_filters.ModelChoiceFilter(
        label=_("Urgency"),
        queryset=UrgencyOption.objects.none(),
        empty_label=_("All urgencies"),
        widget=PlainSelect,
    )
    responsible_gp = django_filters.ModelChoiceFilter(
        label=_("GP"), queryset=None, empty_label=_("All GPs"), widget=PlainSelect
    )
    homecare_organisations = django_filters.ModelChoiceFilter(
        label=_("Home-care organisation"),
        queryset=None,
        empty_label=_("All home-care organisations"),
        widget=PlainSelect,
    )
    has_question = django_filters.ChoiceFilter(
        label=_("Question for the meeting"),
        choices=[("yes", _("with a question")), ("no", _("without a question"))],
        empty_label=_("All patients"),
        method="filter_has_question",
        widget=PlainSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Patient.Status.choices,
        empty_label=_("All statuses"),
        widget=PlainSelect,
    )

    class Meta:
        model = Patient
        fields = [
            "q",
            "target_group",
            "prognosis",
            "urgency",
            "responsible_gp",
            "homecare_organisations",
            "has_question",
            "status",
            "sort",
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
        """The filter fields worth showing: the scales only once a target group is chosen;
        the search box and the sort order are shown apart."""
        hidden = {"q", "sort"}
        if not self._chosen_target_group_id():
            hidden |= {"prognosis", "urgency"}
        return [field for field in self.form if field.name not in hidden]

    def active_filter_count(self) -> int:
        """How many filters narrow the list (active patients is the default, not counted)."""
        names = {field.name for field in self.visible_fields()} - {"status"}
        count = sum(1 for name in names if self.data.get(name))
        return count + (self.data.get("status") != Patient.Status.ACTIVE)

    def filter_search(self, queryset, name, value):
        return selectors.search_register(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*selectors.REGISTER_ORDERS[value])

    def _chosen_target_group_id(self) -> int | None:
        return parse_id(self.data.get("target_group")) if self.is_bound else None

    def filter_has_question(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(question_for_meeting="")
        if value == "no":
            return queryset.filter(question_for_meeting="")
        return queryset
