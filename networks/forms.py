from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import MDOGroup, Organisation, Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role in this group"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, group: MDOGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            network_id=group.network_id
        ).order_by("name")


class GroupSettingsForm(forms.ModelForm):
    """What the roles of nurses and consultants mean in this group (chosen by the chair)."""

    class Meta:
        model = MDOGroup
        fields = ["nurse_rights", "consultant_access"]
        widgets = {
            "nurse_rights": forms.RadioSelect,
            "consultant_access": forms.RadioSelect,
        }
