"""The Django admin shows no stored TOTP secret: django-otp's device pages (key, QR code)
would let an administrator become anyone. Two-step is reset, never viewed
(accounts.services.two_step_reset)."""

from django.contrib import admin
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401 - registers first
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
