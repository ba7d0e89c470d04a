"""The demo and local development: embedded defaults, demo helpers switched on."""

from config.env import env

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Demo users and a command that prints their current verification code.
DEMO_MODE = True
DEMO_DATABASE_NAME = VAR_DIR / "db.sqlite3"

for folder in ("celery/queue", "celery/processed", "celery/control", "media"):
    (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)

# runserver serves static files itself; no need to run collectstatic for the demo.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from the app folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The test HIS that `make demo` starts (testhis/), and a signing key for the portal's
# SMART Backend Services that web and worker share: kept in var/, made on first use.
TESTHIS_URL = env.str("TESTHIS_URL", default="http://127.0.0.1:8001")
if not env.str("HIS_SIGNING_KEY", default=""):
    from his.demo_key import demo_signing_key_pem

    HIS_SIGNING_KEY = demo_signing_key_pem(VAR_DIR / "his-signing-key.pem")
