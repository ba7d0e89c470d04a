"""Signing in takes a password and a second step; neither alone gives access."""

import time

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode
from tests.factories import UserFactory
from tests.helpers import (
    ENROL_URL,
    LOGIN_URL,
    VERIFY_URL,
    current_code,
    follow_reset_link,
    sign_in,
    sign_in_password_only,
    start_enrolment,
)

DASHBOARD_URL = reverse("networks:dashboard")
UNKNOWN_COMBINATION = "Onbekende combinatie van e-mailadres en wachtwoord."

pytestmark = pytest.mark.django_db


def test_password_alone_leads_to_verification_not_the_portal(client, user):
    response = sign_in_password_only(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)

    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)


def test_password_and_code_give_the_dashboard(client, user):
    sign_in(client, user)
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    assert user.full_name.split(" ")[0] in response.content.decode()


def test_wrong_password_and_unknown_address_get_the_same_message(client, user):
    wrong_password = sign_in_password_only(client, user, password="not the password at all")
    unknown_user = client.post(
        LOGIN_URL, {"username": "niemand@example.nl", "password": "whatever password"}
    )
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert UNKNOWN_COMBINATION in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_key_changes_at_each_step(client, user):
    client.get(LOGIN_URL)
    client.cookies["sessionid"] = "x"  # an anonymous session a fixation attack would plant
    keys = [client.session.session_key]
    sign_in_password_only(client, user)
    keys.append(client.session.session_key)
    client.post(VERIFY_URL, {"token": current_code(user)})
    keys.append(client.session.session_key)
    assert len(set(keys)) == 3


def test_password_is_not_kept_in_the_session(client, user):
    sign_in_password_only(client, user)
    assert "correct horse" not in str(dict(client.session.items()))


