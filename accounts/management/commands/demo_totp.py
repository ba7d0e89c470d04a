"""Prints the current verification code of a demo user, so the demo needs no phone.

Refused unless DEMO_MODE is on; production settings never turn it on.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Prints the current TOTP code of a demo user (demo settings only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Refused: demo codes are only available with DEMO_MODE on.")
        if not email.endswith("@demo.mdo-portaal.nl"):
            raise CommandError("Refused: only demo users (@demo.mdo-portaal.nl) have demo codes.")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo user with an authenticator: {email}")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
