"""Settings shared by every environment.

Safe to run in production as they stand: no secret key, DEBUG off, no hosts allowed.
`dev`, `test` and `production` add what differs; all of them read the environment
through `config.env` only.
"""

from datetime import timedelta

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env
from config.redis_breaker import BreakerConnection

DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Runtime files of the embedded setup (SQLite database, Celery's file queue, media).
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    # Our apps first, so their templates and translations win.
    "accounts",
    "networks",
    "outbox",
    "audit",
    "cms",
    "register",
    "meetings",
    "news",
    "toolslibrary",
    "socialmap",
    "insight",
    "his",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    # Security
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    # Django
    "config.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.syndication",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.RequestIdMiddleware",
    # Answers anonymous visitors of cached public pages before sessions and auth run.
    "cms.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.RequireVerifiedSessionMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.PortalCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes wants to be last: it turns its lockout exception into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "networks.context_processors.navigation",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------
# Without DATABASE_URL the portal runs on an embedded SQLite file.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web process and worker write to the same file: WAL lets readers and
    # one writer work at once, and IMMEDIATE transactions wait for the lock instead of
    # failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Server-side cursors cost three round trips per .iterator() (DECLARE, FETCH, CLOSE),
    # e.g. for every choice list of a form, and do not survive a transaction-pooling
    # PgBouncer. Nothing here streams result sets too large for memory.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# --- Redis: fast failure (issue 17; config/redis_breaker.py) -----------------------------
# Every Redis call from a request (cache, sessions, rate limits, page cache, the Celery
# publish) gives up after REDIS_TIMEOUT seconds, to connect and to read; after a failure
# the process skips Redis for REDIS_BREAKER_SECONDS instead of paying the timeout again.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT_SECONDS", default=0.5)
REDIS_BREAKER_SECONDS = env.float("REDIS_BREAKER_SECONDS", default=5)
# --- end Redis: fast failure -----------------------------------------------------------------

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage must slow nothing down and break nothing (REL-05).
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                # After a failure, skip Redis for a few seconds (config/redis_breaker.py).
                "CONNECTION_POOL_KWARGS": {"connection_class": BreakerConnection},
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Outbox timings (docs/outbox.md). The lease must exceed a whole deliver task (the task's
# hard time limit is 80% of it), and SMTP's timeout must fit in it many times over.
OUTBOX_DISPATCH_GRACE = timedelta(minutes=2)
OUTBOX_RETRY_BASE = timedelta(seconds=30)
OUTBOX_RETRY_MAX = timedelta(minutes=10)
# --- Outbox: leases, heartbeats, journal (issue 17) -----------------------------------------
# The lease is renewed every third of it while the worker lives, so a killed worker's
# messages are released at most OUTBOX_LEASE + OUTBOX_DRAIN_INTERVAL later (< 1 minute).
OUTBOX_LEASE = timedelta(seconds=30)
OUTBOX_DRAIN_INTERVAL = 15.0
# A hard bound on one deliver task (100 messages); the prefork pool kills it after.
OUTBOX_TASK_TIME_LIMIT = timedelta(minutes=10)
# Workers write a heartbeat this often (config/health.py reads it).
OUTBOX_HEARTBEAT_INTERVAL = timedelta(seconds=10)
# Ids of messages the server accepted while the database could not record it.
OUTBOX_JOURNAL = env.path("OUTBOX_JOURNAL", default=VAR_DIR / "outbox-journal")
# --- end Outbox ------------------------------------------------------------------------------

# --- Health check (config/health.py, issue 17) ------------------------------------------------
# Monitoring sends "Authorization: Bearer <HEALTH_TOKEN>" to see each check; empty = nobody.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")
# /health/ says "degraded" when an e-mail has waited longer than this.
HEALTH_EMAIL_MAX_WAIT = timedelta(minutes=env.float("HEALTH_EMAIL_MAX_WAIT_MINUTES", default=15))
# --- end Health check ------------------------------------------------------------------------

# --- Background jobs (Celery) ------------------------------------------------------
# With Redis: Redis is the broker. Without: kombu's filesystem transport, so the demo's
# worker and beat still run every job (nothing is skipped or run in-process silently).
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Must exceed the longest task and any retry countdown, or Redis redelivers a
        # task that is still running (duplicate e-mails).
        "visibility_timeout": 3600,
        # A publish (e.g. after a user's change queued an e-mail) tries the broker once
        # instead of retrying for the connect timeout: with Redis down the request is not
        # held up; the outbox drainer dispatches later. Workers reconnect regardless.
        "max_retries": 0,
        # A hung Redis (accepts, never answers) must not hold a request: kombu waits
        # forever without these. Workers wait for tasks in the event loop, not on them.
        "socket_timeout": REDIS_TIMEOUT,
        "socket_connect_timeout": REDIS_TIMEOUT,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # Without this kombu writes its broadcast table to ./control in the checkout.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up within the connect timeout when the broker is down (the outbox
# drainer retries); workers and beat keep reconnecting for as long as it takes (None =
# forever; 0 made them exit on the first outage).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_QUEUE_DIR / "beat-schedule")
AUDIT_SEQUENCE_INTERVAL = env.float("AUDIT_SEQUENCE_INTERVAL", default=1.0)
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "outbox.tasks.drain_outbox", "schedule": OUTBOX_DRAIN_INTERVAL},
    # Chains new access-log events; a run that waited in the queue too long is dropped.
    "audit-sequence": {
        "task": "audit.tasks.sequence_audit_events",
        "schedule": AUDIT_SEQUENCE_INTERVAL,
        "options": {"expires": 10},
    },
    "register-apply-retention": {
        "task": "register.tasks.apply_retention",
        "schedule": timedelta(hours=24),
    },
    "meetings-reminders": {
        "task": "meetings.tasks.enqueue_due_reminders",
        "schedule": timedelta(minutes=5),
    },
    # Wagtail's scheduled publishing (go-live / expiry dates of news and pages).
    "cms-publish-scheduled": {"task": "cms.tasks.publish_scheduled", "schedule": 60.0},
    "sessions-clear-expired": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=6),
    },
    "insight-refresh-tallies": {
        "task": "insight.tasks.refresh_tallies",
        "schedule": timedelta(minutes=10),
    },
    "his-drain-deliveries": {"task": "his.tasks.drain_his_deliveries", "schedule": 60.0},
}

