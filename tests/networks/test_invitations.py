"""A chair invites members by e-mail; the link leads to an account, two-step set-up and
membership, once, for the invited address only."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from networks.models import Invitation, Membership
from outbox.models import OutboundEmail
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers import ENROL_URL, sign_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een lange zin als wachtwoord"


def members_url(group):
    return reverse("networks:group_members", args=[group.pk])


def invite(
    client, group, email="nieuw.lid@example.nl", role="nurse", organisation=None, capture=None
):
    data = {"email": email, "role": role, "organisation": organisation.pk if organisation else ""}
    with capture(execute=True):
        response = client.post(members_url(group), data)
    assert response.status_code == 302, response.content[:400]
    return re.search(r"https?://[^/\s]+(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def chair_client(client, chair):
    sign_in(client, chair)
    return client


def test_chair_invites_and_the_email_holds_only_a_link(
    chair_client, group, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(network=group.network)
    link = invite(
        chair_client, group, organisation=organisation, capture=django_capture_on_commit_callbacks
    )
    message = mail.outbox[-1]
    assert message.to == ["nieuw.lid@example.nl"]
    assert group.name in message.subject
    assert link in message.body
    invitation = Invitation.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in invitation.token_hash  # only the hash is stored
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_new_person_gets_account_membership_and_must_enrol(
    chair_client, group, django_capture_on_commit_callbacks
):
    link = invite(chair_client, group, role="homecare", capture=django_capture_on_commit_callbacks)
    newcomer = Client()
    response = newcomer.post(
        link, {"full_name": "Noor Hendriks", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL_URL)
    user = User.objects.get(email="nieuw.lid@example.nl")
    assert Membership.objects.get(user=user, group=group).role == "homecare"
    # Signed in with a password only: the portal itself still needs the second step.
    assert newcomer.get(reverse("networks:dashboard"))["Location"].startswith(ENROL_URL)


def test_link_works_once(chair_client, group, django_capture_on_commit_callbacks):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    data = {"full_name": "Noor Hendriks", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    Client().post(link, data)
    response = Client().post(link, data)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert User.objects.filter(email="nieuw.lid@example.nl").count() == 1


def test_expired_link_is_refused_with_a_clear_message(
    chair_client, group, django_capture_on_commit_callbacks
):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().post(
            link, {"full_name": "Noor", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="nieuw.lid@example.nl").exists()


def test_invitation_cannot_be_accepted_by_another_signed_in_account(
    chair_client, group, django_capture_on_commit_callbacks
):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    other = UserFactory(with_authenticator=True)
    other_client = Client()
    sign_in(other_client, other)
    response = other_client.post(link)
    assert response.status_code == 403
    assert "ander e-mailadres" in response.content.decode()
    assert not Membership.objects.filter(user=other, group=group).exists()
    assert Invitation.objects.get().accepted_at is None


def test_existing_account_signs_in_then_joins(
    chair_client, group, django_capture_on_commit_callbacks
):
    existing = UserFactory(with_authenticator=True, email="bestaand@example.nl")
    link = invite(
        chair_client, group, email=existing.email, capture=django_capture_on_commit_callbacks
    )
    visitor = Client()
    assert "inloggen" in visitor.get(link).content.decode().lower()
    sign_in(visitor, existing)
    assert visitor.post(link)["Location"] == reverse("networks:dashboard")
    assert Membership.objects.filter(user=existing, group=group).exists()


def test_an_invitation_to_a_variant_of_an_address_reaches_the_same_account(
    chair_client, group, django_capture_on_commit_callbacks
):
    """The address is normalised once, as at sign-in: letter case and spaces do not make a
    second account or keep the existing one out."""
    existing = UserFactory(with_authenticator=True, email="bestaand@example.nl")
    link = invite(
        chair_client,
        group,
        email="  Bestaand@EXAMPLE.nl ",
        capture=django_capture_on_commit_callbacks,
    )
    assert Invitation.objects.get().email == "bestaand@example.nl"
    visitor = Client()
    sign_in(visitor, existing)
    assert visitor.post(link)["Location"] == reverse("networks:dashboard")
    assert Membership.objects.filter(user=existing, group=group).exists()
    assert User.objects.filter(email__iexact="bestaand@example.nl").count() == 1


def test_a_member_cannot_be_invited_again_under_a_variant_of_their_address(chair_client, group):
    MembershipFactory(group=group, user=UserFactory(email="lid@example.nl"))
    response = chair_client.post(
        members_url(group), {"email": " LID@Example.NL", "role": "nurse", "organisation": ""}
    )
    assert "al lid" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("full_name", "password", "message"),
    [
        ("<script>alert(1)</script>", NEW_PASSWORD, "mag geen tekens"),
        ("Robert'); DROP TABLE accounts_user;--", NEW_PASSWORD, "mag geen tekens"),
        ("Noor Hendriks", "kort", "te kort"),
        ("Noor Hendriks", "password1234", "te algemeen"),
        ("N" * 151, NEW_PASSWORD, "niet meer dan 150 tekens"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_creates_nothing(
    chair_client, group, django_capture_on_commit_callbacks, full_name, password, message
):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    response = Client().post(
        link, {"full_name": full_name, "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not User.objects.filter(email="nieuw.lid@example.nl").exists()
    assert Invitation.objects.get().accepted_at is None


def test_apostrophes_in_names_are_stored_as_typed(
    chair_client, group, django_capture_on_commit_callbacks
):
    link = invite(chair_client, group, capture=django_capture_on_commit_callbacks)
    name = "Ilse d'Ancona-O'Brien"
    Client().post(link, {"full_name": name, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.get(email="nieuw.lid@example.nl").full_name == name


@pytest.mark.parametrize("username", ["' OR 1=1 --", "<img src=x onerror=alert(1)>", "a" * 300])
def test_sign_in_form_refuses_junk_without_an_error_page(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "x"})
    assert response.status_code == 200
    assert "<img src=x" not in response.content.decode()
    assert "_auth_user_id" not in client.session


class TestWhoManagesMembers:
    def test_members_page_for_the_chair(self, chair_client, group):
        response = chair_client.get(members_url(group))
        assert response.status_code == 200

    @pytest.mark.parametrize("role", ["gp", "nurse", "homecare", "consultant"])
    def test_other_roles_get_not_found(self, client, group, role):
        member = MembershipFactory(group=group, role=role).user
        sign_in(client, member)
        assert client.get(members_url(group)).status_code == 404
        assert (
            client.post(members_url(group), {"email": "x@example.nl", "role": "gp"}).status_code
            == 404
        )
        assert not Invitation.objects.exists()

    def test_chair_of_one_group_cannot_manage_another(self, chair_client):
        other_group = MembershipFactory(role="chair").group
        assert chair_client.get(members_url(other_group)).status_code == 404

    def test_vice_chair_may_manage(self, client, group):
        vice = MembershipFactory(group=group, role="vice_chair").user
        sign_in(client, vice)
        assert client.get(members_url(group)).status_code == 200

    def test_chair_removes_a_member_but_not_themself(self, chair_client, chair, group):
        member = MembershipFactory(group=group, role="gp")
        url = reverse("networks:member_remove", args=[group.pk, member.pk])
        assert chair_client.post(url).status_code == 302
        assert not Membership.objects.filter(pk=member.pk).exists()

        own = Membership.objects.get(user=chair, group=group)
        chair_client.post(reverse("networks:member_remove", args=[group.pk, own.pk]))
        assert Membership.objects.filter(pk=own.pk).exists()

    def test_organisation_of_another_network_is_refused(self, chair_client, group):
        foreign = OrganisationFactory()
        response = chair_client.post(
            members_url(group), {"email": "x@example.nl", "role": "gp", "organisation": foreign.pk}
        )
        assert response.status_code == 200
        assert not Invitation.objects.exists()


def test_dashboard_lists_groups_with_role_per_membership(client, group):
    membership = MembershipFactory(group=group, role="gp")
    MembershipFactory(user=membership.user, role="consultant")
    sign_in(client, membership.user)
    page = client.get(reverse("networks:dashboard")).content.decode()
    assert group.name in page
    assert "Huisarts" in page and "Consulent" in page


class TestGroupSettings:
    def test_chair_chooses_what_nurses_and_consultants_may_do(self, chair_client, group):
        url = reverse("networks:group_settings", args=[group.pk])
        response = chair_client.post(
            url, {"settings-nurse_rights": "homecare", "settings-consultant_access": "per_patient"}
        )
        assert response.status_code == 302
        group.refresh_from_db()
        assert (group.nurse_rights, group.consultant_access) == ("homecare", "per_patient")
        nurse = MembershipFactory(group=group, role="nurse")
        assert nurse.effective_role == "homecare"

    def test_invalid_choice_changes_nothing(self, chair_client, group):
        url = reverse("networks:group_settings", args=[group.pk])
        chair_client.post(
            url, {"settings-nurse_rights": "admin", "settings-consultant_access": "all"}
        )
        group.refresh_from_db()
        assert group.nurse_rights == "nurse"

    def test_a_gp_cannot_change_the_settings(self, client, group):
        gp = MembershipFactory(group=group, role="gp").user
        sign_in(client, gp)
        url = reverse("networks:group_settings", args=[group.pk])
        response = client.post(
            url, {"settings-nurse_rights": "homecare", "settings-consultant_access": "all"}
        )
        assert response.status_code == 404
        group.refresh_from_db()
        assert group.nurse_rights == "nurse"
