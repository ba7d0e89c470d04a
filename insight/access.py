"""Who may see insight: superusers everything, coordinators their own networks."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from networks.models import Network


def may_see_insight(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.coordinated_networks.exists())


def networks_for(user):
    if user.is_superuser:
        return Network.objects.order_by("name")
    return user.coordinated_networks.order_by("name")


def network_for(user, network_id: int) -> Network:
    """The network, if the user may see its insight; Http404 otherwise (another network
    is indistinguishable from one that does not exist)."""
    return get_object_or_404(networks_for(user), pk=network_id)


def require_national(user) -> None:
    if not user.is_superuser:
        raise Http404
