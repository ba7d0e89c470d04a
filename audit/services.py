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

# Key of the PostgreSQL advisory lock that serialises appends (7513, after the norm).
CHAIN_LOCK_KEY = 7513_0001
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
    event. Call it after the change it describes, as the last write of the transaction,
    because appending takes a lock that is held until the transaction ends. A read is
    recorded as soon as this is called, whether or not anything else is written.

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
        return _append_in_one_round_trip(fields)
    with transaction.atomic():
        return _append(fields)


def _append_in_one_round_trip(fields: dict) -> AuditEvent:
    """PostgreSQL: lock, head read and insert in the database function `audit_append`
    (audit/migrations/0003), which computes the same hash as `chain.event_hash`.

    Outside a transaction the call is its own transaction, so the lock is held only for
    the append; inside one it is held until the caller commits, as in `_append`.
    """
    event = AuditEvent(occurred_at=timezone.now(), **fields)
    before, after = chain.content_around_sequence(chain.event_content(event))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s::jsonb, %s::inet, %s, %s)",
            [
                before,
                after,
                CHAIN_LOCK_KEY,
                event.occurred_at,
                str(event.action),
                event.user_id,
                event.user_display,
                event.role,
                event.membership_id,
                event.group_id,
                event.patient_id,
                json.dumps(event.changed_fields),
                event.ip,
                event.user_agent,
                event.request_id,
            ],
        )
        event.pk, event.sequence, event.previous_hash, event.hash = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _append(fields: dict) -> AuditEvent:
    # Lock and read the head in two statements: under READ COMMITTED a statement's
    # snapshot is taken when it starts, so a read in the locking statement itself could
    # miss the row the previous lock holder just committed, and fork the chain.
    _lock_chain()
    # Read the newest row only after taking the lock, so no other writer can append
    # between this read and our insert (which would fork the chain).
    last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    event = AuditEvent(
        sequence=last["sequence"] + 1 if last else 1,
        previous_hash=last["hash"] if last else chain.GENESIS_HASH,
        occurred_at=timezone.now(),
        **fields,
    )
    event.hash = chain.event_hash(event.previous_hash, chain.event_content(event))
    event.save()
    return event


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        # Held until the surrounding transaction ends, i.e. until our row is committed.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    elif connection.vendor != "sqlite":
        # SQLite needs nothing: settings begin every transaction IMMEDIATE, which takes
        # the database's single write lock. Elsewhere we would fork the chain silently.
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
