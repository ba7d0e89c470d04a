"""Admin screens: networks, organisations, groups and members.

Wagtail's ModelViewSet checks model permissions. Only superusers hold those for
networks, groups and memberships. Coordinators hold them for organisations, and the
organisation screens show and accept only their own networks' organisations (the
regional list of home-care organisations is part of that).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from networks.models import MDOGroup, Membership, Network, Organisation


class NetworkViewSet(ModelViewSet):
    model = Network
    icon = "site"
    form_fields = ["name", "coordinators"]
    list_display = ["name"]
    search_fields = ["name"]


def organisations_for(user):
    """All organisations for an administrator; a coordinator's own networks' otherwise."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(network__coordinators=user)


class OrganisationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return organisations_for(self.request.user).select_related("network")


class OrganisationEditView(generic.EditView):
    def get_queryset(self):
        return organisations_for(self.request.user)


class OrganisationDeleteView(generic.DeleteView):
    def get_queryset(self):
        return organisations_for(self.request.user)


class OrganisationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            self.fields["network"].queryset = Network.objects.filter(coordinators=user)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    edit_handler = ObjectList(
        [FieldPanel("network"), FieldPanel("name"), FieldPanel("kind")],
        base_form_class=OrganisationForm,
    )
    list_display = ["name", "kind", "network"]
    list_filter = ["kind"]
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
