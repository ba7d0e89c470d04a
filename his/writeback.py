"""Agreements back to the HIS when a meeting closes (SMART Backend Services).

`queue_meeting_writeback(meeting)` is the one call in the meeting close service: in its
transaction it writes one `HISDelivery` per discussed, HIS-linked patient of a practice
with write-back on, and after commit hands the ids to Celery. `deliver` sends each as a
FHIR Communication (plus a PZP one for advance care planning, his/messages.py) with a
stable identifier and a conditional create (If-None-Exist), so a retry never makes a
second message. Outages are retried with backoff for as long as
they last; a 4xx refusal is final and shown on the patient page.
"""

import json
import logging
import secrets
import threading
import time
import uuid
from datetime import timedelta

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from joserfc import jwt

from his import keys, smart
from his.messages import Message, messages_for
from his.models import HISConnection, HISDelivery, PatientLink

logger = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("4f1e0d0c-6a57-4d1b-9a57-3b8d6b0f1a14")
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
WRITE_SCOPE = "system/Communication.c"
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(minutes=10)
BATCH = 100
# Longer than a batch can take (100 messages at the HTTP timeout, the first timeout
# skips the rest of that HIS); a worker that dies leaves its rows to the drainer after it.
CLAIM_LEASE = timedelta(minutes=10)
MEMORY_TOKEN_SECONDS = 60

_local = threading.local()


def queue_meeting_writeback(meeting) -> list[int]:
    """Queues the HIS deliveries of a closing meeting (call inside its transaction)."""
    links = PatientLink.objects.filter(
        connection__writeback_enabled=True,
        patient__agenda_items__meeting=meeting,
        patient__agenda_items__discussed=True,
    ).distinct()
    rows = [
        HISDelivery(
            meeting=meeting,
            patient_id=link.patient_id,
            link=link,
            identifier=uuid.uuid5(NAMESPACE, f"{meeting.uid}:{link.patient_id}:{link.pk}"),
        )
        for link in links
    ]
    HISDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        HISDelivery.objects.filter(meeting=meeting, state=HISDelivery.State.PENDING).values_list(
            "pk", flat=True
        )
    )
    if ids:
        transaction.on_commit(lambda: _dispatch(ids))
    return ids


def _dispatch(ids: list[int]) -> None:
    from his.tasks import deliver_to_his

    for start in range(0, len(ids), BATCH):
        try:
            deliver_to_his.delay(ids[start : start + BATCH])
        except Exception:  # noqa: BLE001 - broker down: the drainer picks the rows up
            logger.warning("his write-back: could not publish %d deliveries", len(ids))
            return


def deliver(ids: list[int]) -> dict:
    """Sends the due, pending deliveries among `ids`; returns counts per outcome."""
    counts = {"sent": 0, "refused": 0, "retry": 0}
    for start in range(0, len(ids), BATCH):
        deliveries = _claim(ids[start : start + BATCH])
        if not deliveries:
            continue
        messages = messages_for(deliveries)
        down: set[int] = set()  # connections that timed out or refused to connect
        for delivery in deliveries:
            outcome = _send(delivery, messages[delivery.pk], down)
            counts[outcome] += 1
        _record(deliveries)
    return counts


def _claim(ids: list[int]) -> list[HISDelivery]:
    """Takes the due rows for this worker: a lease (next_attempt_at moved on) instead of a
    lock held during the HTTP calls, so a worker that dies leaves them to the drainer."""
    now = timezone.now()
    with transaction.atomic():
        deliveries = list(
            HISDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, state=HISDelivery.State.PENDING, next_attempt_at__lte=now)
            .select_related("link__connection", "meeting", "patient")
            .order_by("pk")
        )
        HISDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE
        )
    for delivery in deliveries:
        delivery.attempts += 1
    return deliveries


def _send(delivery: HISDelivery, messages: list[Message], down: set[int]) -> str:
    """Posts the delivery's messages in order; sets the row's outcome (saved by _record)."""
    connection = delivery.link.connection
    status, detail = None, "skipped: HIS did not answer"
    if connection.pk not in down:
        for message in messages:
            try:
                status, detail = _post(connection, message)
            except (requests.RequestException, smart.LaunchError) as error:
                status, detail = None, type(error).__name__
                down.add(connection.pk)  # one timeout per batch, not one per patient
            if status not in (200, 201):
                break
    if status in (200, 201):
        delivery.state, delivery.sent_at = HISDelivery.State.SENT, timezone.now()
        delivery.next_attempt_at = delivery.sent_at
        return "sent"
    if status is not None and 400 <= status < 500 and status not in (401, 408, 429):
        delivery.state = HISDelivery.State.REFUSED
        delivery.refusal = f"{status} {detail}"[:300]
        logger.warning("his write-back %s refused: %s", delivery.identifier, status)
        return "refused"
    backoff = min(RETRY_BASE * 2 ** min(delivery.attempts - 1, 10), RETRY_MAX)
    delivery.next_attempt_at = timezone.now() + backoff
    logger.info("his write-back %s waits: %s", delivery.identifier, status or detail)
    return "retry"


