"""Production settings for the national benchmarks on loopback (bench/load.py).

Everything as in config/settings/production.py (DEBUG off, PostgreSQL, Redis sessions and
cache, persistent connections), except what plain HTTP on 127.0.0.1 needs: no TLS
redirect and cookies without the Secure flag. Passwords use PBKDF2 with fewer rounds so
that signing in 200 users is not what the benchmark measures (sign-in is not in the mix).
"""

import os

from django.contrib.auth.hashers import PBKDF2PasswordHasher

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Required in production; on loopback mail goes to the console and links to loopback.
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1")

from config.settings.production import *  # noqa: F403


class BenchPasswordHasher(PBKDF2PasswordHasher):
    # Same algorithm name, so the stored hashes are ordinary PBKDF2 hashes.
    iterations = 10_000


PASSWORD_HASHERS = ["bench.load_settings.BenchPasswordHasher"]
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_SECURE = False
CSRF_COOKIE_NAME = "csrftoken"
# No collectstatic on loopback: static URLs without the manifest's hashes (the load test
# fetches pages, not their assets).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
