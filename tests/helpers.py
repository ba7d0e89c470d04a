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


def sign_in(client, user, *, password: str = PASSWORD):
    """The real two steps: password, then a code from the authenticator."""
    response = sign_in_password_only(client, user, password=password)
    assert response.status_code == 302, response.content[:500]
    response = client.post(VERIFY_URL, {"token": current_code(user)})
    assert response.status_code == 302, response.content[:500]
    return response
