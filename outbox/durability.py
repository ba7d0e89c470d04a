"""What keeps a delivery honest when the database connection or the worker goes away.

- `with_fresh_connection`: a write that failed because the database connection broke is
  retried a few times, each time on a new connection.
- The journal: when even that fails right after the mail server accepted a message, its
  id is appended to a local file (`OUTBOX_JOURNAL`, fsynced) and recorded as sent as soon
  as the database answers again — before this host claims or releases anything — so the
  message is not sent a second time.
- `LeaseKeeper`: a thread that renews the lease of a batch while its worker lives, so a
  lease can be short (a killed worker's messages wait at most `OUTBOX_LEASE`) however
  long the batch takes.
"""

import fcntl
import logging
import os
import threading
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from outbox.models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
# A write after the server accepted a message: tries, and the pause before each retry.
RECORD_TRIES = 4
RECORD_PAUSE_SECONDS = 0.25


def with_fresh_connection(write):
    """Runs `write()`; on a database error retries it on a new connection (bounded)."""
    for attempt in range(1, RECORD_TRIES + 1):
        try:
            return write()
        except DatabaseError:
            if attempt == RECORD_TRIES:
                raise
            logger.warning("outbox: database write failed, retrying on a new connection")
            connection.close()
            time.sleep(RECORD_PAUSE_SECONDS * attempt)
    return None  # not reached


def _journal_path() -> Path:
    return Path(settings.OUTBOX_JOURNAL)


def journal_remember(message_id: int) -> None:
    """The server accepted this message but the database cannot record it: keep its id."""
    path = _journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as journal:
        fcntl.flock(journal, fcntl.LOCK_EX)
        journal.write(f"{message_id}\n")
        journal.flush()
        os.fsync(journal.fileno())
    logger.error("outbox: sent message %s recorded in the local journal", message_id)


def journal_ids() -> set[int]:
    path = _journal_path()
    if not path.exists():
        return set()
    with path.open() as journal:
        fcntl.flock(journal, fcntl.LOCK_SH)
        return {int(line) for line in journal.read().split()}


def journal_replay() -> int:
    """Records the journal's messages as sent, then empties it. Raises while the database
    is unreachable (the journal is kept)."""
    path = _journal_path()
    if not path.exists():
        return 0
    with path.open("r+") as journal:
        fcntl.flock(journal, fcntl.LOCK_EX)
        ids = {int(line) for line in journal.read().split()}
        if ids:
            OutboundEmail.objects.filter(pk__in=ids).exclude(status=Status.SENT).update(
                status=Status.SENT, sent_at=timezone.now(), last_error=""
            )
            logger.warning("outbox: %d sent messages recorded from the journal", len(ids))
        journal.seek(0)
        journal.truncate()
    return len(ids)


class LeaseKeeper:
    """Renews the lease of the claimed messages not yet finished, every third of the
    lease, on its own database connection. `fresh()` says whether the last renewal is
    recent enough to start sending another message."""

    def __init__(self, messages: list[OutboundEmail]):
        self._attempts = {message.pk: message.attempts for message in messages}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._renewed_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="outbox-lease", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=5)

    def finished(self, message_id: int) -> None:
        with self._lock:
            self._attempts.pop(message_id, None)

    def unfinished(self) -> dict[int, int]:
        """Message id → the attempt number of this worker's claim (its fencing token)."""
        with self._lock:
            return dict(self._attempts)

    def fresh(self) -> bool:
        return time.monotonic() - self._renewed_at < settings.OUTBOX_LEASE.total_seconds() / 2

    def _run(self):
        interval = settings.OUTBOX_LEASE.total_seconds() / 3
        try:
            while not self._stop.wait(interval):
                try:
                    self._renew()
                    self._renewed_at = time.monotonic()
                except DatabaseError:
                    logger.warning("outbox: renewing a lease failed", exc_info=True)
                    connection.close()
        finally:
            close_old_connections()
            connection.close()

    def _renew(self):
        until = timezone.now() + settings.OUTBOX_LEASE
        for claimed in still_claimed(self.unfinished()):
            claimed.update(next_attempt_at=until)


def still_claimed(attempts_by_id: dict[int, int]):
    """Querysets of the messages still `sending` under these claims (fenced by attempt:
    a claim another worker took over after the lease expired is left alone)."""
    by_attempt = defaultdict(list)
    for message_id, attempts in attempts_by_id.items():
        by_attempt[attempts].append(message_id)
    for attempts, message_ids in by_attempt.items():
        yield OutboundEmail.objects.filter(
            pk__in=message_ids, status=Status.SENDING, attempts=attempts
        )
