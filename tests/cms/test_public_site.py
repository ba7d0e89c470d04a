"""Caching, query counts and search of the public site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.editorial import add_news, build_site
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    network = NetworkFactory(name="Netwerk Testregio")
    site = build_site(network)
    site.section = site.sections[network.pk]
    return site


def test_home_page_needs_at_most_15_queries(client, site, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for n in range(5):
        add_news(site.section, title=f"Bericht {n}")
    client.get(site.home.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(site.home.url).status_code == 200
    assert len(queries) <= 15, [q["sql"] for q in queries]


def test_anonymous_pages_come_from_the_cache_until_something_is_published(client, site):
    first = client.get(site.home.url)
    assert first["X-Page-Cache"] == "miss"
    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert client.get(site.home.url)["X-Page-Cache"] == "hit"
    add_news(site.section, title="Vers nieuws")
    fresh = client.get(site.home.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Vers nieuws" in fresh.content.decode()


def test_signed_in_users_are_never_served_from_the_cache(client, site):
    client.get(site.home.url)
    sign_in(client, UserFactory(with_authenticator=True))
    response = client.get(site.home.url)
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_search_finds_public_pages_and_public_news_only(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_news(site.section, title="Scholing palliatieve sedatie", is_public=True)
        add_news(site.section, title="Intern overleg sedatie", is_public=False)
    body = client.get("/zoeken/?q=sedatie").content.decode()
    assert "Scholing palliatieve sedatie" in body
    assert "Intern overleg" not in body
