"""Markers for the few views that do not need a two-step-verified session.

Everything else is denied by `RequireVerifiedSessionMiddleware` (deny by default).
"""

from django.contrib.auth.decorators import login_not_required


def public(view):
    """Reachable without signing in (login, password reset, invitation link).

    Our own marker, not Django's `login_required = False`: third-party apps set that
    on their own login views (Wagtail's /cms/login/), which must stay closed here.
    """
    view.portal_public = True
    return login_not_required(view)


def before_verification(view):
    """For a signed-in user who has not yet passed the second step (verify, enrol)."""
    view.verification_not_required = True
    return view


# A projector paired to one meeting's room view keeps this key in its (anonymous) session.
ROOM_DISPLAY_SESSION_KEY = "room_display_session"


def room_display(view):
    """One of the few views a paired room display may open (meetings/pairing.py); the
    view itself checks the pairing. Every other view refuses such a session."""
    view.room_display_view = True
    return view
