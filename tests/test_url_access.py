"""Deny by default: walk every URL pattern of the project (AUTH-01, AC-01).

Anonymous and password-only (not yet verified) sessions must be sent to sign-in or
verification, or refused, on every URL that is not deliberately public. A new public
view makes this test fail until it is added to PUBLIC_VIEW_NAMES below, on purpose.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.helpers import LOGIN_URL, VERIFY_URL, sign_in_password_only

# Views anyone may open. Keep this list short and reviewed.
PUBLIC_VIEW_NAMES = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "networks:invitation",
    # The private calendar feed: calendar apps fetch it without a session; the secret
    # token in the URL is the key (unknown or revoked → 404). See docs/meetings.md.
    "meetings:feed",
    # The projector PC types a one-time pairing code here; the code is the key, and the
    # session it pairs reaches one meeting's room view only (meetings/pairing.py).
    "meeting_room:pair",
    "meeting_room:unpair",
    "health",
    "wagtail_serve",
    # The public site's search and its public media (videos, image renditions only).
    "cms:search",
    "cms:public_media",
    # The public social map (local services' contact data; no patient data).
    "socialmap:search",
    # The portal's public signing keys (JWKS) for HISs checking its client assertions.
    "his:jwks",
}
# For a signed-in user who has not passed the second step yet.
BEFORE_VERIFICATION_NAMES = {"accounts:verify", "accounts:enrol", "accounts:logout"}

SAMPLE_VALUES = {
    "int": "1",
    "id": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": str(uuid.uuid4()),
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), entry.callback, name


def _sample_path(pattern: str) -> str:
    """A concrete path for a route or regex pattern, with sample values for its parts."""
    path = re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "x"), pattern
    )
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # named regex groups
    path = re.sub(r"\((?!\?)[^)]*\)", "1", path)  # plain regex groups
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    path = re.sub(r"\(\?:([^)]*)\)\??", r"\1", path).replace("?", "")
    return "/" + path.lstrip("/")


def all_urls():
    seen, urls = set(), []
    for pattern, callback, name in _walk(get_resolver()):
        path = _sample_path(pattern)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.func is not callback or path in seen:
            continue  # the sample path belongs to an earlier pattern
        seen.add(path)
        urls.append(pytest.param(path, name, id=name or path))
    return urls


URLS = all_urls()


def test_the_walk_covers_the_whole_project():
    names = {param.values[1] for param in URLS}
    assert len(URLS) > 300, "Wagtail admin, Django admin and the portal should all be walked"
    assert {"networks:dashboard", "wagtailadmin_home", "admin:index"} <= names
    assert PUBLIC_VIEW_NAMES <= names | {"wagtail_serve"}


def _is_public(name):
    return name in PUBLIC_VIEW_NAMES


def _assert_sent_away(response, allowed_targets):
    if response.status_code in (403, 405):
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(allowed_targets), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, path, name):
    if _is_public(name):
        return
    for method in (client.get, client.post):
        _assert_sent_away(method(path), (LOGIN_URL,))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), URLS)
def test_a_password_alone_opens_nothing_but_the_second_step(client, user, path, name):
    if _is_public(name) or name in BEFORE_VERIFICATION_NAMES:
        return
    sign_in_password_only(client, user)
    for method in (client.get, client.post):
        _assert_sent_away(method(path), (VERIFY_URL,))


@pytest.mark.django_db
def test_public_views_are_exactly_the_reviewed_list(client):
    public = set()
    for param in URLS:
        path, name = param.values
        response = client.get(path)
        sent_to_login = response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
        if not sent_to_login:
            public.add(name)
    # Wagtail's page view: the public home page (its pattern yields no sample path).
    home = client.get("/")
    assert home.status_code == 200
    public.add(resolve("/").url_name)
    # Exactly: a reviewed public view that starts demanding sign-in (a locked-out
    # password reset, say) fails here as much as a new view that is open by mistake.
    assert public == PUBLIC_VIEW_NAMES
