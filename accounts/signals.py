import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.middleware import AUTH_AT_KEY, LAST_SEEN_KEY
from accounts.models import User
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


@receiver(pre_save, sender=User)
def note_deactivation(sender, instance, raw=False, **kwargs):
    instance._being_deactivated = bool(
        not raw
        and instance.pk
        and not instance.is_active
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User)
def end_access_of_deactivated_user(sender, instance, raw=False, **kwargs):
    """However an account is deactivated (Wagtail's or Django's admin, code), it loses
    every group, its calendar feed and its sessions at once."""
    if getattr(instance, "_being_deactivated", False):
        from networks.services import user_access_end

        user_access_end(user=instance)
        instance._being_deactivated = False
