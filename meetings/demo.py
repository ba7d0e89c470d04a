"""Fictional demo meetings, written directly: demo data sends no mail.
`load_demo_meetings` plans one upcoming meeting per group; `load_demo_past_meetings`
adds closed meetings with their frozen reports."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import AgendaItem, Agreement, Attendance, Category, Finding, Meeting, Report
from meetings.reports import report_content
from networks.models import MDOGroup

PAST_MEETINGS_WEEKS_AGO = (12, 6)
ADVICE = [
    "Proactieve zorgplanning met patiënt en naasten bespreken; wensen vastleggen.",
    "Pijnmedicatie ophogen en na een week evalueren; consulent meekijken.",
    "Mantelzorger ontlasten: respijtzorg via de thuiszorg aanvragen.",
    "Wens om thuis te sterven ondersteunen; hospicezorg als terugvaloptie.",
]
AGREEMENTS = [
    ("Gesprek proactieve zorgplanning plannen", "Huisarts"),
    ("Medicatie evalueren", "Wijkverpleegkundige"),
    ("Respijtzorg aanvragen", "Thuiszorg"),
]
FINDINGS = [
    ("bottleneck", "Avond- en weekendbereikbaarheid apotheek schiet tekort."),
    ("learning_point", "De Surprise Question eerder stellen bij kwetsbare ouderen."),
    ("education_need", "Scholing over palliatieve sedatie voor de wijkverpleging."),
]


def load_demo_past_meetings() -> int:
    """Adds two closed meetings with reports to each group that has none. Idempotent."""
    added = 0
    categories = list(Category.objects.all())
    for group in MDOGroup.objects.all():
        if Meeting.objects.filter(group=group, status=Meeting.Status.CLOSED).exists():
            continue
        for weeks in PAST_MEETINGS_WEEKS_AGO:
            _past_meeting(group, weeks, categories)
            added += 1
    return added


def _past_meeting(group: MDOGroup, weeks: int, categories) -> Meeting:
    day = timezone.localdate() - timedelta(weeks=weeks)
    starts_at = timezone.make_aware(datetime.combine(day, time(16, 0)))
    chair = group.memberships.filter(role__in=["chair", "vice_chair"]).first()
    meeting = Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1, minutes=30),
        location="Gezondheidscentrum, vergaderzaal 2",
    )
    Attendance.objects.bulk_create(
        Attendance.for_member(meeting=meeting, membership=membership)
        for membership in group.memberships.select_related("user", "organisation")
    )
    Attendance.objects.create(
        meeting=meeting, guest_name="Ellen de Jong", guest_role="Consulent palliatieve zorg"
    )
    patients = group.patients.exclude(question_for_meeting="").order_by("pk")
    offset = 0 if weeks == PAST_MEETINGS_WEEKS_AGO[0] else 4
    for position, patient in enumerate(patients[offset : offset + 4], start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            patient=patient,
            position=position,
            discussed=position != 4,  # one comes back next time
            advice=ADVICE[position - 1] if position != 4 else "",
        )
        if position != 4:
            what, who = AGREEMENTS[position - 1]
            Agreement.objects.create(
                agenda_item=item,
                what=what,
                who=who,
                due_date=day + timedelta(weeks=2),
                status=Agreement.Status.DONE if position == 1 else Agreement.Status.OPEN,
            )
    if categories:
        for number, (kind, text) in enumerate(FINDINGS):
            Finding.objects.create(
                meeting=meeting,
                kind=kind,
                category=categories[number % len(categories)],
                text=text,
            )
    Report.objects.create(
        meeting=meeting, content=report_content(meeting, meeting_texts_anonymise(meeting))
    )
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = meeting.ends_at
    meeting.closed_by = chair.user if chair else None
    meeting.save()
    return meeting


PLACES = ["Gezondheidscentrum De Linde, vergaderzaal 2", "Huisartsenpraktijk Het Plein"]


def load_demo_meetings() -> None:
    """One upcoming meeting per group (idempotent): a Tuesday three weeks ahead, 12:30–14:00."""
    today = timezone.localdate()
    day = today + timedelta(days=21 + (1 - today.weekday()) % 7)
    for index, group in enumerate(MDOGroup.objects.order_by("pk")):
        if Meeting.objects.filter(
            group=group, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        ).exists():
            continue
        Meeting.objects.create(
            group=group,
            starts_at=timezone.make_aware(datetime.combine(day, time(12, 30))),
            ends_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
            location=PLACES[index % len(PLACES)] if index % 3 != 2 else "",
            video_link="https://meet.example.nl/mdo-demo" if index % 3 == 2 else "",
        )
