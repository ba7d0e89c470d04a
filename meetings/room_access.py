"""Access to a meeting's room view (projector): the rules of meetings/access.py for it.

The room is for members who may run the meeting (chair, vice-chair, its scribe) and for a
display paired to it (meetings/pairing.py); it does not exist for anyone else (Http404).
`room_viewer_for` checks that; `room_shown` is the only way to the room's content and
writes the access-log event itself, so no room view can forget it. A module of its own
because pairing and the room's reads import meetings.access themselves.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import Http404

from accounts.models import User
from audit.services import audit_record, audit_record_for_room_display
from meetings import pairing, room
from meetings.access import MeetingAction, require
from meetings.models import Meeting, RoomDisplaySession
from networks.models import Membership


@dataclass(frozen=True)
class RoomViewer:
    """Who looks at a meeting's room view: a member who may run it, or a paired display."""

    meeting: Meeting  # with its group
    membership: Membership | None = None
    display: RoomDisplaySession | None = None


def room_viewer_for(request, *, group_id: int, meeting_id: int) -> RoomViewer:
    """The viewer of this meeting's room, or Http404.

    One query either way: the room polls this every second (bench: `make
    bench-meeting-room`). It shows nothing of a patient, so it writes no event."""
    user = request.user
    if user.is_authenticated:
        meeting = _meeting_with_membership(user, group_id=group_id, meeting_id=meeting_id)
        membership = Membership(
            pk=meeting.viewer_membership_id,
            user=user,
            group=meeting.group,
            role=meeting.viewer_role,
            organisation_id=meeting.viewer_organisation_id,
        )
        require(membership, MeetingAction.RUN, meeting)
        return RoomViewer(meeting=meeting, membership=membership)
    display = pairing.display_for(request, group_id=group_id, meeting_id=meeting_id)
    if display is None:
        raise Http404
    return RoomViewer(meeting=display.meeting, display=display)


def _meeting_with_membership(user: User, *, group_id: int, meeting_id: int) -> Meeting:
    """The meeting with its group and the user's membership of that group: what
    `meeting_for` reads in two queries, in one."""
    mine = Membership.objects.filter(user=user, group_id=OuterRef("group_id")).order_by()
    meeting = (
        Meeting.objects.filter(pk=meeting_id, group_id=group_id)
        .select_related("group")
        .annotate(
            viewer_membership_id=Subquery(mine.values("pk")[:1]),
            viewer_role=Subquery(mine.values("role")[:1]),
            viewer_organisation_id=Subquery(mine.values("organisation_id")[:1]),
        )
        .first()
    )
    if meeting is None or meeting.viewer_membership_id is None or not user.is_active:
        raise Http404
    return meeting


def room_shown(request, viewer: RoomViewer) -> dict:
    """The room view's context for `viewer` (meetings/room.py), recorded in the access log
    as a read of the patient on it (NEN 7513), or as a list when no patient is shown. A
    paired display's reads are recorded under the member who paired it."""
    meeting = viewer.meeting
    context = room.room_context(meeting)
    patient_id = context["current"].patient.pk if context["current"] else None
    action = "view" if patient_id else "list"
    if viewer.display is None:
        audit_record(
            request=request,
            action=action,
            group_id=meeting.group_id,
            patient_id=patient_id,
            membership=viewer.membership,
        )
    else:
        audit_record_for_room_display(
            request=request,
            action=action,
            group_id=meeting.group_id,
            patient_id=patient_id,
            paired_by=viewer.display.created_by,
        )
    return context
