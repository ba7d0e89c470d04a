"""The whole-page cache answers anonymous visitors before sessions and auth run
(cms.caching.PublicPageCacheMiddleware), with the same headers as a fresh render."""

import pytest
from django.conf import settings

from tests.editorial import add_news, build_site
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
    "Cache-Control",
    "Vary",
)


@pytest.fixture
def site():
    network = NetworkFactory(name="Netwerk Testregio")
    site = build_site(network)
    site.section = site.sections[network.pk]
    site.item = add_news(site.section, title="Openbaar bericht")
    return site


@pytest.mark.parametrize("page", ["home", "item", "videos", "video", "tools"])
def test_a_cached_hit_has_the_headers_and_body_of_a_fresh_render(client, site, page):
    url = getattr(site, page).url
    fresh = client.get(url)
    hit = client.get(url)

    assert (fresh["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.status_code == 200
    assert hit.content == fresh.content
    for header in SECURITY_HEADERS:
        assert hit[header] == fresh[header], header
    assert "'unsafe-inline'" not in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit.cookies == {} and fresh.cookies == {}
    # Every visitor gets their own request id, also from the cache.
    assert hit["X-Request-ID"] != fresh["X-Request-ID"]


def test_cached_pages_hold_no_csrf_token_or_nonce(client, site):
    client.get(site.home.url)
    body = client.get(site.home.url).content.decode()
    assert "csrfmiddlewaretoken" not in body
    assert "nonce" not in body
    assert "nonce-" not in client.get(site.home.url)["Content-Security-Policy"]


def test_pages_with_a_form_token_are_not_cached(client, site):
    for _ in range(2):
        response = client.get(site.application.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_publish_invalidates_the_cached_pages(client, site):
    client.get(site.home.url)
    assert client.get(site.home.url)["X-Page-Cache"] == "hit"
    add_news(site.section, title="Vers nieuws")
    fresh = client.get(site.home.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Vers nieuws" in fresh.content.decode()


def test_a_request_with_a_session_cookie_bypasses_the_cache(client, site):
    client.get(site.home.url)
    assert client.get(site.home.url)["X-Page-Cache"] == "hit"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-valid-session"
    response = client.get(site.home.url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"


def test_a_query_string_bypasses_the_cache(client, site):
    client.get(site.home.url)
    assert client.get(site.home.url + "?x=1").get("X-Page-Cache") is None


def test_signed_in_users_get_their_own_page_not_the_cached_one(client, site):
    client.get(site.home.url)
    assert client.get(site.home.url)["X-Page-Cache"] == "hit"
    sign_in(client, UserFactory(with_authenticator=True))
    response = client.get(site.home.url)
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert "Uitloggen" in response.content.decode()
    assert "Inloggen" not in response.content.decode()


def test_signed_in_renders_are_never_stored(client, site):
    sign_in(client, UserFactory(with_authenticator=True))
    client.get(site.home.url)
    client.logout()
    client.cookies.clear()
    response = client.get(site.home.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Uitloggen" not in response.content.decode()
