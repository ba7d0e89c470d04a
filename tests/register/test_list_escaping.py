"""Hostile text in every column of the register list is escaped (issue 10, point 25).

The list's rows are built as HTML in Python (register/list_rows.py), outside the
template engine's autoescaping: each column below holds markup, quotes and an ampersand,
and must reach the page as text. Checked by breaking the code: dropping any one
`escape()` in `rows_html` or `_colour_code` makes its row fail.
"""

import pytest
from django.urls import reverse

from register.models import PrognosisOption, TargetGroup, UrgencyOption
from tests.factories import MembershipFactory, PatientFactory, UserFactory
from tests.helpers import sign_in

HOSTILE = "<script>alert(\"x\")</script>&'q'"
SHORT = "<i>\"&'</i>"  # initials hold at most 20 characters


def _set_initials(patient, gp):
    patient.initials = SHORT
    patient.save()
    return SHORT


def _set_surname(patient, gp):
    patient.surname = HOSTILE
    patient.save()
    return HOSTILE


def _set_target_group(patient, gp):
    TargetGroup.objects.filter(pk=patient.target_group_id).update(name=HOSTILE)
    return HOSTILE


def _set_urgency(patient, gp):
    UrgencyOption.objects.filter(pk=patient.urgency_id).update(label=HOSTILE)
    return HOSTILE


def _set_prognosis(patient, gp):
    PrognosisOption.objects.filter(pk=patient.prognosis_id).update(label=HOSTILE)
    return HOSTILE


def _set_gp(patient, gp):
    doctor = UserFactory(full_name=HOSTILE)
    patient.responsible_gp = doctor
    patient.save()
    return HOSTILE


COLUMNS = {
    "initials": _set_initials,
    "surname": _set_surname,
    "target group": _set_target_group,
    "urgency": _set_urgency,
    "prognosis": _set_prognosis,
    "responsible GP": _set_gp,
}


def _escaped(text):
    from html import escape

    return escape(text)


@pytest.mark.django_db
@pytest.mark.parametrize("column", COLUMNS)
def test_hostile_text_in_every_register_list_column_is_escaped(client, column):
    gp = MembershipFactory(role="gp")
    patient = PatientFactory(group=gp.group, surname="Veilig")
    hostile = COLUMNS[column](patient, gp)
    sign_in(client, gp.user)
    response = client.get(reverse("register:list", args=[gp.group_id]))
    body = response.content.decode()
    table = body[body.index("<tbody") : body.index("</tbody>")]
    assert hostile not in table, column
    assert _escaped(hostile) in table, column
    assert "<script>" not in table and "<i>" not in table, column
