"""Idle and absolute session timeouts, sign-out everywhere, password reset (SES, AUTH-02)."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers import LOGIN_URL, VERIFY_URL, sign_in

pytestmark = pytest.mark.django_db
DASHBOARD_URL = reverse("networks:dashboard")


def test_idle_for_more_than_fifteen_minutes_signs_out(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, user)
        clock.shift(timedelta(minutes=14))
        assert client.get(DASHBOARD_URL).status_code == 200
        clock.shift(timedelta(minutes=14))  # active 14 min ago: still fine
        assert client.get(DASHBOARD_URL).status_code == 200
        clock.shift(timedelta(minutes=16))
        response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_session_ends_twelve_hours_after_sign_in_however_active(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, user)
        for _ in range(72):  # a request every 10 minutes, for 12 hours
            clock.shift(timedelta(minutes=10))
            assert client.get(DASHBOARD_URL).status_code == 200
        clock.shift(timedelta(minutes=1))
        response = client.get(DASHBOARD_URL)
    assert response["Location"].startswith(LOGIN_URL)


def test_timeouts_are_configurable(client, user, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, user)
        clock.shift(timedelta(minutes=6))
        assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_sign_out_everywhere_ends_sessions_on_other_devices(user):
    laptop, phone = Client(), Client()
    sign_in(laptop, user)
    sign_in(phone, user)
    assert phone.get(DASHBOARD_URL).status_code == 200

    laptop.post(reverse("accounts:logout_everywhere"))

    assert phone.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)
    assert laptop.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_logout_kills_the_server_side_session(client, user):
    sign_in(client, user)
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert replay.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_password_change_signs_out_other_sessions(user):
    laptop, phone = Client(), Client()
    sign_in(laptop, user)
    sign_in(phone, user)
    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a brand new passphrase 2026",
            "new_password2": "a brand new passphrase 2026",
        },
    )
    assert response.status_code == 302
    assert laptop.get(DASHBOARD_URL).status_code == 200
    assert phone.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_deactivated_account_loses_its_session(client, user):
    sign_in(client, user)
    user.is_active = False
    user.save()
    assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_tampered_session_cookie_is_treated_as_signed_out(client, user):
    sign_in(client, user)
    client.cookies["sessionid"] = client.cookies["sessionid"].value[:-4] + "abcd"
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


class TestPasswordReset:
    def _reset_link(self, client, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": user.email})
        assert len(mail.outbox) == 1
        return re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)

    def test_reset_does_not_sign_in_and_still_needs_the_second_step(
        self, client, user, django_capture_on_commit_callbacks
    ):
        link = self._reset_link(client, user, django_capture_on_commit_callbacks)
        form_url = client.get(link)["Location"]
        response = client.post(
            form_url,
            {
                "new_password1": "another long passphrase",
                "new_password2": "another long passphrase",
            },
        )
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
        assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)

        response = client.post(
            LOGIN_URL, {"username": user.email, "password": "another long passphrase"}
        )
        assert response["Location"].startswith(VERIFY_URL)

    def test_reset_link_works_once(self, client, user, django_capture_on_commit_callbacks):
        link = self._reset_link(client, user, django_capture_on_commit_callbacks)
        form_url = client.get(link)["Location"]
        client.post(
            form_url,
            {
                "new_password1": "another long passphrase",
                "new_password2": "another long passphrase",
            },
        )
        response = client.get(link, follow=True)
        assert response.context["validlink"] is False

    def test_reset_link_expires_after_one_hour(
        self, client, user, django_capture_on_commit_callbacks
    ):
        link = self._reset_link(client, user, django_capture_on_commit_callbacks)
        # A float keeps the process time zone (an aware datetime would switch it to UTC).
        with time_machine.travel(time.time() + 3601):
            response = client.get(link, follow=True)
        assert response.context["validlink"] is False

    def test_unknown_address_gets_the_same_answer_and_no_mail(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:password_reset"), {"email": "niemand@example.nl"}
            )
        assert response["Location"] == reverse("accounts:password_reset_done")
        assert mail.outbox == []
