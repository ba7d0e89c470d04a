"""Celery workers and beat started by the reliability tests and the delivery benchmark.

The test settings, but tasks really go through Redis, mail really goes to an SMTP server
(EMAIL_URL), and the outbox timings come from the environment so a test can run a
failure and its recovery in seconds.
"""

from datetime import timedelta

from config.env import env

from .test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
vars().update(env.email_url("EMAIL_URL", default="smtp://127.0.0.1:25"))
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT_SECONDS", default=30)
OUTBOX_DISPATCH_GRACE = timedelta(seconds=env.float("OUTBOX_DISPATCH_GRACE_SECONDS", default=120))
OUTBOX_LEASE = timedelta(seconds=env.float("OUTBOX_LEASE_SECONDS", default=30))
OUTBOX_RETRY_BASE = timedelta(seconds=env.float("OUTBOX_RETRY_BASE_SECONDS", default=30))
OUTBOX_RETRY_MAX = timedelta(seconds=env.float("OUTBOX_RETRY_MAX_SECONDS", default=600))
OUTBOX_DRAIN_INTERVAL = env.float("OUTBOX_DRAIN_INTERVAL_SECONDS", default=15)
OUTBOX_HEARTBEAT_INTERVAL = timedelta(
    seconds=env.float("OUTBOX_HEARTBEAT_INTERVAL_SECONDS", default=10)
)
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "outbox.tasks.drain_outbox", "schedule": OUTBOX_DRAIN_INTERVAL},
}
