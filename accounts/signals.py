import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.middleware import AUTH_AT_KEY, LAST_SEEN_KEY
from accounts.security_log import log_security_event


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    now = time.time()
    request.session[AUTH_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    log_security_event("login_password_ok", request, user=user)


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # No username in the log line: it may be a mistyped password.
    log_security_event("login_failed", request)


@receiver(user_locked_out)
def log_lockout(sender, request, **kwargs):
    log_security_event("login_locked_out", request)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    log_security_event("logout", request, user=user)
