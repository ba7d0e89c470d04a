from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from toolslibrary.models import Tool


class ToolViewSet(SnippetViewSet):
    model = Tool
    icon = "link"
    menu_label = _("Interventions & tools")
    list_display = ["title", "network"]
    list_filter = ["target_groups", "network"]
    search_fields = ["title", "summary"]
    add_to_admin_menu = True


register_snippet(ToolViewSet)
