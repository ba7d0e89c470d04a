from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The Django admin, for superusers only, behind the portal's own two-step login.

    Its own login form would accept a password alone, so it is replaced by a redirect.
    """

    site_header = _("MDO portal: technical administration")
    site_title = _("MDO portal")

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser and user.is_verified())

    def login(self, request, extra_context=None):
        return redirect(f"{reverse('accounts:login')}?next={reverse('admin:index')}")
