"""Production: PostgreSQL, Redis, SMTP, behind a TLS-terminating reverse proxy.

Every secret and host name comes from the environment; a missing one stops start-up.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env

from .base import *  # noqa: F403

# Without these the base settings fall back to console e-mail, 127.0.0.1 links in every
# mail and calendar file, and a cache per process: never right in production.
REQUIRED_IN_PRODUCTION = {
    "EMAIL_URL": "outgoing mail, e.g. smtp+tls://user:password@smtp.example.nl:587",
    "PORTAL_BASE_URL": "the address people use, for links in e-mails and calendar files",
    "REDIS_URL": "Redis, the shared cache and task broker",
}
for _name, _what in REQUIRED_IN_PRODUCTION.items():
    if not env.str(_name, default="").strip():
        raise ImproperlyConfigured(f"{_name} must be set in production: {_what}.")

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# As in base: no server-side cursors (a DECLARE … WITH HOLD per choice list cost up to
# 85 ms a request under load in bench/load.py).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Alternative to one persistent connection per thread: Django's psycopg pool per process
# (measured in bench/README.md; README "Production" gives the sizing).
if env.bool("DATABASE_POOL", default=False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # required by the pool
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 2, "max_size": env.int("DATABASE_POOL_SIZE", default=4)}
    }

# TLS ends at the proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS preload is a one-way door for the whole domain; decided per deployment.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    # security.W021: preload is an L3 item (ASVS 3.7.3) and opt-in above.
    "security.W021",
]

# __Host- cookies: Secure, Path=/, no Domain; bound to this exact host name.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
