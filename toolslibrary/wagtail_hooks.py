"""Tools in the admin: administrators see and edit all; a coordinator edits only their
own networks' tools and sees the national ones read-only (the inspect view)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from networks.models import Network
from toolslibrary.models import Tool


def tools_visible_to(user):
    if user.is_superuser:
        return Tool.objects.all()
    return Tool.objects.filter(Q(network__isnull=True) | Q(network__coordinators=user)).distinct()


def tools_editable_by(user):
    if user.is_superuser:
        return Tool.objects.all()
    return Tool.objects.filter(network__coordinators=user)


class ToolForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser and "network" in self.fields:
            # A coordinator's tool always belongs to one of their networks.
            self.fields["network"].queryset = Network.objects.filter(coordinators=user)
            self.fields["network"].required = True
            self.fields["network"].help_text = ""


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        tool = super().get_object(queryset)
        if not tools_editable_by(self.request.user).filter(pk=tool.pk).exists():
            raise PermissionDenied
        return tool


class ToolIndexView(snippets.IndexView):
    def get_base_queryset(self):
        return tools_visible_to(self.request.user).select_related("network")


class ToolEditView(ScopedObjectMixin, snippets.EditView):
    pass


class ToolDeleteView(ScopedObjectMixin, snippets.DeleteView):
    pass


class ToolInspectView(snippets.InspectView):
    def get_object(self, queryset=None):
        tool = super().get_object(queryset)
        if not tools_visible_to(self.request.user).filter(pk=tool.pk).exists():
            raise PermissionDenied
        return tool


class ToolViewSet(SnippetViewSet):
    model = Tool
    icon = "link"
    menu_label = _("Interventions & tools")
    list_display = ["title", "network"]
    list_filter = ["target_groups", "network"]
    search_fields = ["title", "summary"]
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ToolIndexView
    edit_view_class = ToolEditView
    delete_view_class = ToolDeleteView
    inspect_view_class = ToolInspectView

    edit_handler = ObjectList(Tool.panels, base_form_class=ToolForm)


register_snippet(ToolViewSet)
