"""Register configuration in the Wagtail admin.

Target groups with their scales, dimensions with their sub-fields, disciplines and the
categories of attention points are national: a change reaches every network. Only
administrators change them (`NationalConfigurationPolicy`); a coordinator may look, and
keeps their own network's lists (home-care organisations and other organisations) in
the networks screens.

Only configuration: no patient model is registered anywhere in the admin (AC-05).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from meetings.models import Category
from register.models import Dimension, Discipline, TargetGroup


class NationalConfigurationPolicy(ModelPermissionPolicy):
    """Looking needs the model's view permission; every other action (add, change,
    delete, copy...) is for administrators, whatever permissions a group holds."""

    def user_has_permission(self, user, action):
        if action == "view":
            return super().user_has_permission(user, action)
        return user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        if "view" in actions:
            return super().users_with_any_permission(["view"])
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


NATIONAL_CONFIGURATION = (TargetGroup, Dimension, Discipline, Category)
for model in NATIONAL_CONFIGURATION:
    register_permission_policy(model, NationalConfigurationPolicy(model), exact_class=True)


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "tag"
    list_display = ["name", "is_active"]
    inspect_view_enabled = True


class DimensionViewSet(SnippetViewSet):
    model = Dimension
    icon = "list-ul"
    list_display = ["name"]
    inspect_view_enabled = True


class DisciplineViewSet(SnippetViewSet):
    model = Discipline
    icon = "user"
    list_display = ["name"]
    inspect_view_enabled = True


class AttentionPointCategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Attention-point categories")
    list_display = ["name", "sort_order"]
    inspect_view_enabled = True


class RegisterConfigurationGroup(SnippetViewSetGroup):
    menu_label = _("Register settings")
    menu_icon = "cog"
    items = (TargetGroupViewSet, DimensionViewSet, DisciplineViewSet, AttentionPointCategoryViewSet)


register_snippet(RegisterConfigurationGroup)
