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
