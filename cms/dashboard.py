"""The coordinator's panel on the Wagtail dashboard: what needs their attention in their
networks (open bottlenecks, news awaiting moderation, tools due for review) and insight."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from meetings.followups import coordinated_networks, open_bottlenecks
from news.selectors import news_awaiting_moderation
from toolslibrary.selectors import tools_due_for_review

SHOWN = 5


class CoordinatorPanel(Component):
    name = "coordinator"
    order = 50
    template_name = "cms/admin/coordinator_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        networks = coordinated_networks(self.user)
        bottlenecks = open_bottlenecks(networks).select_related("category")
        news = news_awaiting_moderation(networks)
        tools = tools_due_for_review(networks)
        return {
            "networks": networks,
            "bottleneck_count": bottlenecks.count(),
            "bottlenecks": bottlenecks.order_by("-meeting__starts_at", "-pk")[:SHOWN],
            "news_count": news.count(),
            "news": news[:SHOWN],
            "tool_count": tools.count(),
            "tools": tools[:SHOWN],
            "insight_url": reverse("insight:index"),
            "followup_url": reverse("wagtailsnippets_meetings_finding:list"),
        }


def coordinator_panel_for(user):
    """The panel for a network coordinator; none for anyone else (administrators included)."""
    if user.is_superuser or not coordinated_networks(user).exists():
        return None
    return CoordinatorPanel(user)