# Archived and deceased patients are removed this many months after the last meeting
# that discussed them (and the last change to their record). See docs/data-protection.md.
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=24)
# The anomaly report lists users who opened more different patients than this in an hour.
AUDIT_ANOMALY_PATIENTS_PER_HOUR = env.int("AUDIT_ANOMALY_PATIENTS_PER_HOUR", default=30)
# verify_audit_chain fails when an access-log event waits longer than this to be chained
# (the sequencer runs every AUDIT_SEQUENCE_INTERVAL seconds; docs/audit-log.md).
AUDIT_CHAIN_MAX_DELAY_SECONDS = env.int("AUDIT_CHAIN_MAX_DELAY_SECONDS", default=60)

# --- Authentication and two-step verification --------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out username+IP combinations before the password
    # is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "networks:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"
# Nobody sets or changes a password in Wagtail's screens: people choose their own through
# an e-mailed link; an administrator can only reset someone's two-step verification.
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILUSERS_PASSWORD_REQUIRED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "accounts.hashers.BackupCodeHasher",
]
# Reset links are single use by construction and expire after one hour (AUTH-02).
PASSWORD_RESET_TIMEOUT = 3600

OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="MDO-portaal")
# Each wrong code doubles the wait before the next attempt (1 s, 2 s, 4 s, ...).
OTP_TOTP_THROTTLE_FACTOR = 1
BACKUP_CODE_THROTTLE_FACTOR = 1
BACKUP_CODE_COUNT = 10

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# One normalisation of the typed address for the counter and the lookup alike.
AXES_USERNAME_CALLABLE = "accounts.usernames.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The client address comes from one function that trusts X-Forwarded-For only as far
# as TRUSTED_PROXY_COUNT says, so a spoofed header cannot reset the counters.
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Sessions ------------------------------------------------------------------------
# Sessions live in the database, so losing Redis never signs anyone out (REL-05). With
# Redis they are also read from the cache (one query less on every page); the cache
# ignores errors, so an outage falls back to the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"

