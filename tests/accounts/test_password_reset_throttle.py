"""Password reset is rate-limited per client address and per e-mail address, with the
public forms' mechanism (issue 10, point 5)."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET_URL = reverse("accounts:password_reset")


def ask(client, email, address="203.0.113.10"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)


def test_one_address_cannot_ask_for_endless_resets(
    client, user, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [ask(client, f"iemand{n}@example.nl").status_code for n in range(3)]
        refused = ask(client, user.email)
    assert statuses == [302, 302, 302]
    assert refused.status_code == 429
    assert "Te veel" in refused.content.decode()
    assert mail.outbox == []


def test_one_account_cannot_be_flooded_from_many_addresses(
    client, user, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    typed = [user.email, user.email.upper(), f" {user.email} "]
    with django_capture_on_commit_callbacks(execute=True):
        for n, email in enumerate(typed):
            assert ask(client, email, address=f"198.51.100.{n}").status_code == 302
        refused = ask(client, user.email, address="192.0.2.99")
    assert refused.status_code == 429


def test_a_throttled_reset_is_logged(client, user, settings, caplog):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    caplog.set_level("INFO", logger="security")
    ask(client, user.email)
    ask(client, user.email)
    assert "password_reset_throttled" in [r.event for r in caplog.records if r.name == "security"]
