"""The Wagtail user screens: administrators reset someone's second step from the list;
they never see a TOTP secret and never set a password (WAGTAILUSERS_PASSWORD_ENABLED)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton


@hooks.register("register_user_listing_buttons")
def two_step_reset_button(user, request_user):
    if not request_user.is_superuser:
        return []
    return [
        ListingButton(
            _("Reset two-step verification"),
            reverse("accounts:two_step_reset", args=[user.pk]),
            priority=60,
        )
    ]
