"""National configuration is for administrators; coordinators keep their own network's
lists (issue 10, point 10)."""

import pytest
from django.urls import reverse

from meetings.models import Category
from networks.models import Organisation
from register.models import Dimension, Discipline, TargetGroup
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _url(model, view, *args):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args
    )


NATIONAL = [TargetGroup, Dimension, Discipline, Category]


@pytest.fixture
def coordinator(client):
    user = UserFactory(with_authenticator=True)
    network = NetworkFactory()
    network.coordinators.add(user)
    sign_in(client, user)
    return user, network


@pytest.fixture
def administrator(client):
    user = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, user)
    return user


def _refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _ensure_one(model):
    if not model.objects.exists():
        model.objects.create(name="Voorbeeld")
    return model.objects.order_by("pk").first()


@pytest.mark.parametrize("model", NATIONAL, ids=lambda m: m.__name__)
def test_coordinator_cannot_add_change_or_delete_national_configuration(client, coordinator, model):
    obj = _ensure_one(model)
    name = obj.name
    count = model.objects.count()
    for view, args in [
        ("add", ()),
        ("edit", (obj.pk,)),
        ("delete", (obj.pk,)),
        ("copy", (obj.pk,)),
    ]:
        assert _refused(client.get(_url(model, view, *args))), view
        assert _refused(client.post(_url(model, view, *args), {"name": "Gekaapt"})), view
    obj.refresh_from_db()
    assert obj.name == name and model.objects.count() == count


def test_coordinator_cannot_change_a_scale_of_a_target_group(client, coordinator):
    palliative = TargetGroup.objects.get(name="Palliatief")
    labels = list(palliative.prognosis_options.values_list("label", flat=True))
    response = client.post(
        _url(TargetGroup, "edit", palliative.pk),
        {"name": "Palliatief", "prognosis_options-TOTAL_FORMS": "0"},
    )
    assert _refused(response)
    assert list(palliative.prognosis_options.values_list("label", flat=True)) == labels


@pytest.mark.parametrize("model", [TargetGroup, Dimension, Discipline], ids=lambda m: m.__name__)
def test_coordinator_may_look_at_the_national_configuration(client, coordinator, model):
    obj = _ensure_one(model)
    assert client.get(_url(model, "list")).status_code == 200
    assert client.get(_url(model, "inspect", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", NATIONAL, ids=lambda m: m.__name__)
def test_administrator_changes_national_configuration(client, administrator, model):
    obj = _ensure_one(model)
    assert client.get(_url(model, "edit", obj.pk)).status_code == 200
    assert client.get(_url(model, "add")).status_code == 200


def test_administrator_renames_a_discipline(client, administrator):
    discipline = _ensure_one(Discipline)
    response = client.post(_url(Discipline, "edit", discipline.pk), {"name": "Nieuwe naam"})
    assert response.status_code == 302
    discipline.refresh_from_db()
    assert discipline.name == "Nieuwe naam"


def test_coordinator_keeps_their_own_networks_organisation_list(client, coordinator):
    _user, network = coordinator
    response = client.post(
        reverse("organisation:add"),
        {"network": network.pk, "name": "Thuiszorg Eigen Regio", "kind": "homecare"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Thuiszorg Eigen Regio").network == network
