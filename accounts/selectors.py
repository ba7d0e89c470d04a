from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, User


def user_has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verification_devices_for_user(user: User):
    """The user's confirmed devices: the authenticator app first, then backup codes."""
    devices = list(devices_for_user(user, confirmed=True))
    return sorted(devices, key=lambda device: isinstance(device, BackupCodeDevice))


def backup_codes_remaining(user: User) -> int:
    device = BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
    return device.remaining if device else 0
