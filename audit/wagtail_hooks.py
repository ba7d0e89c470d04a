from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from audit import urls


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("audit-log/", include(urls, namespace="audit"))]


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    # Shown to superusers only; the view checks again, since a menu is no access control.
    return AdminOnlyMenuItem(
        _("Access log"), reverse_lazy("audit:event_list"), icon_name="history", order=10000
    )


@hooks.register("register_admin_menu_item")
def register_heavy_readers_menu_item():
    return AdminOnlyMenuItem(
        _("Unusual access"), reverse_lazy("audit:heavy_readers"), icon_name="warning", order=10001
    )
