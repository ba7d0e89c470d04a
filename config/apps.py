from django.contrib.admin.apps import AdminConfig
from django.urls import register_converter

from config.ids import IdConverter

# Before any URLconf is loaded: every id in the project's URLs is `<id:...>`.
register_converter(IdConverter, "id")


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.PortalAdminSite"
