from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from register.models import Dimension, TargetGroup

NATIONAL = "landelijk"


class ToolFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    target_group = forms.ModelChoiceField(
        queryset=TargetGroup.objects.filter(is_active=True),
        label=_("Target group"),
        required=False,
        empty_label=_("All target groups"),
    )
    dimension = forms.ModelChoiceField(
        queryset=Dimension.objects.all(),
        label=_("Dimension"),
        required=False,
        empty_label=_("All dimensions"),
    )
    scope = forms.ChoiceField(label=_("Curated by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [
            ("", _("National and all networks")),
            (NATIONAL, _("National")),
            *[(str(network.pk), network.name) for network in Network.objects.all()],
        ]

    def filtered(self, tools):
        """Invalid input filters nothing rather than failing."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("target_group"):
            tools = tools.filter(target_groups=data["target_group"])
        if data.get("dimension"):
            tools = tools.filter(dimensions=data["dimension"])
        scope = data.get("scope")
        if scope == NATIONAL:
            tools = tools.filter(network__isnull=True)
        elif scope:
            tools = tools.filter(network_id=int(scope))
        if data.get("q"):
            words = data["q"].split()
            for word in words[:5]:
                tools = tools.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return (
            tools.select_related("network")
            .prefetch_related("target_groups")
            .distinct()
            .order_by("title")
        )
