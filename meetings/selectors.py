"""Reads about meetings: planning pages, the calendar feed, meeting mode and reports.
Patients are read only through register.access."""

from datetime import timedelta

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from meetings.access import may_put_on_agenda
from meetings.models import (
    AgendaItem,
    Agreement,
    Attendance,
    AttentionPoint,
    Finding,
    Meeting,
    PreMeetingInput,
    Report,
)
from networks.models import Membership
from register.access import visible_patients
from register.models import Patient, UrgencyOption

FEED_HISTORY = timedelta(days=90)
# Without history, a PaTz group meets about every six weeks.
DEFAULT_INTERVAL = timedelta(weeks=6)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The group's last closed meeting before this one."""
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            status=Meeting.Status.CLOSED,
            starts_at__lt=meeting.starts_at,
        )
        .order_by("-starts_at")
        .first()
    )


def returning_patient_ids(meeting: Meeting) -> set[int]:
    """Patients that come back: not discussed last time, or with an open agreement."""
    previous = previous_meeting(meeting)
    if previous is None:
        return set()
    open_agreement = Agreement.objects.filter(
        agenda_item=OuterRef("pk"), status=Agreement.Status.OPEN
    )
    return set(
        AgendaItem.objects.filter(meeting=previous)
        .filter(Q(discussed=False) | Q(Exists(open_agreement)))
        .values_list("patient_id", flat=True)
    )


def default_agenda_patients(meeting: Meeting) -> list[Patient]:
    """Patients with a question first, then by urgency; the top urgency of each target
    group and the patients returning from the previous meeting are included too."""
    top_urgency = (
        UrgencyOption.objects.filter(target_group=OuterRef("target_group"))
        .values("target_group")
        .annotate(top=Max("sort_order"))
        .values("top")
    )
    returning = returning_patient_ids(meeting)
    wanted = (
        ~Q(question_for_meeting="")
        | Q(urgency__sort_order__gte=Subquery(top_urgency))
        | Q(pk__in=returning)
    )
    return _sorted_for_agenda(
        Patient.objects.filter(group_id=meeting.group_id)
        .exclude(status=Patient.Status.ARCHIVED)
        .filter(wanted)
        .select_related("urgency", "prognosis")
    )


def _sorted_for_agenda(patients) -> list[Patient]:
    def key(patient):
        return (
            0 if patient.question_for_meeting else 1,
            -(patient.urgency.sort_order if patient.urgency else -1),
            -(patient.prognosis.sort_order if patient.prognosis else -1),
            patient.pk,
        )

    return sorted(patients, key=key)


