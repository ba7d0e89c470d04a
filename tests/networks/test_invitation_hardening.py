"""Invitations: an accepted one cannot be withdrawn, the link's pages are never stored,
and the link is the way into setting up the second step (issue 10, points 3 and 16)."""

import pytest
from django.test import Client
from django.urls import reverse

from networks.models import Invitation, Membership
from tests.helpers import ENROL_URL, sign_in
from tests.networks.test_invitations import NEW_PASSWORD, invite, members_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_client(client, chair):
    sign_in(client, chair)
    return client


def accept(link):
    newcomer = Client()
    newcomer.post(
        link, {"full_name": "Noor Hendriks", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    return newcomer


def test_an_accepted_invitation_cannot_be_revoked(
    chair_client, group, django_capture_on_commit_callbacks
):
    accept(invite(chair_client, group, capture=django_capture_on_commit_callbacks))
    invitation = Invitation.objects.get()
    url = reverse("networks:invitation_revoke", args=[group.pk, invitation.pk])

    response = chair_client.post(url, follow=True)

    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    page = response.content.decode()
    assert "al geaccepteerd" in page
    assert "ingetrokken." not in page.replace("kan niet meer worden ingetrokken", "")
    assert Membership.objects.filter(group=group, user__email=invitation.email).exists()


def test_an_open_invitation_can_still_be_revoked(
    chair_client, group, django_capture_on_commit_callbacks
):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    chair_client.post(reverse("networks:invitation_revoke", args=[group.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(link).status_code == 410


def test_invitation_pages_are_never_stored(chair_client, group, django_capture_on_commit_callbacks):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    for response in (Client().get(link), Client().get("/uitnodiging/onbekend/")):
        assert "no-store" in response["Cache-Control"]
    assert chair_client.get(members_url(group)).status_code == 200


def test_the_invitation_link_opens_enrolment_for_that_browser_only(
    chair_client, group, django_capture_on_commit_callbacks
):
    newcomer = accept(invite(chair_client, group, capture=django_capture_on_commit_callbacks))
    assert "<svg" in newcomer.get(ENROL_URL).content.decode()

    elsewhere = Client()
    elsewhere.post(
        reverse("accounts:login"), {"username": "nieuw.lid@example.nl", "password": NEW_PASSWORD}
    )
    response = elsewhere.get(ENROL_URL)
    assert response.status_code == 403
    assert "<svg" not in response.content.decode()
