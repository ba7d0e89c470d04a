"""Whole-page cache for anonymous visitors of public pages.

Anonymous GET requests without a query string get the page body from the cache for
PUBLIC_PAGE_CACHE_SECONDS plus a short public Cache-Control. Publishing, unpublishing,
moving or deleting any page, and changing a tool, bumps one generation number, so
every cached page (the home page lists the latest news) is rebuilt on its next visit.

Only pages without a form or CSP nonce are cached: a cached body would otherwise carry
someone else's CSRF token or an old nonce. Signed-in users are never served from here
(their responses are private and no-store, accounts.middleware).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "public-pages:generation"
BROWSER_MAX_AGE = 60


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
        if not self.is_cacheable_for(request):
            return super().serve(request, *args, **kwargs)
        key = f"public-pages:{generation()}:{request.get_host()}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            body, content_type = cached
            response = HttpResponse(body, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200:
                cached = (response.content, response["Content-Type"])
                cache.set(key, cached, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response
