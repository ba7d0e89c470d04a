"""A menu item in the Wagtail admin that leads coordinators to their network's insight."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from insight.access import may_see_insight


class InsightMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_insight(request.user)


@hooks.register("register_admin_menu_item")
def register_insight_menu_item():
    return InsightMenuItem(_("Insight"), reverse("insight:index"), icon_name="table", order=900)
