from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "his"
    verbose_name = _("GP information system link")
