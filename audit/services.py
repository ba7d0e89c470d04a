"""Writing to the access log (NEN 7513). See docs/audit-log.md."""

import json
import re
from collections.abc import Iterable, Mapping

from django.db import NotSupportedError, connection, transaction
from django.utils import timezone

from accounts.client_ip import client_ip
from audit import chain
from audit.models import (
    ACTIONS_WITHOUT_PATIENT,
    ADMIN_ROLE,
    SYSTEM_ROLE,
    SYSTEM_USER_ID,
    AuditAction,
    AuditEvent,
)
from audit.selectors import chain_head

# Key of the PostgreSQL advisory lock that the sequencer holds while it chains (7513, after
# the norm). Requests never take it.
CHAIN_LOCK_KEY = 7513_0001
# Events the sequencer chains per transaction.
SEQUENCE_BATCH = 5_000
# A field name, possibly dotted for a nested part ("problems.12"); never a value.
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*")
USER_DISPLAY_LENGTH = 300
USER_AGENT_LENGTH = 300


def audit_record(
    *,
    request,
    action: str,
    group_id: int | None = None,
    patient_id: int | None = None,
    membership=None,
    changed_fields: Iterable[str] = (),
) -> AuditEvent:
    """Appends one event for the signed-in user of `request` and returns it.

    The event is written in the caller's transaction: if that rolls back, so does the
    event. A read is recorded as soon as this is called, whether or not anything else is
    written. On PostgreSQL the event is inserted unchained and `sequence_pending` chains
    it shortly after the transaction commits; no lock is taken in the request.

    `membership` is the networks.Membership under which the user acts; it gives the
    role (and the group, unless `group_id` is given). Only a superuser may act without
    one, and is then recorded with the role "admin".
    """
    action = AuditAction(action)
    user = request.user
    if not user.is_authenticated:
        raise ValueError("Only a signed-in user's access can be recorded.")
    role, group_id = _role_and_group(user, membership, group_id)
    if patient_id is None and action not in ACTIONS_WITHOUT_PATIENT:
        raise ValueError(f"Action {action.value!r} needs a patient_id.")
    fields = {
        "action": action,
        "user_id": user.pk,
        "user_display": f"{user.get_full_name()} <{user.email}>"[:USER_DISPLAY_LENGTH],
        "role": role,
        "membership_id": getattr(membership, "pk", None),
        "group_id": _optional_int(group_id, "group_id"),
        "patient_id": _optional_int(patient_id, "patient_id"),
        "changed_fields": _field_names(changed_fields),
        "ip": chain.canonical_ip(client_ip(request)),
        "user_agent": request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH],
        "request_id": str(getattr(request, "request_id", "") or "")[:64],
    }
    return _write(fields)


def audit_record_by_system(*, action: str, group_id: int, patient_id: int, job: str) -> AuditEvent:
    """Appends an event for something the portal did by itself (e.g. retention removal).

    Recorded with user id 0, the role "system" and the job's name in place of a person.
    """
    return _write(
        {
            "action": AuditAction(action),
            "user_id": SYSTEM_USER_ID,
            "user_display": f"system: {job}"[:USER_DISPLAY_LENGTH],
            "role": SYSTEM_ROLE,
            "membership_id": None,
            "group_id": _optional_int(group_id, "group_id"),
            "patient_id": _optional_int(patient_id, "patient_id"),
            "changed_fields": [],
            "ip": None,
            "user_agent": "",
            "request_id": "",
        }
    )


ROOM_DISPLAY_ROLE = "room_display"


def audit_record_for_room_display(
    *, request, action: str, group_id: int, patient_id: int | None, paired_by
) -> AuditEvent:
    """Appends an event for a paired room display (a projector, not signed in): recorded
    under the member who paired it, with the role "room_display" (meetings/pairing.py)."""
    action = AuditAction(action)
    if patient_id is None and action not in ACTIONS_WITHOUT_PATIENT:
        raise ValueError(f"Action {action.value!r} needs a patient_id.")
    user = paired_by.user
    return _write(
        {
            "action": action,
            "user_id": user.pk,
            "user_display": f"room display of {user.get_full_name()} <{user.email}>"[
                :USER_DISPLAY_LENGTH
            ],
            "role": ROOM_DISPLAY_ROLE,
            "membership_id": paired_by.pk,
            "group_id": _optional_int(group_id, "group_id"),
            "patient_id": _optional_int(patient_id, "patient_id"),
            "changed_fields": [],
            "ip": chain.canonical_ip(client_ip(request)),
            "user_agent": request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH],
            "request_id": str(getattr(request, "request_id", "") or "")[:64],
        }
    )


def _write(fields: dict) -> AuditEvent:
    if connection.vendor == "postgresql":
        return _insert_unchained(fields)
    with transaction.atomic():
        return _append(fields)


