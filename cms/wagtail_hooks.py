"""Applications and contact messages in the admin: read-only, for administrators only
(no group holds permissions on them; they contain people's contact details)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

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
