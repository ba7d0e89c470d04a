import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

LOGIN_URL = reverse("accounts:login")
VERIFY_URL = reverse("accounts:verify")
ENROL_URL = reverse("accounts:enrol")


def current_code(user, *, steps_ahead: int | None = None) -> str:
    """A valid code for the user's app. By default the first one not yet used: a code is
    accepted once, so a second sign-in within 30 s takes the next time step."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if steps_ahead is None:
        steps_ahead = max(0, device.last_t + 1 - totp.t())
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in_password_only(client, user, *, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": user.email, "password": password}, **extra)


def follow_reset_link(client, user, *, password: str = PASSWORD):
    """Asks for a reset link, follows it and sets `password`: the e-mail address is then
    proved, so this client may set up an authenticator for a while."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content[:500]


def start_enrolment(client, user, *, password: str = PASSWORD):
    """The way an account without an authenticator gets to set one up: the e-mailed
    link, then the password."""
    follow_reset_link(client, user, password=password)
    return sign_in_password_only(client, user, password=password)


def sign_in(client, user, *, password: str = PASSWORD):
    """The real two steps: password, then a code from the authenticator."""
    response = sign_in_password_only(client, user, password=password)
    assert response.status_code == 302, response.content[:500]
    response = client.post(VERIFY_URL, {"token": current_code(user)})
    assert response.status_code == 302, response.content[:500]
    return response
