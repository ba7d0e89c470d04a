"""Whole-page cache for anonymous visitors of public pages.

Two parts:

- `PublicPageCacheMixin` (on the page models) decides whether a page may be cached for
  this request and marks its response so; it adds a short public Cache-Control.
- `PublicPageCacheMiddleware` (right after RequestIdMiddleware) stores marked responses
  with status, body and the headers the inner middleware added (CSP, X-Frame-Options,
  Cache-Control, Vary, ...), and answers later anonymous GET/HEAD requests without a
  query string from the cache before sessions, authentication, two-step checks and
  Wagtail's page lookup run. That is what makes a hit cheap.

A request carrying a session or messages cookie is never answered from the cache (a
signed-in user, or someone with a pending message); signed-in responses are private and
no-store anyway (accounts.middleware). Only responses that used neither a CSRF token nor
the CSP nonce are stored: a cached body would otherwise hand someone else's token or a
reused nonce to every visitor. The public page templates use neither for anonymous
visitors (the sign-out form with its token is shown to signed-in users only).

Publishing, unpublishing, moving or deleting any page, and changing a tool, bumps one
generation number that is part of every key, so every cached page (the home page lists
the latest news) is rebuilt on its next visit.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "public-pages:generation"
BROWSER_MAX_AGE = 60
CACHEABLE_MARK = "_public_page_cacheable"
# Per-response or per-visitor headers that must never be replayed.
UNCACHED_HEADERS = {"set-cookie", "x-page-cache", "x-request-id"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def clear_public_pages(**kwargs) -> None:
    """Signal receiver: every cached public page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet: nothing cached under a generation either
        cache.add(GENERATION_KEY, 1, timeout=None)


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    )


class PublicPageCacheMixin:
    """For Page subclasses whose anonymous view is the same for everyone."""

    def is_cacheable_for(self, request) -> bool:
        return _cacheable(request)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.is_cacheable_for(request):
            setattr(response, CACHEABLE_MARK, True)
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            patch_vary_headers(response, ["Cookie"])
        return response


class PublicPageCacheMiddleware:
    """Serves and stores the pages PublicPageCacheMixin marked (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            return _replay(entry)
        response = self.get_response(request)
        if request.method == "GET" and _may_store(request, response):
            cache.set(key, _entry(response), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def _may_use_cache(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request) -> str:
    return f"public-pages:{generation()}:{request.scheme}:{request.get_host()}:{request.path}"


def _may_store(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        getattr(response, CACHEABLE_MARK, False)
        and response.status_code == 200
        and not response.streaming
        # A CSRF token in the body always comes with a (re)set csrftoken cookie.
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        # The CSP nonce was generated: the body uses it.
        and getattr(request, "_csp_nonce", None) is None
    )


def _entry(response) -> tuple:
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in UNCACHED_HEADERS
    ]
    return (response.status_code, headers, response.content)


def _replay(entry) -> HttpResponse:
    status, headers, body = entry
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
