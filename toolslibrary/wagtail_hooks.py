"""Tools in the admin: administrators see and edit all; a coordinator edits only their
own networks' tools and sees the national ones read-only (the inspect view).

The rule lives in one place, the tool's permission policy (`ToolPermissionPolicy`).
Every view of the viewset that works on one tool (edit, delete, copy, history, usage,
inspect, and any Wagtail adds later) asks that policy before it runs, and the listing
shows what the policy lets the user view.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from networks.models import Network
from toolslibrary.models import Tool


def tools_visible_to(user):
    if user.is_superuser:
        return Tool.objects.all()
    # network__in, not network__coordinators: the admin's search can filter on the
    # network field (a FilterField) but not across the coordinators join.
    own = Network.objects.filter(coordinators=user)
    return Tool.objects.filter(Q(network__isnull=True) | Q(network__in=own))


def tools_editable_by(user):
    if user.is_superuser:
        return Tool.objects.all()
    return Tool.objects.filter(network__in=Network.objects.filter(coordinators=user))


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed per object: a subclass says which objects a
    user may act on (`instances_user_has_any_permission_for`); the per-instance checks
    every admin view asks follow from it (tools, social map, follow-up)."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ToolPermissionPolicy(ScopedPermissionPolicy):
    """Django's model permissions, narrowed per tool: viewing reaches national tools and
    the user's own networks' tools; every other action only their own networks' tools."""

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions and self.user_has_permission(user, "view"):
            return tools_visible_to(user)
        others = [action for action in actions if action != "view"]
        if others and self.user_has_any_permission(user, others):
            return tools_editable_by(user)
        return Tool.objects.none()


register_permission_policy(Tool, ToolPermissionPolicy(Tool), exact_class=True)


def guarded_by_policy(view_class, policy, action: str):
    """`view_class`, refusing any request for one object the policy does not give
    `action` on, before the view does anything else."""

    class PolicyGuardedView(view_class):
        def dispatch(self, request, *args, **kwargs):
            if "pk" in kwargs:
                allowed = policy.instances_user_has_permission_for(request.user, action)
                try:
                    found = allowed.filter(pk=unquote(str(kwargs["pk"]))).exists()
                except (TypeError, ValueError):
                    found = False
                if not found:
                    raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    PolicyGuardedView.__name__ = PolicyGuardedView.__qualname__ = view_class.__name__
    return PolicyGuardedView


class ToolForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser and "network" in self.fields:
            # A coordinator's tool always belongs to one of their networks.
            own = Network.objects.filter(coordinators=user)
            self.fields["network"].queryset = own
            self.fields["network"].required = True
            self.fields["network"].empty_label = None
            self.fields["network"].help_text = ""
            if self.instance.pk is None and not self.is_bound:
                self.initial["network"] = own.values_list("pk", flat=True).first()


class ToolViewSet(SnippetViewSet):
    model = Tool
    icon = "link"
    menu_label = _("Interventions & tools")
    list_display = ["title", "network"]
    list_filter = ["target_groups", "network"]
    search_fields = ["title", "summary"]
    add_to_admin_menu = True
    inspect_view_enabled = True

    edit_handler = ObjectList(Tool.panels, base_form_class=ToolForm)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(
            request.user, "view"
        ).select_related("network")

    def construct_view(self, view_class, **kwargs):
        # Only the inspect view is a look; every other view on one tool needs "change".
        action = "view" if issubclass(view_class, snippets.InspectView) else "change"
        return super().construct_view(
            guarded_by_policy(view_class, self.permission_policy, action), **kwargs
        )


register_snippet(ToolViewSet)