def agenda(meeting: Meeting, *, target_group_id: int | None = None) -> QuerySet[AgendaItem]:
    """The agenda with what meeting mode shows, in a fixed number of queries."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related(
        "patient__target_group", "patient__prognosis", "patient__urgency"
    )
    if target_group_id:
        items = items.filter(patient__target_group_id=target_group_id)
    return items.prefetch_related(
        "agreements",
        Prefetch("attention_points", queryset=AttentionPoint.objects.select_related("category")),
        "tools",
        Prefetch("inputs", queryset=PreMeetingInput.objects.select_related("author__user")),
    ).order_by("position", "pk")


def agenda_item_for(meeting: Meeting, item_id: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(meeting=meeting, pk=item_id)
        .select_related(
            "patient__target_group", "patient__prognosis", "patient__urgency", "patient__group"
        )
        .prefetch_related(
            "agreements",
            Prefetch(
                "attention_points", queryset=AttentionPoint.objects.select_related("category")
            ),
            "tools",
            Prefetch("inputs", queryset=PreMeetingInput.objects.select_related("author__user")),
        )
        .first()
    )


def attendances(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("membership__user", "membership__organisation")
        .order_by("member_name", "guest_name", "pk")
    )


def report_deliveries(meeting: Meeting) -> list[tuple[User, str]]:
    """For the chair: each member present who is mailed the report, and that e-mail's
    state (waiting, being sent, sent, failed). Guests are not mailed."""
    from meetings.meeting_mode import report_email_key
    from outbox.models import OutboundEmail

    present = [
        attendance.membership.user
        for attendance in attendances(meeting)
        if attendance.membership is not None
    ]
    keys = {user.pk: report_email_key(meeting.pk, user.pk) for user in present}
    states = {
        message.key: message.get_status_display()
        for message in OutboundEmail.objects.filter(key__in=keys.values()).only("key", "status")
    }
    return [(user, states[keys[user.pk]]) for user in present if keys[user.pk] in states]


def members_of(meeting: Meeting) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group_id=meeting.group_id)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def findings(meeting: Meeting) -> QuerySet[Finding]:
    return Finding.objects.filter(meeting=meeting).select_related("category", "target_group")


def input_patients(meeting: Meeting, membership: Membership) -> list[Patient]:
    """Patients a member may give input on: those they may see, on the agenda or (for
    those who may put a patient on the agenda) on the default agenda."""
    on_agenda = AgendaItem.objects.filter(meeting=meeting).values("patient_id")
    wanted = Q(pk__in=on_agenda)
    if may_put_on_agenda(membership):
        wanted |= Q(pk__in={p.pk for p in default_agenda_patients(meeting)})
    return list(
        visible_patients(membership)
        .filter(wanted)
        .select_related("target_group", "prognosis", "urgency")
        .order_by("pk")
    )


def usual_interval(meeting: Meeting) -> timedelta:
    """The gap between the group's last two meetings before this one, or six weeks."""
    earlier = list(
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[:1]
    )
    if earlier:
        gap = meeting.starts_at - earlier[0]
        if timedelta(weeks=1) <= gap <= timedelta(weeks=26):
            return gap
    return DEFAULT_INTERVAL


def next_planned_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            status=Meeting.Status.PLANNED,
            starts_at__gt=meeting.starts_at,
        )
        .order_by("starts_at")
        .first()
    )


def reports_of_group(group_id: int) -> QuerySet[Report]:
    return (
        Report.objects.filter(meeting__group_id=group_id)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )


def planned_meetings(group_id: int) -> QuerySet[Meeting]:
    """Planned meetings from today on: run (chair) or give input (members)."""
    from django.utils import timezone

    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Meeting.objects.filter(
        group_id=group_id, status=Meeting.Status.PLANNED, ends_at__gte=today
    ).order_by("starts_at")


def upcoming_meetings_for_user(*, user: User, limit: int = 10) -> list[Meeting]:
    """Planned meetings still ahead in all the user's groups (the dashboard)."""
    return list(
        Meeting.objects.filter(
            group__memberships__user=user,
            status=Meeting.Status.PLANNED,
            ends_at__gt=timezone.now(),
        )
        .select_related("group")
        .order_by("starts_at")[:limit]
    )


def group_meetings(*, group_id: int) -> tuple[list[Meeting], list[Meeting]]:
    """The group's meetings: (ahead, soonest first; held or past, most recent first).
    Cancelled meetings stay in their place, marked as such."""
    now = timezone.now()
    meetings = list(Meeting.objects.filter(group_id=group_id).order_by("starts_at"))
    upcoming = [m for m in meetings if m.ends_at > now and m.status != Meeting.Status.CLOSED]
    past = [m for m in reversed(meetings) if not (m.ends_at > now and m.status != "closed")]
    return upcoming, past


def feed_meetings(*, user: User) -> QuerySet[Meeting]:
    """The user's meetings for the calendar feed: all their groups, three months back on."""
    return (
        Meeting.objects.filter(
            group__memberships__user=user, starts_at__gte=timezone.now() - FEED_HISTORY
        )
        .select_related("group")
        .order_by("starts_at")
    )


FOLLOWUPS_IN_MEETING_MODE = 10


def followups_for_meeting_mode(meeting: Meeting) -> dict:
    """What the network answered to the group's points of its earlier meetings, for the
    scribe's view of this meeting (read-only; meetings/followups.py decides what counts
    as answered)."""
    from meetings.followups import followups_for_group

    return followups_for_group(
        meeting.group, limit=FOLLOWUPS_IN_MEETING_MODE, before=meeting.starts_at
    )
