from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from register.models import Dimension, TargetGroup
from toolslibrary import selectors

NATIONAL = "landelijk"


class ToolFilterForm(forms.Form):
    # No max_length: a long query is cut by the selector, not refused (filters stay).
    q = forms.CharField(label=_("Search"), required=False)
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

    def filtered(self):
        """The tools chosen (toolslibrary.selectors.select_tools); invalid input filters
        nothing rather than failing."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        scope = data.get("scope")
        network = selectors.NATIONAL if scope == NATIONAL else (int(scope) if scope else None)
        return (
            selectors.select_tools(
                target_group=data.get("target_group"),
                dimension=data.get("dimension"),
                network=network,
                query=data.get("q", ""),
            )
            .select_related("network")
            .prefetch_related("target_groups")
            .order_by("title")
        )
