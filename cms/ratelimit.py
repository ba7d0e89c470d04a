"""A cache counter per client address: enough to stop a script flooding the support desk."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from accounts.client_ip import client_ip

WINDOW_SECONDS = 3600


def over_limit(
    request, scope: str, *, subject: str | None = None, limit: int | None = None
) -> bool:
    """Counts this attempt; True once the address made more than the limit this hour
    (`limit`, or the public forms' PUBLIC_FORM_RATE_LIMIT).

    With `subject` (e.g. the e-mail address a form is about) the count is per subject
    instead of per client address; only a hash of it is used as the key."""
    who = client_ip(request) if subject is None else hashlib.sha256(subject.encode()).hexdigest()
    key = f"ratelimit:{scope}:{who}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key) or 0
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > (settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit)
