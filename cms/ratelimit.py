"""A cache counter per client address: enough to stop a script flooding the support desk."""

from django.conf import settings
from django.core.cache import cache

from accounts.client_ip import client_ip

WINDOW_SECONDS = 3600


def over_limit(request, scope: str) -> bool:
    """Counts this attempt; True once the address made more than the limit this hour."""
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key) or 0
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > settings.PUBLIC_FORM_RATE_LIMIT
