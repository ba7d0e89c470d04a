"""Tools: coordinators edit only their own network's tools, see national ones read-only;
the public library filters by target group and dimension."""

import pytest
from django.urls import reverse

from register.models import Dimension, TargetGroup
from tests.editorial import build_site
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in
from toolslibrary.models import Tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def tools():
    a, b = NetworkFactory(name="Netwerk A"), NetworkFactory(name="Netwerk B")
    palliative = TargetGroup.objects.get(name="Palliatief")
    frail = TargetGroup.objects.get(name="Kwetsbare ouderen")
    social = Dimension.objects.get(name="Sociaal")
    made = {}
    for key, network, group, dims in [
        ("national", None, palliative, []),
        ("a", a, frail, [social]),
        ("b", b, palliative, []),
    ]:
        tool = Tool.objects.create(title=f"Tool {key}", summary=f"Over {key}", network=network)
        tool.target_groups.set([group])
        tool.dimensions.set(dims)
        made[key] = tool
    made["networks"] = (a, b)
    return made


@pytest.fixture
def coordinator(client, tools):
    user = UserFactory(with_authenticator=True)
    tools["networks"][0].coordinators.add(user)
    sign_in(client, user)
    return user


def _url(name, *args):
    return reverse(f"wagtailsnippets_toolslibrary_tool:{name}", args=args)


def _form(tool, **changes):
    data = {
        "title": tool.title,
        "summary": tool.summary,
        "target_groups": [g.pk for g in tool.target_groups.all()],
        "dimensions": [],
        "link": "",
        "document": "",
        "network": tool.network_id or "",
        "reviewed_on": tool.reviewed_on.isoformat(),
    }
    return {**data, **changes}


def test_coordinator_edits_their_own_networks_tool(client, tools, coordinator):
    response = client.post(_url("edit", tools["a"].pk), _form(tools["a"], title="Nieuwe naam"))
    assert response.status_code == 302
    tools["a"].refresh_from_db()
    assert tools["a"].title == "Nieuwe naam"


def test_coordinator_cannot_edit_another_networks_or_a_national_tool(client, tools, coordinator):
    for key in ["b", "national"]:
        tool = tools[key]
        assert client.get(_url("edit", tool.pk)).status_code in (302, 403, 404)
        client.post(_url("edit", tool.pk), _form(tool, title="Gekaapt"))
        assert client.post(_url("delete", tool.pk)).status_code in (302, 403, 404)
        tool.refresh_from_db()
        assert tool.title != "Gekaapt"
    assert Tool.objects.filter(pk=tools["b"].pk).exists()


def test_coordinator_sees_national_tools_read_only_and_not_other_networks(
    client, tools, coordinator
):
    listing = client.get(_url("list")).content.decode()
    assert "Tool national" in listing and "Tool a" in listing
    assert "Tool b" not in listing
    assert client.get(_url("inspect", tools["national"].pk)).status_code == 200
    assert client.get(_url("inspect", tools["b"].pk)).status_code in (302, 403, 404)


def test_coordinator_cannot_create_a_tool_for_another_network_or_nationally(
    client, tools, coordinator
):
    template = tools["a"]
    for network in [tools["networks"][1].pk, ""]:
        response = client.post(_url("add"), _form(template, title="Nieuw", network=network))
        assert response.status_code == 200
    assert not Tool.objects.filter(title="Nieuw").exists()
    client.post(_url("add"), _form(template, title="Nieuw", network=tools["networks"][0].pk))
    assert Tool.objects.get(title="Nieuw").network == tools["networks"][0]


def test_administrator_edits_every_tool(client, tools):
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    response = client.post(_url("edit", tools["b"].pk), _form(tools["b"], title="Door beheer"))
    assert response.status_code == 302


def test_public_library_filters_by_target_group_dimension_and_scope(client, tools):
    site = build_site(*tools["networks"])
    url = site.tools.url
    everything = client.get(url).content.decode()
    assert all(f"Tool {key}" in everything for key in ["national", "a", "b"])
    frail = TargetGroup.objects.get(name="Kwetsbare ouderen")
    by_group = client.get(url, {"target_group": frail.pk}).content.decode()
    assert "Tool a" in by_group and "Tool b" not in by_group
    social = Dimension.objects.get(name="Sociaal")
    assert "Tool b" not in client.get(url, {"dimension": social.pk}).content.decode()
    national = client.get(url, {"scope": "landelijk"}).content.decode()
    assert "Tool national" in national and "Tool a" not in national
    assert "Tool a" in client.get(url, {"q": "over a"}).content.decode()
    detail = client.get(f"{url}{tools['a'].pk}/")
    assert detail.status_code == 200 and "Kwetsbare ouderen" in detail.content.decode()
    assert client.get(url, {"target_group": "kapot"}).status_code == 200
