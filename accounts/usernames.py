"""The one normalisation of a username (an e-mail address), used everywhere one is typed.

Sign-in, django-axes's lockout counter, password reset, invitations and account creation
all pass what was typed through `normalise_username` first, so " A@X.nl " and "a@x.nl"
are one account and one lockout counter (AUTH-06).
"""

import unicodedata


def normalise_username(value) -> str:
    """Unicode NFKC, surrounding whitespace removed, lower case."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the counter's key is the normalised username."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_username(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_username(data.get(field))
