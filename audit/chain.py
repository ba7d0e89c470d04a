"""The hash chain over access-log rows: one definition, used to write and to verify.

hash = sha256(previous_hash + canonical JSON of the row's content), where the content is
every column except id, previous_hash and hash. Changing, inserting or removing a row
(other than the newest) breaks the link of that row or of the one after it.
"""

import datetime
import hashlib
import ipaddress
import json

GENESIS_HASH = "0" * 64

# The columns the hash covers. A new column is unprotected until it is added here, and
# adding it changes every hash after that point: treat this list as a versioned format.
CONTENT_FIELDS = (
    "sequence",
    "occurred_at",
    "action",
    "user_id",
    "user_display",
    "role",
    "membership_id",
    "group_id",
    "patient_id",
    "changed_fields",
    "ip",
    "user_agent",
    "request_id",
)


def event_content(event) -> dict:
    content = {name: getattr(event, name) for name in CONTENT_FIELDS}
    content["occurred_at"] = canonical_time(event.occurred_at)
    content["action"] = str(event.action)
    return content


def event_hash(previous_hash: str, content: dict) -> str:
    return hashlib.sha256((previous_hash + _canonical(content)).encode("utf-8")).hexdigest()


# Stands in for the sequence number until the database assigns it under the chain lock.
_SEQUENCE_PLACEHOLDER = -1


def content_around_sequence(content: dict) -> tuple[str, str]:
    """The canonical text before and after the sequence number.

    For the one-round-trip append on PostgreSQL: the database computes
    sha256(previous_hash + before + str(sequence) + after), which equals `event_hash`.
    Text values cannot produce a false match: inside a JSON string a quote is escaped.
    """
    marker = f'"sequence":{_SEQUENCE_PLACEHOLDER}'
    before, after = _canonical({**content, "sequence": _SEQUENCE_PLACEHOLDER}).split(marker)
    return before + '"sequence":', after


def _canonical(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_time(moment: datetime.datetime) -> str:
    # UTC with fixed microseconds, so the text is the same before and after the database.
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical_ip(value: str | None) -> str | None:
    """The address as the database gives it back, or None for anything that is not one.

    An IPv4-mapped IPv6 address is stored as plain IPv4: PostgreSQL and Python spell the
    mapped form differently, which would make a sound row look tampered with.
    """
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # A zone ("%eth0") is local to one machine and not storable in PostgreSQL.
        return str(ipaddress.IPv6Address(int(address)))
    return str(address)
