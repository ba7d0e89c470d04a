"""Who may do what with a meeting: the one place these rules live (deny by default).

- chair and vice-chair plan, edit, cancel, run and close their group's meetings;
- the scribe the chair assigned to a meeting may run (type in) that meeting, not plan or close;
- every member reads their group's meetings and reports, and adds pre-meeting input for
  patients they may see in the register; only members who may edit the register put a
  patient on the agenda that way (`may_put_on_agenda`): view-only roles (home care,
  consultant) give input on patients already on the agenda;
- a meeting of another group does not exist for the user: Http404, never 403.

Patients on an agenda are read through `register.access` rules; see docs/meetings.md.
"""

from enum import StrEnum

from django.http import Http404

from accounts.models import User
from meetings import selectors
from meetings.models import AgendaItem, Meeting
from networks.models import Membership
from register.access import Action as RegisterAction
from register.access import may as may_in_register
from register.access import membership_in_group, record_access


class MeetingAction(StrEnum):
    READ = "read"  # the meeting's date and place, its report
    PLAN = "plan"  # plan, edit, cancel
    RUN = "run"  # attendance, agenda, advice, agreements, findings
    CLOSE = "close"  # close and send the report
    GIVE_INPUT = "give_input"  # pre-meeting input on a patient


def may(membership: Membership, action: MeetingAction, meeting: Meeting | None = None) -> bool:
    if membership.group_id != (meeting.group_id if meeting else membership.group_id):
        return False
    if action in (MeetingAction.READ, MeetingAction.GIVE_INPUT):
        return True
    if action == MeetingAction.RUN:
        return membership.leads_group or (
            meeting is not None and meeting.scribe_id == membership.pk
        )
    if action in (MeetingAction.PLAN, MeetingAction.CLOSE):
        return membership.leads_group
    return False


def may_put_on_agenda(membership: Membership) -> bool:
    """Putting a patient on the agenda (also through pre-meeting input) is for the roles
    that may edit the register."""
    return may_in_register(membership, RegisterAction.EDIT)


def require(membership: Membership, action: MeetingAction, meeting: Meeting | None = None):
    if not may(membership, action, meeting):
        raise Http404


def meeting_for(*, user: User, group_id: int, meeting_id: int, action: MeetingAction):
    """The meeting and the user's membership, if the user may do `action` with it.

    Raises Http404 for a meeting of another group just as for one that does not exist.
    """
    membership = membership_in_group(user=user, group_id=group_id)
    meeting = Meeting.objects.filter(pk=meeting_id, group_id=group_id).first()
    if meeting is None:
        raise Http404
    require(membership, action, meeting)
    return meeting, membership


def agenda_item_for(
    *, request, meeting: Meeting, membership: Membership, item_id: int
) -> AgendaItem:
    """One patient's item on the agenda of a meeting the user may run (see `meeting_for`),
    with its patient; the access to the patient is written to the access log first.

    Raises Http404 for an item of another meeting just as for one that does not exist.
    """
    agenda_item = selectors.agenda_item_for(meeting, item_id)
    if agenda_item is None:
        raise Http404
    record_access(
        request=request, membership=membership, patient=agenda_item.patient, audit_action="view"
    )
    agenda_item.meeting = meeting
    return agenda_item