def test_a_code_is_accepted_only_once(client, user):
    code = current_code(user)
    sign_in_password_only(client, user)
    assert client.post(VERIFY_URL, {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    sign_in_password_only(client, user)
    response = client.post(VERIFY_URL, {"token": code})
    assert response.status_code == 200
    assert "niet juist of is al gebruikt" in response.content.decode()
    assert client.get(DASHBOARD_URL).status_code == 302


def test_wrong_code_then_right_code_at_once_is_throttled(client, user):
    sign_in_password_only(client, user)
    client.post(VERIFY_URL, {"token": "000000" if current_code(user) != "000000" else "111111"})
    response = client.post(VERIFY_URL, {"token": current_code(user)})
    assert response.status_code == 200
    assert "Te veel onjuiste codes" in response.content.decode()
    assert client.get(DASHBOARD_URL).status_code == 302


def test_codes_from_two_steps_back_are_rejected(client, user):
    sign_in_password_only(client, user)
    response = client.post(VERIFY_URL, {"token": current_code(user, steps_ahead=-2)})
    assert response.status_code == 200
    assert client.get(DASHBOARD_URL).status_code == 302


def test_totp_parameters():
    device = TOTPDevice(user=None)
    assert (device.step, device.digits, device.tolerance) == (30, 6, 1)
    assert len(device.bin_key) >= 20  # at least 160 bits


class TestEnrolment:
    def test_account_without_authenticator_must_enrol_first(self, client):
        user = UserFactory()
        response = start_enrolment(client, user)
        assert response["Location"].startswith(ENROL_URL)
        assert client.get(DASHBOARD_URL)["Location"].startswith(ENROL_URL)

        page = client.get(ENROL_URL).content.decode()
        assert "<svg" in page  # the QR code, inline

    def test_the_password_alone_never_shows_the_secret(self, client):
        user = UserFactory()
        response = sign_in_password_only(client, user)
        assert response["Location"].startswith(ENROL_URL)
        response = client.get(ENROL_URL)
        assert response.status_code == 403
        assert "<svg" not in response.content.decode()
        assert "secret" not in (response.context or {})
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert client.post(ENROL_URL, {"token": "123456"}).status_code == 403

    def test_the_link_is_bound_to_the_browser_that_followed_it(self, client):
        user = UserFactory()
        follow_reset_link(client, user)
        other_browser = Client()
        sign_in_password_only(other_browser, user)
        assert other_browser.get(ENROL_URL).status_code == 403

    def test_the_permission_from_the_link_expires(self, client):
        user = UserFactory()
        start_enrolment(client, user)
        with time_machine.travel(time.time() + 31 * 60, tick=False):
            assert client.get(ENROL_URL).status_code in (302, 403)
            assert "<svg" not in client.get(ENROL_URL).content.decode()

    def test_confirming_the_app_shows_ten_backup_codes_once_stored_hashed(self, client):
        user = UserFactory()
        start_enrolment(client, user)
        client.get(ENROL_URL)
        response = client.post(ENROL_URL, {"token": current_code_unconfirmed(user)})
        assert response.status_code == 200
        codes = response.context["codes"]
        assert len(codes) == 10
        assert client.get(DASHBOARD_URL).status_code == 200

        stored = list(BackupCode.objects.filter(device__user=user))
        assert all(row.code_hash.startswith("pbkdf2_sha256_backupcode$100000$") for row in stored)
        plain = [code.replace("-", "") for code in codes]
        assert not any(row.code_hash in plain for row in stored)
        assert all(any(check_password(code, row.code_hash) for row in stored) for code in plain)
        # Never shown again: the account page shows only how many are left.
        account_page = client.get(reverse("accounts:account")).content.decode()
        assert not any(code in account_page for code in codes)

    def test_someone_with_only_the_password_cannot_add_a_device(self, client, user):
        sign_in_password_only(client, user)
        response = client.get(ENROL_URL)
        assert response["Location"].startswith(VERIFY_URL)
        assert TOTPDevice.objects.filter(user=user).count() == 1


def current_code_unconfirmed(user) -> str:
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


class TestBackupCodes:
    def _codes(self, client):
        user = UserFactory()
        start_enrolment(client, user)
        client.get(ENROL_URL)
        codes = client.post(ENROL_URL, {"token": current_code_unconfirmed(user)}).context["codes"]
        client.post(reverse("accounts:logout"))
        return user, codes

    def test_a_backup_code_signs_in_once(self, client):
        user, codes = self._codes(client)
        sign_in_password_only(client, user)
        assert client.post(VERIFY_URL, {"token": codes[0]}).status_code == 302
        assert client.get(DASHBOARD_URL).status_code == 200
        client.post(reverse("accounts:logout"))

        sign_in_password_only(client, user)
        response = client.post(VERIFY_URL, {"token": codes[0]})
        assert response.status_code == 200
        assert client.get(DASHBOARD_URL).status_code == 302

    def test_backup_code_accepted_without_dash_and_in_lower_case(self, client):
        user, codes = self._codes(client)
        sign_in_password_only(client, user)
        typed = codes[3].replace("-", "").lower()
        assert client.post(VERIFY_URL, {"token": typed}).status_code == 302

    def test_new_codes_need_password_and_app_code_and_replace_old_ones(self, client):
        user, codes = self._codes(client)
        sign_in(client, user)
        url = reverse("accounts:backup_codes")
        wrong = client.post(url, {"password": "wrong password", "token": current_code(user)})
        assert "codes" not in (wrong.context or {})
        response = client.post(
            url, {"password": "correct horse battery staple", "token": current_code(user)}
        )
        new_codes = response.context["codes"]
        assert len(new_codes) == 10
        client.post(reverse("accounts:logout"))

        sign_in_password_only(client, user)
        assert client.post(VERIFY_URL, {"token": codes[1]}).status_code == 200  # old: gone
        # Wait out the throttle the wrong code started, then the new code works.
        with time_machine.travel(time.time() + 5):
            assert client.post(VERIFY_URL, {"token": new_codes[1]}).status_code == 302
        assert client.get(DASHBOARD_URL).status_code == 200
