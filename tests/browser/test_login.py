"""Signing in, in a real browser: password, then the code from the authenticator app."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from networks.management.commands.load_demo_data import DEMO_PASSWORD

from .axe import assert_accessible

pytestmark = pytest.mark.browser

GP_EMAIL = "huisarts@demo.mdo-portaal.nl"
LOGIN_PATH = "/account/inloggen/"
VERIFY_URL = re.compile(r"/account/verifieren/(\?|$)")
DASHBOARD_URL = re.compile(r"/portaal/$")


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    # live_server needs a transactional database, which is emptied after each test;
    # serialized rollback restores what migrations put there (such as the
    # coordinators' group that load_demo_data needs) before the next one.
    call_command("load_demo_data", stdout=StringIO())


def _totp(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def current_code(email: str) -> str:
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    return _totp(device)


def wrong_code(email: str) -> str:
    """Six digits that no window the device accepts (its tolerance either side) matches."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    accepted = {
        _totp(device, offset_steps=offset)
        for offset in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def submit(page) -> None:
    page.locator("main form button[type=submit]").click()


def sign_in_with_password(page, base_url: str, *, check_accessibility: bool = False) -> None:
    page.goto(base_url + LOGIN_PATH)
    if check_accessibility:
        assert_accessible(page)
    page.locator("main form input[name=username]").fill(GP_EMAIL)
    page.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    submit(page)
    expect(page).to_have_url(VERIFY_URL)


def test_demo_gp_signs_in_with_password_and_authenticator_code(page, live_server, demo_data):
    sign_in_with_password(page, live_server.url, check_accessibility=True)
    expect(page.locator("main form input[name=token]")).to_be_visible()
    assert_accessible(page)

    page.locator("main form input[name=token]").fill(current_code(GP_EMAIL))
    submit(page)

    expect(page).to_have_url(DASHBOARD_URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anouk")
    expect(page.get_by_role("rowheader", name="PaTz Kralingen")).to_be_visible()
    assert_accessible(page)


def test_wrong_code_keeps_the_user_on_verification(page, live_server, demo_data):
    sign_in_with_password(page, live_server.url)

    token = page.locator("main form input[name=token]")
    token.fill(wrong_code(GP_EMAIL))
    submit(page)

    expect(page).to_have_url(VERIFY_URL)
    expect(page.locator("main .form-field__error")).to_be_visible()
    expect(page.locator("main .form-field__error")).not_to_have_text("")
    expect(token).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    # Signed in with the password only: the portal stays closed.
    page.goto(live_server.url + "/portaal/")
    expect(page).to_have_url(VERIFY_URL)
    assert "next=/portaal/" in page.url.replace("%2F", "/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Anouk")
    expect(page.locator("main form input[name=token]")).to_be_visible()


def test_wrong_code_error_is_announced_with_the_field(page, live_server, demo_data):
    sign_in_with_password(page, live_server.url)

    token = page.locator("main form input[name=token]")
    token.fill(wrong_code(GP_EMAIL))
    submit(page)

    error = page.locator("main .form-field__error").inner_text()
    expect(token).to_have_accessible_description(re.compile(re.escape(error)))