def _record(deliveries: list[HISDelivery]) -> None:
    HISDelivery.objects.bulk_update(
        deliveries, ["state", "sent_at", "refusal", "next_attempt_at"], batch_size=BATCH
    )


def _post(connection: HISConnection, message: Message) -> tuple[int, str]:
    response = http_session(connection).post(
        f"{connection.fhir_base_url}/{message.resource['resourceType']}",
        data=json.dumps(message.resource),
        headers={
            "Authorization": f"Bearer {backend_token(connection)}",
            "Content-Type": "application/fhir+json",
            "Accept": "application/fhir+json",
            "If-None-Exist": message.condition,
        },
        timeout=settings.HIS_HTTP_TIMEOUT_SECONDS,
    )
    if response.status_code == 401:
        _forget_token(connection)
    return response.status_code, _diagnostics(response)


def http_session(connection: HISConnection) -> requests.Session:
    """One kept-alive connection pool per HIS base URL, per worker thread (a Session is
    not documented as thread-safe); reused across batches and tasks."""
    sessions = _local.__dict__.setdefault("sessions", {})
    session = sessions.get(connection.fhir_base_url)
    if session is None:
        session = sessions[connection.fhir_base_url] = requests.Session()
    return session


def _diagnostics(response) -> str:
    try:
        issues = response.json().get("issue", [])
        return "; ".join(issue.get("diagnostics", "") for issue in issues)[:200]
    except (ValueError, AttributeError):
        return ""


def _token_key(connection: HISConnection) -> str:
    return smart.cache_key("backend-token", connection)


def _forget_token(connection: HISConnection) -> None:
    cache.delete(_token_key(connection))
    _local.__dict__.get("tokens", {}).pop(_token_key(connection), None)


def backend_token(connection: HISConnection) -> str:
    """A system access token via client_credentials with a signed JWT (SMART Backend
    Services), kept until shortly before it expires: in this worker's memory first (no
    cache round trip per message), then in the shared cache for the other workers."""
    key = _token_key(connection)
    tokens = _local.__dict__.setdefault("tokens", {})
    token, until = tokens.get(key, ("", 0.0))
    if token and time.monotonic() < until:
        return token
    token = cache.get(key)
    if token:
        tokens[key] = (token, time.monotonic() + MEMORY_TOKEN_SECONDS)
        return token
    config = smart.smart_configuration(connection)
    response = http_session(connection).post(
        config["token_endpoint"],
        data={
            "grant_type": "client_credentials",
            "scope": WRITE_SCOPE,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": client_assertion(connection, config["token_endpoint"]),
        },
        timeout=settings.HIS_HTTP_TIMEOUT_SECONDS,
    )
    if response.status_code != 200:
        raise smart.LaunchError("", f"backend_token:{response.status_code}", status=502)
    body = response.json()
    lifetime = max(body.get("expires_in", 300) - 60, 30)
    cache.set(key, body["access_token"], lifetime)
    tokens[key] = (body["access_token"], time.monotonic() + min(lifetime, MEMORY_TOKEN_SECONDS))
    return body["access_token"]


def client_assertion(connection: HISConnection, audience: str) -> str:
    key = keys.signing_key()
    if key is None:
        raise smart.LaunchError("", "no_signing_key", status=500)
    now = int(time.time())
    header = {"alg": keys.signing_alg(), "kid": key.thumbprint(), "typ": "JWT"}
    claims = {
        "iss": connection.client_id,
        "sub": connection.client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 300,
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(header, claims, key, algorithms=["ES384", "RS384"])


def drain() -> int:
    """Publishes the due pending deliveries again (broker was down, or a retry is due)."""
    ids = list(
        HISDelivery.objects.filter(
            state=HISDelivery.State.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:10_000]
    )
    _dispatch(ids)
    return len(ids)


def deliveries_for(patient) -> list[HISDelivery]:
    return list(patient.his_deliveries.select_related("meeting").order_by("-created_at")[:10])
