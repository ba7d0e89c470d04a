"""Prints the current verification code of a demo user, so the demo needs no phone.

Refused unless the demo settings and the demo database are in use (config/demo.py).
"""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.demo import refuse_unless_demo


class Command(BaseCommand):
    help = "Prints the current TOTP code of a demo user (demo settings only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        refuse_unless_demo()
        if not email.endswith("@demo.mdo-portaal.nl"):
            raise CommandError("Refused: only demo users (@demo.mdo-portaal.nl) have demo codes.")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo user with an authenticator: {email}")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
