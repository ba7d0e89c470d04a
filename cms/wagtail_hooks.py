"""Applications and contact messages in the admin: read-only, for administrators only
(no group holds permissions on them; they contain people's contact details). Also the
admin's Dutch booleans, the coordinator's dashboard panel and the help menu."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.dashboard import coordinator_panel_for
from cms.models import ApplicationSubmission, ContactMessage


class ApplicationViewSet(ModelViewSet):
    model = ApplicationSubmission
    icon = "form"
    list_display = ["group_name", "chair_name", "network", "patz_registered", "created_at"]
    inspect_view_enabled = True
    form_fields = ["group_name", "chair_name", "email", "network", "patz_registered"]


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    icon = "mail"
    list_display = ["name", "email", "created_at"]
    inspect_view_enabled = True
    form_fields = ["name", "email", "message"]


class SubmissionsViewSetGroup(ViewSetGroup):
    menu_label = _("Submissions")
    menu_icon = "form"
    items = (ApplicationViewSet, ContactMessageViewSet)


@hooks.register("register_admin_viewset")
def register_submission_viewsets():
    return SubmissionsViewSetGroup()


class YesNoDisplay(BaseFieldDisplay):
    """Booleans in inspect views as "ja"/"nee" rather than True/False."""

    def render_html(self, parent_context=None):
        if self.value is None:
            return str(_("unknown"))
        return str(_("yes") if self.value else _("no"))


register_display_class(models.BooleanField, display_class=YesNoDisplay)


@hooks.register("construct_homepage_panels")
def add_coordinator_panel(request, panels):
    panel = coordinator_panel_for(request.user)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("construct_help_menu")
def drop_wagtails_english_guides(request, menu_items):
    """Wagtail's editor guide and release notes exist in English only."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]
