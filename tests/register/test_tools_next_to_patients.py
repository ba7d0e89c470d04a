"""The interventions & tools of the patient's target group appear on the patient page."""

import pytest
from django.urls import reverse

from register.models import ProblemAndStrength, SubField
from tests.factories import MembershipFactory, NetworkFactory, PatientFactory, target_group
from tests.helpers import sign_in
from toolslibrary.models import Tool
from toolslibrary.selectors import tools_for_patient

pytestmark = pytest.mark.django_db


def tool(title, *, groups, network=None, dimensions=()):
    created = Tool.objects.create(title=title, summary="Samenvatting", network=network)
    created.target_groups.set(groups)
    created.dimensions.set(dimensions)
    return created


def test_national_and_own_network_tools_of_the_target_group_only(client):
    gp = MembershipFactory(role="gp")
    patient = PatientFactory(group=gp.group)
    palliative, frail = target_group(), target_group("Kwetsbare ouderen")
    tool("Handreiking Proactieve Zorgplanning", groups=[palliative])
    tool("Regionale zorgkaart", groups=[palliative], network=gp.group.network)
    tool("Zorgkaart andere regio", groups=[palliative], network=NetworkFactory())
    tool("Valpreventie", groups=[frail])

    sign_in(client, gp.user)
    page = client.get(reverse("register:detail", args=[gp.group.pk, patient.pk])).content.decode()
    assert "Handreiking Proactieve Zorgplanning" in page
    assert "Regionale zorgkaart" in page
    assert "Zorgkaart andere regio" not in page
    assert "Valpreventie" not in page


def test_tools_for_a_recorded_problem_come_first():
    patient = PatientFactory()
    palliative = target_group()
    pain = SubField.objects.get(name="Lichamelijke klachten")
    tool("A - algemeen", groups=[palliative])
    tool("Z - pijnbestrijding", groups=[palliative], dimensions=[pain.dimension])
    ProblemAndStrength.objects.create(patient=patient, sub_field=pain, problem="pijn")
    assert [t.title for t in tools_for_patient(patient)] == ["Z - pijnbestrijding", "A - algemeen"]
