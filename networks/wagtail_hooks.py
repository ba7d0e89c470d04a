"""Admin screens for national administrators: networks, organisations, groups, members.

Wagtail's ModelViewSet checks the model permissions; only superusers hold them, so
coordinators do not see these menus.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from networks.models import MDOGroup, Membership, Network, Organisation


class NetworkViewSet(ModelViewSet):
    model = Network
    icon = "site"
    form_fields = ["name", "coordinators"]
    list_display = ["name"]
    search_fields = ["name"]


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    form_fields = ["network", "name", "kind"]
    list_display = ["name", "kind", "network"]
    list_filter = ["network", "kind"]
    search_fields = ["name"]


class MDOGroupViewSet(ModelViewSet):
    model = MDOGroup
    icon = "group"
    form_fields = ["network", "name", "nurse_rights", "consultant_access"]
    list_display = ["name", "network"]
    list_filter = ["network"]
    search_fields = ["name"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    form_fields = ["user", "group", "role", "organisation"]
    list_display = ["user", "group", "role", "organisation"]
    list_filter = ["group", "role"]


class NetworksViewSetGroup(ViewSetGroup):
    menu_label = _("Networks and groups")
    menu_icon = "site"
    items = (NetworkViewSet, OrganisationViewSet, MDOGroupViewSet, MembershipViewSet)


@hooks.register("register_admin_viewset")
def register_networks_viewsets():
    return NetworksViewSetGroup()
