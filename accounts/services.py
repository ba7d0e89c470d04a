"""Writes for accounts: creating users, enrolling and checking the second step."""

import secrets
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, BackupCodeDevice, User, normalise_backup_code
from accounts.security_log import log_security_event
from accounts.selectors import user_has_confirmed_device, verification_devices_for_user
from accounts.usernames import normalise_username

# Unambiguous upper-case letters and digits (no 0/O, 1/I/L).
BACKUP_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
BACKUP_CODE_LENGTH = 10  # about 49 bits of entropy per code
BACKUP_CODE_HASHER = "pbkdf2_sha256_backupcode"  # accounts.hashers.BackupCodeHasher
# How long after following an invitation or reset link the authenticator can be set up.
ENROLMENT_WINDOW = timedelta(minutes=30)
ENROLMENT_GRANT_KEY = "enrolment_grant"


def user_create(*, email: str, full_name: str, password: str | None) -> User:
    user = User(email=normalise_username(email), full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def enrolment_grant(*, request, user: User) -> None:
    """Lets this browser session, and no other, set up an authenticator for `user` for a
    short while. Called only by the links that proved the e-mail address: the invitation
    and the password reset. A password alone never leads to the secret (AUTH-04)."""
    request.session[ENROLMENT_GRANT_KEY] = {
        "user": user.pk,
        "until": time.time() + ENROLMENT_WINDOW.total_seconds(),
    }


def enrolment_allowed(*, request) -> bool:
    grant = request.session.get(ENROLMENT_GRANT_KEY) or {}
    return (
        grant.get("user") == request.user.pk
        and grant.get("until", 0) > time.time()
        and not user_has_confirmed_device(request.user)
    )


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same one across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms the authenticator with a first code; returns fresh backup codes.

    Returns None when the code is wrong. On success the session counts as verified.
    """
    if not device.verify_token(token):
        log_security_event("otp_enrolment_failed", request)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = backup_codes_generate(user=device.user)
    request.session.pop(ENROLMENT_GRANT_KEY, None)
    _mark_verified(request, device)
    log_security_event("mfa_enrolled", request)
    return codes


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replaces the user's backup codes; the plain codes exist only in the return value."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Herstelcodes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(settings.BACKUP_CODE_COUNT)
    ]
    BackupCode.objects.bulk_create(
        BackupCode(
            device=device,
            code_hash=make_password(normalise_backup_code(code), hasher=BACKUP_CODE_HASHER),
        )
        for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


class VerificationResult:
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


def second_step_verify(*, request, token: str) -> str:
    """Checks a code from the app or a backup code against the signed-in user's devices."""
    user = request.user
    token = token.strip().replace(" ", "")
    # Six digits come from the app; anything else can only be a backup code. Routing by
    # shape keeps a backup code from counting as a failed app code (and vice versa).
    is_app_code = token.isdigit() and len(token) == 6
    devices = [
        device
        for device in verification_devices_for_user(user)
        if isinstance(device, BackupCodeDevice) != is_app_code
    ]
    throttled = False
    for device in devices:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            _mark_verified(request, device)
            log_security_event("otp_verified", request, device=device.__class__.__name__)
            return VerificationResult.OK
    log_security_event("otp_failed", request, throttled=throttled)
    return VerificationResult.THROTTLED if throttled else VerificationResult.WRONG


def password_reset_over_limit(*, request, email: str) -> bool:
    """The public forms' rate limit, counted both per client address and per e-mail
    address asked for (both counters go up on every request)."""
    from cms.ratelimit import over_limit

    by_address = over_limit(request, "password-reset")
    by_email = over_limit(request, "password-reset-email", subject=normalise_username(email))
    if by_address or by_email:
        log_security_event("password_reset_throttled", request)
    return by_address or by_email


def _mark_verified(request, device) -> None:
    otp_login(request, device)
    # A new session key after every authentication step (SES-03).
    request.session.cycle_key()


@transaction.atomic
def two_step_reset(*, request, user: User) -> None:
    """What an administrator may do about someone's second step: reset it, never see
    or set it (nor their password). The person is signed out everywhere, their app and
    backup codes stop working, and a link to choose a password and set up the app again
    goes to their own e-mail address. Recorded in the access log and the security log.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django.utils.translation import gettext as _

    from audit.models import AuditAction
    from audit.services import audit_record
    from outbox.services import email_queue

    if not request.user.is_superuser:
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    user.session_stamp = uuid.uuid4()
    user.save(update_fields=["session_stamp"])
    token = default_token_generator.make_token(user)
    path = reverse(
        "accounts:password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), token]
    )
    context = {
        "user": user,
        "link": settings.PORTAL_BASE_URL.rstrip("/") + path,
        "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    email_queue(
        key=f"two-step-reset:{user.pk}:{token}",
        to=user.email,
        subject=_("Set up two-step verification again"),
        text=render_to_string("accounts/email/two_step_reset.txt", context),
    )
    log_security_event("two_step_reset_by_admin", request, subject_user_id=user.pk)
    audit_record(
        request=request,
        action=AuditAction.ACCOUNT_TWO_STEP_RESET,
        changed_fields=[f"user.{user.pk}"],
    )


def sign_out_everywhere(*, request) -> None:
    """Ends every session of the user, on every device, including this one."""
    user = request.user
    user.session_stamp = uuid.uuid4()
    user.save(update_fields=["session_stamp"])
    log_security_event("signed_out_everywhere", request, user=user)
    logout(request)
