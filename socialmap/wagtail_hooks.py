"""The social map in the admin: administrators see and edit every entry; a coordinator
sees and edits only their own networks' entries.

As for the tools (toolslibrary/wagtail_hooks.py), the rule lives in one permission policy
and every view of the viewset that works on one entry (edit, delete, copy, history,
usage, inspect, and any Wagtail adds later) asks it before it runs."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from networks.models import Network
from socialmap.models import SocialMapEntry
from toolslibrary.wagtail_hooks import ScopedPermissionPolicy, guarded_by_policy


def entries_of_coordinator(user):
    if user.is_superuser:
        return SocialMapEntry.objects.all()
    # network__in, not network__coordinators: the admin's search can filter on the
    # network field (a FilterField) but not across the coordinators join.
    return SocialMapEntry.objects.filter(network__in=Network.objects.filter(coordinators=user))


class SocialMapPermissionPolicy(ScopedPermissionPolicy):
    """Django's model permissions, narrowed to the user's own networks' entries for
    every action, viewing included (another network's map is edited by its coordinator)."""

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return entries_of_coordinator(user)
        return SocialMapEntry.objects.none()


register_permission_policy(
    SocialMapEntry, SocialMapPermissionPolicy(SocialMapEntry), exact_class=True
)


class SocialMapEntryForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser and "network" in self.fields:
            # A coordinator's entry always belongs to one of their networks.
            own = Network.objects.filter(coordinators=user)
            self.fields["network"].queryset = own
            self.fields["network"].empty_label = None
            if self.instance.pk is None and not self.is_bound:
                self.initial["network"] = own.values_list("pk", flat=True).first()


class SocialMapEntryViewSet(SnippetViewSet):
    model = SocialMapEntry
    icon = "site"
    menu_label = _("Social map")
    list_display = ["name", "kind", "place", "network"]
    list_filter = ["kind", "network"]
    search_fields = ["name", "place", "description"]
    add_to_admin_menu = True
    inspect_view_enabled = True

    edit_handler = ObjectList(SocialMapEntry.panels, base_form_class=SocialMapEntryForm)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(
            request.user, "view"
        ).select_related("network")

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(
            guarded_by_policy(view_class, self.permission_policy, "change"), **kwargs
        )


register_snippet(SocialMapEntryViewSet)
