"""An administrator can reset someone's two-step verification, but never see a stored
TOTP secret nor set anyone's password (issue 10, point 4)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice
from audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.helpers import ENROL_URL, LOGIN_URL, sign_in, sign_in_password_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    client.admin = admin
    return client


@pytest.fixture
def person():
    return UserFactory(with_authenticator=True, full_name="Petra Persoon")


def test_the_django_admin_shows_no_totp_device_key_or_qr_code(admin_client, person):
    device = TOTPDevice.objects.get(user=person)
    base = f"/django-admin/otp_totp/totpdevice/{device.pk}/"
    for url in (
        "/django-admin/otp_totp/totpdevice/",
        base,
        base + "change/",
        base + "config/",
        base + "qrcode/",
    ):
        response = admin_client.get(url, follow=True)
        assert response.status_code == 404, url
        assert device.key not in response.content.decode()
    assert "otp_totp" not in admin_client.get("/django-admin/").content.decode()


def test_wagtails_user_screens_cannot_set_a_password(admin_client, person):
    edit_url = f"/cms/users/edit/{person.pk}/"
    page = admin_client.get(edit_url)
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    assert 'name="password1"' not in admin_client.get("/cms/users/add/").content.decode()
    admin_client.post(
        edit_url,
        {
            "email": person.email,
            "password1": "gekozen door beheer",
            "password2": "gekozen door beheer",
        },
    )
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not person.check_password("gekozen door beheer")


def test_reset_signs_out_everywhere_mails_a_link_and_is_in_the_access_log(
    admin_client, person, django_capture_on_commit_callbacks
):
    own_session = Client()
    sign_in(own_session, person)
    url = reverse("accounts:two_step_reset", args=[person.pk])
    assert "Tweestapsverificatie" in admin_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not BackupCodeDevice.objects.filter(user=person).exists()
    assert own_session.get(reverse("networks:dashboard"))["Location"].startswith(LOGIN_URL)
    event = AuditEvent.objects.get(action="account_two_step_reset")
    assert (event.user_id, event.role, event.changed_fields) == (
        admin_client.admin.pk,
        "admin",
        [f"user.{person.pk}"],
    )
    message = mail.outbox[-1]
    assert message.to == [person.email]

    # The link proves the address: a new password, then the app, in that browser only.
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    browser = Client()
    form_url = browser.get(link)["Location"]
    new_password = "een nieuw gekozen wachtzin"
    browser.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    sign_in_password_only(browser, person, password=new_password)
    assert "<svg" in browser.get(ENROL_URL).content.decode()


@pytest.mark.parametrize("is_staff", [False, True])
def test_only_an_administrator_may_reset(client, person, is_staff):
    someone = UserFactory(with_authenticator=True, is_staff=is_staff)
    sign_in(client, someone)
    url = reverse("accounts:two_step_reset", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not AuditEvent.objects.exists()
