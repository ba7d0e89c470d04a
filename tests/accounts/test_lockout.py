"""django-axes locks a username+address after 5 failures, for 15 minutes (AUTH-06)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tests.helpers import LOGIN_URL, VERIFY_URL, sign_in_password_only

pytestmark = pytest.mark.django_db

ADDRESS_A = {"REMOTE_ADDR": "203.0.113.10"}
ADDRESS_B = {"REMOTE_ADDR": "198.51.100.20"}


def fail_five_times(client, user, **address):
    for _ in range(5):
        response = sign_in_password_only(client, user, password="wrong password!", **address)
        assert response.status_code in (200, 429)


def test_sixth_attempt_from_same_address_is_blocked_even_with_right_password(client, user):
    fail_five_times(client, user, **ADDRESS_A)
    response = sign_in_password_only(client, user, **ADDRESS_A)
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_same_user_from_another_address_can_still_sign_in(client, user):
    fail_five_times(client, user, **ADDRESS_A)
    response = sign_in_password_only(client, user, **ADDRESS_B)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)


def test_rotating_x_forwarded_for_does_not_reset_the_counter(client, user):
    for n in range(5):
        sign_in_password_only(
            client,
            user,
            password="wrong password!",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            **ADDRESS_A,
        )
    response = sign_in_password_only(client, user, HTTP_X_FORWARDED_FOR="10.9.9.9", **ADDRESS_A)
    assert response.status_code == 429


def test_with_one_trusted_proxy_the_proxys_entry_counts_not_the_clients_forgery(
    client, user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(5):
        # The client forges entries on the left; our proxy appends the real address.
        sign_in_password_only(
            client,
            user,
            password="wrong password!",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.10",
            **proxy,
        )
    response = sign_in_password_only(
        client, user, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.10", **proxy
    )
    assert response.status_code == 429


def test_lockout_ends_after_fifteen_minutes(client, user):
    fail_five_times(client, user, **ADDRESS_A)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = sign_in_password_only(client, user, **ADDRESS_A)
    assert response.status_code == 302


def test_lockout_is_logged_as_a_security_event(client, user, caplog):
    caplog.set_level("INFO", logger="security")
    fail_five_times(client, user, **ADDRESS_A)
    sign_in_password_only(client, user, **ADDRESS_A)
    events = [record.event for record in caplog.records if record.name == "security"]
    assert "login_locked_out" in events
    assert events.count("login_failed") >= 5


@pytest.mark.parametrize("typed", ["A@X.NL", " a@x.nl ", "A@x.Nl  "])
def test_letter_case_and_spaces_do_not_bypass_the_lockout(client, typed):
    user = UserFactory(email="a@x.nl", with_authenticator=True)
    fail_five_times(client, user, **ADDRESS_A)
    response = client.post(LOGIN_URL, {"username": typed, "password": PASSWORD}, **ADDRESS_A)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_in_varying_case_count_towards_one_lockout(client):
    user = UserFactory(email="a@x.nl", with_authenticator=True)
    for typed in ["a@x.nl", "A@X.NL", " a@x.nl", "a@X.nl ", "A@x.nl"]:
        client.post(LOGIN_URL, {"username": typed, "password": "wrong password!"}, **ADDRESS_A)
    response = sign_in_password_only(client, user, **ADDRESS_A)
    assert response.status_code == 429


def test_the_address_is_found_whatever_its_case_and_spaces(client):
    UserFactory(email="a@x.nl", with_authenticator=True)
    response = client.post(LOGIN_URL, {"username": " A@X.nl ", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)
