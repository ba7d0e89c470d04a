from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from socialmap import selectors
from socialmap.models import SocialMapEntry


class SocialMapFilterForm(forms.Form):
    # No max_length: a long query is cut by the selector, not refused (filters stay).
    q = forms.CharField(label=_("Name, place or kind"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    network = forms.ModelChoiceField(
        queryset=Network.objects.all(),
        label=_("Network"),
        required=False,
        empty_label=_("All networks"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *SocialMapEntry.Kind.choices]

    def filtered(self):
        """The entries chosen (socialmap.selectors.select_entries); invalid input filters
        nothing rather than failing."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.select_entries(
            network=data.get("network"), kind=data.get("kind", ""), query=data.get("q", "")
        )
