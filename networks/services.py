"""Writes for groups and memberships: inviting, accepting, removing members."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.usernames import normalise_username
from meetings.services import calendar_feed_revoke, invitations_for_new_member
from networks.models import Invitation, MDOGroup, Membership, Organisation
from outbox.services import email_queue
from register.models import ConsultantGrant

INVITATION_VALIDITY = timedelta(days=7)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    group: MDOGroup,
    email: str,
    role: str,
    organisation: Organisation | None,
    invited_by: User,
) -> Invitation:
    email = normalise_username(email)
    if organisation is not None and organisation.network_id != group.network_id:
        raise ValidationError(_("That organisation is not part of this group's network."))
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member of the group."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        group=group,
        email=email,
        role=role,
        organisation=organisation,
        token_hash=invitation_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("networks:invitation", args=[token])
    context = {"invitation": invitation, "link": link, "valid_days": INVITATION_VALIDITY.days}
    email_queue(
        key=f"invitation:{invitation.pk}",
        to=email,
        subject=_("Invitation to the MDO group %(group)s") % {"group": group.name},
        text=render_to_string("networks/email/invitation.txt", context),
    )
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("group", "organisation")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turns a usable invitation into a membership, once, for the invited address only."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if normalise_username(user.email) != normalise_username(invitation.email):
        raise PermissionDenied(_("This invitation was sent to a different e-mail address."))
    membership, _created = Membership.objects.update_or_create(
        user=user,
        group=invitation.group,
        defaults={"role": invitation.role, "organisation": invitation.organisation},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    invitations_for_new_member(membership=membership)
    return membership


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, full_name: str, password: str
) -> User:
    from accounts.services import user_create

    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    user = user_create(email=invitation.email, full_name=full_name, password=password)
    invitation_accept(invitation=invitation, user=user)
    return user


def group_settings_update(*, group: MDOGroup, nurse_rights: str, consultant_access: str) -> None:
    group.nurse_rights = nurse_rights
    group.consultant_access = consultant_access
    group.full_clean()
    group.save(update_fields=["nurse_rights", "consultant_access"])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraws an invitation not yet accepted (an accepted one is a membership now:
    that is ended by removing the member)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been accepted. Remove the member instead.")
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def membership_remove(*, membership: Membership, removed_by: User) -> None:
    if membership.user_id == removed_by.pk:
        raise ValidationError(_("You cannot remove yourself from the group."))
    membership_end(membership=membership)


@transaction.atomic
def membership_end(*, membership: Membership) -> None:
    """Ends a membership at once: the register, meetings, reports, calendar feed and
    pre-meeting input of the group are closed to the person from the next request on
    (they are all reached through the membership). Patients shared with them in this
    group are unshared. Attendance rows of past meetings keep the name and role copied
    onto them (meetings.Attendance), so the attendance lists stay complete.
    """
    ConsultantGrant.objects.filter(
        consultant_id=membership.user_id, patient__group_id=membership.group_id
    ).delete()
    membership.delete()


@transaction.atomic
def user_access_end(*, user: User) -> None:
    """For a deactivated account: every membership ends as if removed from each group,
    the calendar feed stops and every session is signed out."""
    for membership in Membership.objects.filter(user=user):
        membership_end(membership=membership)
    calendar_feed_revoke(user=user)
    user.session_stamp = uuid.uuid4()
    User.objects.filter(pk=user.pk).update(session_stamp=user.session_stamp)
