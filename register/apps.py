from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Patient register")

    def ready(self):
        from register.config_cache import connect_signals

        connect_signals()
