"""Follow-up in the admin: a coordinator gives each bottleneck, learning point, education
need and attention point that reached their network a status and a short response.

One permission policy per model (`FollowUpPolicy`) says which points a user may see and
change: those of closed meetings of the networks they coordinate (administrators: all).
Coordinators see the texts only as anonymised at closing (`text_anonymised`).
Every view on one point asks it first (the tools' `guarded_by_policy`). Nobody adds,
copies or deletes points here: they come from the meetings."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from meetings.followups import attention_points_for_coordinator, findings_for_coordinator
from meetings.models import AttentionPoint, Finding
from toolslibrary.wagtail_hooks import ScopedPermissionPolicy, guarded_by_policy

ALLOWED_ACTIONS = {"view", "change"}


class FollowUpPolicy(ScopedPermissionPolicy):
    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission(self, user, action):
        return action in ALLOWED_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.scope(user)
        return self.model.objects.none()


register_permission_policy(
    Finding, FollowUpPolicy(Finding, findings_for_coordinator), exact_class=True
)
register_permission_policy(
    AttentionPoint,
    FollowUpPolicy(AttentionPoint, attention_points_for_coordinator),
    exact_class=True,
)


class FollowUpForm(WagtailAdminModelForm):
    def save(self, commit=True):
        self.instance.followup_updated_at = timezone.now()
        return super().save(commit=commit)


FOLLOWUP_PANELS = [FieldPanel("followup_status"), FieldPanel("followup_response")]


class FollowUpViewSet(SnippetViewSet):
    list_filter = ["followup_status", "category"]
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_admin_menu = False

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(
            request.user, "view"
        ).select_related("category")

    def construct_view(self, view_class, **kwargs):
        action = "view" if issubclass(view_class, snippets.InspectView) else "change"
        return super().construct_view(
            guarded_by_policy(view_class, self.permission_policy, action), **kwargs
        )


class FindingFollowUpViewSet(FollowUpViewSet):
    model = Finding
    icon = "warning"
    menu_label = _("Bottlenecks and findings")
    list_display = ["text_anonymised", "kind", "category", "followup_status"]
    list_filter = ["kind", "followup_status", "category"]
    inspect_view_fields = [
        "kind",
        "category",
        "text_anonymised",
        "followup_status",
        "followup_response",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("kind", read_only=True),
            FieldPanel("text_anonymised", read_only=True),
            *FOLLOWUP_PANELS,
        ],
        base_form_class=FollowUpForm,
    )


class AttentionPointFollowUpViewSet(FollowUpViewSet):
    model = AttentionPoint
    icon = "flag"
    menu_label = _("Attention points")
    list_display = ["text_anonymised", "category", "followup_status"]
    inspect_view_fields = ["category", "text_anonymised", "followup_status", "followup_response"]
    edit_handler = ObjectList(
        [FieldPanel("text_anonymised", read_only=True), *FOLLOWUP_PANELS],
        base_form_class=FollowUpForm,
    )


class FollowUpGroup(SnippetViewSetGroup):
    menu_label = _("Follow-up")
    menu_icon = "tasks"
    menu_order = 850
    items = (FindingFollowUpViewSet, AttentionPointFollowUpViewSet)


register_snippet(FollowUpGroup)