# --- Security headers ------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Inline scripts only with the per-response nonce ({{ request.csp_nonce }}).
        "script-src": [SELF, NONCE],
        # Nonce for the generated colour-code classes (register/templatetags).
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- Language, time, formats --------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
# locale/packages: Dutch for installed packages that lack it (wagtailmedia), kept by hand.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "packages"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands")]
WAGTAIL_I18N_ENABLED = False

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MDO-portaal <noreply@mdo-portaal.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[MDO-portaal] "
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Never wait forever on a mail server: a hung worker would outlive its outbox lease.
EMAIL_TIMEOUT = 30
# Links in e-mails need an absolute address; requests are not available in tasks.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "MDO-portaal"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# No avatars from gravatar.com: that would send a hash of every editor's e-mail address
# to a third party, and no page may depend on reaching the internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The database backend: SQLite FTS5 in the demo, PostgreSQL full-text search with the
# Dutch configuration (stemming, stop words) wherever the database is PostgreSQL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILDOCS_EXTENSIONS = [*WAGTAILDOCS_EXTENSIONS, "vtt"]
# Instructional videos: self-hosted files only in formats every browser plays; the
# upload form (cms.forms.VideoMediaForm) also checks size and the file's own signature.
WAGTAILMEDIA = {
    "MEDIA_FORM_BASE": "cms.forms.VideoMediaForm",
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
    "AUDIO_EXTENSIONS": ["mp3"],
}
VIDEO_MAX_UPLOAD_SIZE = env.int("VIDEO_MAX_UPLOAD_SIZE_MB", default=200) * 1024 * 1024

# --- Editorial site -----------------------------------------------------------------------
# Applications and contact messages from the public site go to the support desk.
SUPPORT_DESK_EMAIL = env.str("SUPPORT_DESK_EMAIL", default="support@mdo-portaal.nl")
# Anonymous visitors get public pages from the cache for this many seconds (0 = off);
# publishing anything clears it (cms/caching.py).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Public forms: at most this many submissions per client address per hour.
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=5)
# Room display pairing (meetings/pairing.py): at most this many codes tried per client
# address per hour. A whole practice may sit behind one address, and a code typed off a
# projector is sometimes mistyped; guessing one of 31**8 codes stays hopeless either way.
ROOM_PAIRING_RATE_LIMIT = env.int("ROOM_PAIRING_RATE_LIMIT", default=20)

# --- Access control -------------------------------------------------------------------
# Views reachable without a signed-in, two-step-verified session, by dotted path.
# Our own views use @public instead (accounts.decorators); everything else is denied.
# Link with GP information systems over SMART on FHIR (his/, docs/his-link.md).
# The portal's private signing key (PEM, EC P-384 or RSA) for SMART Backend Services.
HIS_SIGNING_KEY = env.str("HIS_SIGNING_KEY", default="", multiline=True)
# Key for the patient link hash and the encrypted FHIR reference (default: SECRET_KEY).
HIS_LINK_SECRET = env.str("HIS_LINK_SECRET", default="")
HIS_HTTP_TIMEOUT_SECONDS = env.float("HIS_HTTP_TIMEOUT_SECONDS", default=5.0)
HIS_MAX_RESOURCE_BYTES = 256 * 1024
HIS_LAUNCH_MAX_AGE_SECONDS = 600
TESTHIS_URL = ""  # only the demo has a test HIS (config/settings/dev.py)

PUBLIC_VIEWS = [
    "wagtail.views.serve",
]
DEMO_MODE = False
# Demo commands refuse any database but this SQLite file (config/demo.py).
DEMO_DATABASE_NAME = None
DEMO_ON_TEST_DATABASE = False

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Propagate to the root handler: one stream, and visible to test log capture.
        "security": {"level": "INFO"},
        "django.security": {"level": "INFO"},
        # Its DEBUG lines carry request URLs, such as a HIS's Patient/<id>: never lower it
        # (tests/his/test_logs.py).
        "urllib3": {"level": "WARNING"},
    },
}
