from django import forms
from django.utils.translation import gettext_lazy as _

# Ids are stored as 64-bit integers; a larger number can match nothing and would make
# PostgreSQL refuse the query, so the form rejects it first.
MAX_ID = 2**63 - 1


class AuditFilterForm(forms.Form):
    patient = forms.IntegerField(
        label=_("Patient id"), required=False, min_value=1, max_value=MAX_ID
    )
    user = forms.IntegerField(label=_("User id"), required=False, min_value=1, max_value=MAX_ID)


class HeavyReadersForm(forms.Form):
    DEFAULT_DAYS = 7

    days = forms.IntegerField(
        label=_("Days to look back"), min_value=1, max_value=90, initial=DEFAULT_DAYS
    )
