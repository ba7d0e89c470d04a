"""The test suite. DATABASE_URL and REDIS_URL pick PostgreSQL and Redis (CI always does)."""

import tempfile

from config.env import env

from .base import *  # noqa: F403
from .base import LOGGING

SECRET_KEY = "test-only-insecure-key-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEMO_MODE = True
# Tests load the demo into the database the test runner creates (config/demo.py).
DEMO_ON_TEST_DATABASE = True

# Fast hashing; the hasher itself is not under test.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "accounts.hashers.BackupCodeHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="mdo-test-media-")
OUTBOX_JOURNAL = env.path(
    "OUTBOX_JOURNAL", default=f"{tempfile.mkdtemp(prefix='mdo-test-outbox-')}/journal"
)

# Tasks run in-process during tests; the broker round trip has its own tests.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from the app folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Keep test output readable; tests read security events through log capture.
LOGGING["handlers"]["console"]["level"] = "WARNING"

# bench/public_pages.py measures a plain render with every cache switched off.
if env.bool("BENCH_NO_CACHE", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
