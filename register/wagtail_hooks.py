"""Register configuration in the Wagtail admin, for administrators and coordinators.

Only configuration: no patient model is registered anywhere in the admin (AC-05).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from register.models import Dimension, Discipline, TargetGroup


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "tag"
    list_display = ["name", "is_active"]


class DimensionViewSet(SnippetViewSet):
    model = Dimension
    icon = "list-ul"
    list_display = ["name"]


class DisciplineViewSet(SnippetViewSet):
    model = Discipline
    icon = "user"
    list_display = ["name"]


class RegisterConfigurationGroup(SnippetViewSetGroup):
    menu_label = _("Register settings")
    menu_icon = "cog"
    items = (TargetGroupViewSet, DimensionViewSet, DisciplineViewSet)


register_snippet(RegisterConfigurationGroup)
