"""Agreements back to the HIS when a meeting closes (SMART Backend Services).

`queue_meeting_writeback(meeting)` is the one call in the meeting close service: in its
transaction it writes one `HISDelivery` per discussed, HIS-linked patient of a practice
with write-back on, and after commit hands the ids to Celery. `deliver` sends each as a
FHIR Communication with a stable identifier and a conditional create (If-None-Exist), so
a retry never makes a second message. Outages are retried with backoff for as long as
they last; a 4xx refusal is final and shown on the patient page.
"""

import logging
import secrets
import time
import uuid
from datetime import timedelta

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from joserfc import jwt

from his import keys, smart
from his.models import HISConnection, HISDelivery, HISUserLink, PatientLink

logger = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("4f1e0d0c-6a57-4d1b-9a57-3b8d6b0f1a14")
IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
WRITE_SCOPE = "system/Communication.c"
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(minutes=10)
BATCH = 100


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
    with requests.Session() as session:  # one kept-alive connection for the batch
        for delivery_id in ids:
            outcome = _deliver_one(delivery_id, session)
            if outcome:
                counts[outcome] += 1
    return counts


def _deliver_one(delivery_id: int, session) -> str | None:
    with transaction.atomic():
        delivery = (
            HISDelivery.objects.select_for_update(skip_locked=True)
            .filter(
                pk=delivery_id, state=HISDelivery.State.PENDING, next_attempt_at__lte=timezone.now()
            )
            .select_related("link__connection", "meeting", "patient")
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            status, detail = _post(delivery, session)
        except (requests.RequestException, smart.LaunchError) as error:
            status, detail = None, type(error).__name__
        if status in (200, 201):
            delivery.state, delivery.sent_at = HISDelivery.State.SENT, timezone.now()
            outcome = "sent"
        elif status is not None and 400 <= status < 500 and status not in (401, 408, 429):
            delivery.state = HISDelivery.State.REFUSED
            delivery.refusal = f"{status} {detail}"[:300]
            outcome = "refused"
            logger.warning("his write-back %s refused: %s", delivery.identifier, status)
        else:
            backoff = min(RETRY_BASE * 2 ** min(delivery.attempts - 1, 10), RETRY_MAX)
            delivery.next_attempt_at = timezone.now() + backoff
            outcome = "retry"
            logger.info("his write-back %s waits: %s", delivery.identifier, status or detail)
        delivery.save()
    return outcome


def _post(delivery: HISDelivery, session) -> tuple[int, str]:
    connection = delivery.link.connection
    response = session.post(
        f"{connection.fhir_base_url}/Communication",
        json=communication(delivery),
        headers={
            "Authorization": f"Bearer {backend_token(connection)}",
            "Content-Type": "application/fhir+json",
            "Accept": "application/fhir+json",
            "If-None-Exist": f"identifier={IDENTIFIER_SYSTEM}|urn:uuid:{delivery.identifier}",
        },
        timeout=settings.HIS_HTTP_TIMEOUT_SECONDS,
    )
    if response.status_code == 401:
        cache.delete(_token_key(connection))
    return response.status_code, _diagnostics(response)


def _diagnostics(response) -> str:
    try:
        issues = response.json().get("issue", [])
        return "; ".join(issue.get("diagnostics", "") for issue in issues)[:200]
    except (ValueError, AttributeError):
        return ""


def communication(delivery: HISDelivery) -> dict:
    """The meeting's advice and agreements about the patient, for the responsible GP."""
    item = delivery.patient.agenda_items.filter(meeting=delivery.meeting).first()
    parts = [f"Advies MDO {delivery.meeting.starts_at:%d-%m-%Y}: {item.advice or '-'}"]
    for agreement in item.agreements.all():
        due = f" (uiterlijk {agreement.due_date:%d-%m-%Y})" if agreement.due_date else ""
        parts.append(f"Afspraak: {agreement.what} — {agreement.who}{due}")
    resource = {
        "resourceType": "Communication",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"urn:uuid:{delivery.identifier}"}],
        "status": "completed",
        "category": [{"text": "Advies en afspraken uit het MDO"}],
        "subject": {"reference": keys.decrypt_reference(delivery.link.encrypted_reference)},
        "sent": timezone.now().isoformat(),
        "payload": [{"contentString": part} for part in parts],
    }
    gp_link = HISUserLink.objects.filter(
        connection_id=delivery.link.connection_id, user_id=delivery.patient.responsible_gp_id
    ).first()
    if gp_link is not None:
        resource["recipient"] = [{"reference": gp_link.fhir_user}]
    return resource


def _token_key(connection: HISConnection) -> str:
    return smart.cache_key("backend-token", connection)


def backend_token(connection: HISConnection) -> str:
    """A system access token via client_credentials with a signed JWT (SMART Backend
    Services), cached until shortly before it expires."""
    token = cache.get(_token_key(connection))
    if token:
        return token
    config = smart.smart_configuration(connection)
    response = requests.post(
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
    cache.set(
        _token_key(connection), body["access_token"], max(body.get("expires_in", 300) - 60, 30)
    )
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
