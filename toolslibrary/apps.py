from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolslibraryConfig(AppConfig):
    name = "toolslibrary"
    verbose_name = _("Interventions and tools")
