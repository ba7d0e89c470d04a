"""Reads about groups and memberships, always starting from the signed-in user."""

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from networks.models import LEADING_ROLES, Invitation, Membership, Network


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("group__network", "organisation")
        .order_by("group__name")
    )


def coordinates_any_network(user: User) -> bool:
    """Whether to show the "edit website" link. Cached per user (signals.py clears it),
    because the menu is on every page; the Wagtail admin checks its own permissions."""
    key = coordinator_cache_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = user.coordinated_networks.exists()
        cache.set(key, value, 300)
    return value


def coordinator_cache_key(user_id: int) -> str:
    return f"coordinates-any-network:{user_id}"


def networks_coordinated_by(*, user: User) -> QuerySet[Network]:
    return user.coordinated_networks.order_by("name")


def membership_leading_group(*, user: User, group_id: int) -> Membership:
    """The user's chair or vice-chair membership of the group.

    Raises Http404 otherwise: a group you do not lead is indistinguishable from one
    that does not exist.
    """
    membership = (
        Membership.objects.filter(user=user, group_id=group_id, role__in=LEADING_ROLES)
        .select_related("group__network")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def group_members(*, group_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group_id=group_id)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def open_invitations(*, group_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        group_id=group_id, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation")