# The request's one statement, written once: the ORM's save() took twice the CPU of the
# statement itself (compiling it, preparing 15 values, signals), which halved the appends
# per second on two cores (bench/README.md). The chain columns are left out: NULL.
_INSERT_COLUMNS = (
    "occurred_at", "action", "user_id", "user_display", "role", "membership_id", "group_id",
    "patient_id", "changed_fields", "ip", "user_agent", "request_id",
)  # fmt: skip
_INSERT_SQL = (
    "INSERT INTO audit_auditevent (occurred_at, action, user_id, user_display, role,"
    " membership_id, group_id, patient_id, changed_fields, ip, user_agent, request_id)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::inet, %s, %s) RETURNING id"
)


def _insert_unchained(fields: dict) -> AuditEvent:
    """PostgreSQL: one INSERT of the event with its chain columns empty; no lock, no other
    query. `sequence_pending` (every second, from Celery beat) chains it after it commits.
    """
    event = AuditEvent(occurred_at=timezone.now(), **fields)
    params = {name: getattr(event, name) for name in _INSERT_COLUMNS}
    params["action"] = str(params["action"])
    params["changed_fields"] = json.dumps(params["changed_fields"])
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, [params[name] for name in _INSERT_COLUMNS])
        event.pk = cursor.fetchone()[0]
    # As if the ORM had saved it: a later save() is an update, which the model refuses.
    event._state.adding = False
    event._state.db = connection.alias
    return event


def sequence_pending(*, batch_size: int = SEQUENCE_BATCH) -> int:
    """Chains the committed, not yet chained events in the order they became visible.

    The only holder of the chain lock on PostgreSQL. A second sequencer that finds the
    lock taken returns at once (the first one does the work). Each batch is one
    transaction: read the head, hash the next events in id order with `chain.event_hash`,
    fill their chain columns in one UPDATE (the only UPDATE the database guard allows).
    Returns the number of events chained.
    """
    if connection.vendor != "postgresql":
        return 0  # SQLite chains at once, under its single write lock
    chained = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
            if not cursor.fetchone()[0]:
                return chained
            done = _chain_batch(cursor, batch_size)
        chained += done
        if done < batch_size:
            return chained


def _chain_batch(cursor, batch_size: int) -> int:
    sequence, previous_hash = chain_head() or (0, chain.GENESIS_HASH)
    rows = {"id": [], "sequence": [], "previous_hash": [], "hash": []}
    for event in AuditEvent.objects.filter(sequence__isnull=True).order_by("id")[:batch_size]:
        sequence += 1
        event.sequence = sequence
        event_hash = chain.event_hash(previous_hash, chain.event_content(event))
        for name, value in zip(rows, (event.pk, sequence, previous_hash, event_hash), strict=True):
            rows[name].append(value)
        previous_hash = event_hash
    if rows["id"]:
        cursor.execute(
            "UPDATE audit_auditevent e"
            " SET sequence = v.sequence, previous_hash = v.previous_hash, hash = v.hash"
            " FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[])"
            " AS v(id, sequence, previous_hash, hash)"
            " WHERE e.id = v.id AND e.sequence IS NULL",
            list(rows.values()),
        )
    return len(rows["id"])


def _append(fields: dict) -> AuditEvent:
    """SQLite (the demo): chain at once. The transaction holds the database's only write
    lock, so no other writer can append between the head read and our insert."""
    _lock_chain()
    sequence, previous_hash = chain_head() or (0, chain.GENESIS_HASH)
    event = AuditEvent(
        sequence=sequence + 1,
        previous_hash=previous_hash,
        occurred_at=timezone.now(),
        **fields,
    )
    event.hash = chain.event_hash(event.previous_hash, chain.event_content(event))
    event.save()
    return event


def _lock_chain() -> None:
    # SQLite needs nothing: settings begin every transaction IMMEDIATE, which takes the
    # database's single write lock. Elsewhere we would fork the chain silently.
    if connection.vendor != "sqlite":
        raise NotSupportedError(f"The access log cannot serialise writes on {connection.vendor}.")


def _role_and_group(user, membership, group_id):
    if membership is None:
        if not user.is_superuser:
            raise ValueError("A membership is needed to record the role of a non-administrator.")
        return ADMIN_ROLE, group_id
    if membership.user_id != user.pk:
        raise ValueError("The membership belongs to someone else than the signed-in user.")
    if group_id is not None and group_id != membership.group_id:
        raise ValueError("group_id differs from the membership's group.")
    return str(membership.role), membership.group_id


def _optional_int(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}.")
    return value


def _field_names(names: Iterable[str]) -> list[str]:
    # A mapping (cleaned_data, a dict of changes) would invite logging values: refuse it.
    if isinstance(names, str | bytes | Mapping):
        raise TypeError("changed_fields must be a list of field names.")
    names = set(names)
    for name in names:
        if not isinstance(name, str) or not FIELD_NAME.fullmatch(name):
            raise ValueError("changed_fields holds field names only, not values.")
    return sorted(names)
