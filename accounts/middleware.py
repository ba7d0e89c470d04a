import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import OperationalError, connection
from django.http import HttpResponseNotFound
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.decorators import ROOM_DISPLAY_SESSION_KEY
from accounts.selectors import user_has_confirmed_device

AUTH_AT_KEY = "auth_at"
LAST_SEEN_KEY = "last_seen"
# Writing the session on every request costs a query; a minute's precision suffices.
LAST_SEEN_RESOLUTION_SECONDS = 60


class RequestIdMiddleware:
    """Gives every request an id (from the proxy's X-Request-ID, or a new one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _looks_like_request_id(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def _looks_like_request_id(value: str) -> bool:
    return 8 <= len(value) <= 64 and all(ch.isalnum() or ch in "-_" for ch in value)


class SessionTimeoutMiddleware:
    """Signs a user out after idle time and after an absolute lifetime (SES-01, SES-02)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request):
            now = time.time()
            session = request.session
            auth_at = session.get(AUTH_AT_KEY, now)
            last_seen = session.get(LAST_SEEN_KEY, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - last_seen > idle or now - auth_at > absolute:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
            elif now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or LAST_SEEN_KEY not in session:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _signed_in(request) -> bool:
    """The request's first database reads (the user, their two-step device). A connection
    that broke since the request's health check (CONN_HEALTH_CHECKS) is replaced once,
    instead of a 500: nothing has been written yet, so reading again is safe."""
    try:
        return request.user.is_authenticated
    except OperationalError:
        if connection.in_atomic_block:
            raise
        connection.close()
        return request.user.is_authenticated


class RequireVerifiedSessionMiddleware:
    """Deny by default: every view needs a signed-in user who passed two-step verification.

    The exceptions are views marked @public or @before_verification (accounts.decorators)
    and the dotted paths in settings.PUBLIC_VIEWS (Wagtail's public page view). This
    covers the portal, the Wagtail admin and the Django admin alike, so there is no
    second login page that skips the second step.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_views = {import_string(path) for path in settings.PUBLIC_VIEWS}

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if ROOM_DISPLAY_SESSION_KEY in request.session:
            # A paired projector (meetings/pairing.py) reaches its room view and nothing else.
            if getattr(view_func, "room_display_view", False):
                return None
            return HttpResponseNotFound()
        if self._is_public(view_func):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if user.is_verified() or getattr(view_func, "verification_not_required", False):
            return None
        step = "accounts:verify" if user_has_confirmed_device(user) else "accounts:enrol"
        return redirect_to_login(request.get_full_path(), reverse(step))

    def _is_public(self, view_func):
        if getattr(view_func, "portal_public", False):
            return True
        target = getattr(view_func, "__wrapped__", view_func)
        return view_func in self.public_views or target in self.public_views


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user are never stored by browsers or proxies (CFG-04)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
