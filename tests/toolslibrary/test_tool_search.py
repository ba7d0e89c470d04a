"""Tools library curation and search (issue 15, point 3): one selector for the library,
the site search and the tools next to a patient; Dutch stemming on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from register.models import Dimension, TargetGroup
from tests.editorial import build_site
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in
from toolslibrary import selectors
from toolslibrary.models import Tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    network = NetworkFactory()
    site = build_site(network)
    fall = Tool.objects.create(title="Valpreventie bij ouderen", summary="Minder vallen thuis.")
    fall.target_groups.add(TargetGroup.objects.get(name="Kwetsbare ouderen"))
    acp = Tool.objects.create(
        title="Handreiking", summary="Over proactieve zorgplanning met de patiënt."
    )
    acp.dimensions.add(Dimension.objects.first())
    Tool.objects.create(title="Mantelzorgscan", summary="Belasting van naasten.")
    return site


def titles(tools):
    return sorted(tool.title for tool in tools)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query, expected",
    [
        ("valpreventie", ["Valpreventie bij ouderen"]),
        ("zorgplanning", ["Handreiking"]),
        ("zorgplanningen", ["Handreiking"]),  # stemming: the plural finds the singular
        ("ouder", ["Valpreventie bij ouderen"]),
        ("Valpreventie ouderen", ["Valpreventie bij ouderen"]),
        ("mantelzorgscan", ["Mantelzorgscan"]),
    ],
)
def test_dutch_full_text_search(site, query, expected):
    assert titles(selectors.select_tools(query=query)) == expected


@pytest.mark.postgres
def test_tags_are_searched(site):
    tag = Dimension.objects.first().name.split()[0]
    assert "Handreiking" in titles(selectors.select_tools(query=tag))


def test_substring_fallback_without_postgresql(site, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert titles(selectors.select_tools(query="zorgplanning")) == ["Handreiking"]
    assert titles(selectors.select_tools(query="VALPREVENTIE ouderen")) == [
        "Valpreventie bij ouderen"
    ]


@pytest.mark.parametrize("query", ['"valpreventie', "100%", "%", "'; drop table", "x" * 10_000])
def test_odd_input_gives_no_error(client, site, query):
    assert client.get(site.tools.url, {"q": query}).status_code == 200
    assert client.get(reverse("cms:search"), {"q": query}).status_code == 200


@pytest.mark.postgres
def test_site_search_finds_tools(client, site):
    text = client.get(reverse("cms:search"), {"q": "valpreventie"}).content.decode()
    assert "Valpreventie bij ouderen" in text
    text = client.get(site.tools.url, {"q": "zorgplanning"}).content.decode()
    assert "Handreiking" in text and "Mantelzorgscan" not in text


def test_coordinator_curates_with_checkboxes_and_own_network_preset(client):
    own = NetworkFactory(name="Netwerk Oost")
    coordinator = UserFactory(with_authenticator=True)
    own.coordinators.add(coordinator)
    sign_in(client, coordinator)
    html = client.get(reverse("wagtailsnippets_toolslibrary_tool:add")).content.decode()
    assert re.search(r'type="checkbox" name="target_groups"', html)
    assert re.search(r'type="checkbox" name="dimensions"', html)
    assert re.search(rf'<option value="{own.pk}"[^>]*selected', html)
    assert "---------" not in re.search(r'<select name="network".*?</select>', html, re.S).group(0)
