"""Room display pairing: a projector PC opens one meeting's room view without signing in.

The scribe's screen asks for a one-time code (`pairing_create`); typed on the projector at
/zaal/koppelen/ (`pairing_claim`), it binds that browser's session to that meeting's room
view only, read-only. The session ends when the meeting closes, after PAIRING_LIFETIME, or
when revoked; `RequireVerifiedSessionMiddleware` lets such a session reach the views marked
`room_display_view` only (accounts/middleware.py). Only the code's hash is stored; the code
never appears in a URL. Pairing, revoking and every room page shown are in the access log.
Claims are rate-limited per client address (cms/ratelimit.py).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import ROOM_DISPLAY_SESSION_KEY
from accounts.security_log import log_security_event
from audit.services import audit_record, audit_record_for_room_display
from cms.ratelimit import over_limit
from meetings.meeting_mode import MeetingModeError, require_open
from meetings.models import Meeting, RoomDisplaySession

PAIRING_LIFETIME = timedelta(hours=4)
SESSION_KEY = ROOM_DISPLAY_SESSION_KEY
# No 0/O, 1/I/L: read off a screen across a room and typed on another keyboard.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8: about 8.5e11 codes, each valid once and for hours at most


class PairingRefused(MeetingModeError):
    pass


class PairingThrottled(PairingRefused):
    """Too many codes tried from one address this hour (ROOM_PAIRING_RATE_LIMIT)."""


def _hash(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


def pairing_create(*, request, membership, meeting: Meeting) -> str:
    """A new one-time code for this meeting (shown once, on the scribe's screen)."""
    require_open(meeting)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        RoomDisplaySession.objects.create(
            meeting=meeting,
            code_hash=_hash(code),
            created_by=membership,
            expires_at=timezone.now() + PAIRING_LIFETIME,
        )
        audit_record(
            request=request,
            action="room_display_pair",
            group_id=meeting.group_id,
            membership=membership,
        )
    return f"{code[:4]}-{code[4:]}"


def _usable(display: RoomDisplaySession | None, now) -> bool:
    return (
        display is not None
        and display.revoked_at is None
        and display.expires_at > now
        and display.meeting.status == Meeting.Status.PLANNED
    )


def pairing_claim(*, request, code: str) -> RoomDisplaySession:
    """Binds this browser's session to the code's meeting; the code is then used up.

    Every attempt counts against the client address's hourly limit, before the code is
    looked at: guessing stays hopeless even for codes valid for hours."""
    if over_limit(request, "room-pairing", limit=settings.ROOM_PAIRING_RATE_LIMIT):
        log_security_event("room_pairing_throttled", request)
        raise PairingThrottled(_("Too many requests from your address. Please try again later."))
    now = timezone.now()
    with transaction.atomic():
        display = (
            RoomDisplaySession.objects.select_for_update(of=("self",))
            .select_related("meeting", "created_by__user")
            .filter(code_hash=_hash(code))
            .first()
        )
        if not _usable(display, now) or display.paired_at is not None:
            raise PairingRefused(_("This code is not valid (any more). Ask for a new one."))
        display.paired_at = now
        display.save(update_fields=["paired_at"])
        audit_record_for_room_display(
            request=request,
            action="room_display_pair",
            group_id=display.meeting.group_id,
            patient_id=None,
            paired_by=display.created_by,
        )
    request.session.cycle_key()
    request.session[SESSION_KEY] = display.pk
    return display


def display_for(request, *, group_id: int, meeting_id: int) -> RoomDisplaySession | None:
    """The paired display of this session if it may show this meeting now, else None."""
    display_id = request.session.get(SESSION_KEY)
    if display_id is None:
        return None
    display = (
        RoomDisplaySession.objects.select_related("meeting__group", "created_by__user")
        .filter(pk=display_id, meeting_id=meeting_id, meeting__group_id=group_id)
        .first()
    )
    if display is None or display.paired_at is None or not _usable(display, timezone.now()):
        return None
    return display


def is_display_session(request) -> bool:
    return SESSION_KEY in request.session


def pairing_revoke(*, request, membership, meeting: Meeting, display_id: int) -> None:
    with transaction.atomic():
        revoked = RoomDisplaySession.objects.filter(
            meeting=meeting, pk=display_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if revoked:
            audit_record(
                request=request,
                action="room_display_revoke",
                group_id=meeting.group_id,
                membership=membership,
            )


def active_displays(meeting: Meeting) -> list[RoomDisplaySession]:
    now = timezone.now()
    return list(
        RoomDisplaySession.objects.filter(
            meeting=meeting, revoked_at__isnull=True, expires_at__gt=now
        )
    )
