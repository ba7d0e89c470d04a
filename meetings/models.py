"""MDO meetings: planning, the meeting itself (attendance, agenda, advice, agreements,
findings), the anonymised report, and the After Death Analysis.

Patient-bound rows (agenda items and what hangs off them) are read and written only through
`meetings.access`, `selectors` and `services`, like the register. See docs/meetings.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import MDOGroup, Membership, Role


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    group = models.ForeignKey(MDOGroup, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # iCalendar identity: the UID never changes, SEQUENCE rises with every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Any member the chair assigns may type along while the chair leads.
    scribe = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # From this moment every member sees the agenda (meetings/agenda.py).
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Room view (docs/meeting-mode.md): started by the chair; the patient on the projector;
    # a number that rises with every change the room must show (its poll compares it).
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_item_since = models.DateTimeField(null=True, blank=True, editable=False)
    room_target_group = models.ForeignKey(
        "register.TargetGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    room_version = models.PositiveIntegerField(default=1, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self):
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    """A member or a guest at a meeting (for accreditation).

    A member's name, role and organisation are copied onto the row when they are recorded
    present: the attendance list of a past meeting stays right after the member leaves the
    group (the membership link is then cleared) or changes role.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member_name = models.CharField(_("name"), max_length=150, blank=True)
    member_role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    member_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True)
    guest_role = models.CharField(_("guest role"), max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="one_attendance_per_member",
            ),
            # Every row names a person: a guest, or a member's copied name.
            models.CheckConstraint(
                condition=~Q(member_name="") | ~Q(guest_name=""),
                name="attendance_member_or_guest",
            ),
        ]

    def __str__(self):
        return self.person_name

    def save(self, *args, **kwargs):
        if self.membership_id and not self.member_name:
            self.copy_member_details()
        super().save(*args, **kwargs)

    @classmethod
    def for_member(cls, *, meeting: Meeting, membership: Membership) -> "Attendance":
        """An unsaved row for a member present, with their name and role copied
        (for bulk_create, which skips save())."""
        attendance = cls(meeting=meeting, membership=membership)
        attendance.copy_member_details()
        return attendance

    def copy_member_details(self) -> None:
        membership = self.membership
        self.member_name = membership.user.full_name or membership.user.email
        self.member_role = membership.role
        self.member_organisation = membership.organisation.name if membership.organisation else ""

    @property
    def is_guest(self) -> bool:
        return bool(self.guest_name)

    @property
    def person_name(self) -> str:
        return self.guest_name or self.member_name

    @property
    def person_role(self) -> str:
        return self.guest_role or self.get_member_role_display()


class Category(models.Model):
    """Categories for attention points and findings; editable by admins in Wagtail."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class AgendaItem(models.Model):
    """One patient on a meeting's agenda, with what the meeting advised."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    # Retention removes patients, not what the meeting advised: the item stays, unlinked.
    patient = models.ForeignKey(
        "register.Patient",
        null=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    position = models.PositiveIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)
    discussed = models.BooleanField(_("discussed"), default=False)
    advice = models.TextField(_("advice"), blank=True, max_length=5000)
    # Set once when the meeting closes (register.anonymise); what leaves the group reads it.
    advice_anonymised = models.TextField(blank=True, editable=False)
    tools = models.ManyToManyField(
        "toolslibrary.Tool", blank=True, related_name="+", verbose_name=_("interventions & tools")
    )
    # Optimistic lock: two people saving the same field at once must not overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"], name="patient_once_per_meeting")
        ]

    def __str__(self):
        return f"agenda item {self.pk}"  # never the patient's name


class AgendaSkip(models.Model):
    """The chair skipped a proposal: the patient is not proposed again for this meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_skips")
    patient = models.ForeignKey("register.Patient", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"], name="agenda_skip_once")
        ]

    def __str__(self):
        return f"agenda skip {self.pk}"


class PreparationMark(models.Model):
    """A patient on the agenda was checked before the meeting ("bijgewerkt"): its colour
    codes reviewed and its problems confirmed current, by whom and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="preparations")
    patient = models.ForeignKey("register.Patient", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"], name="prepared_once_per_meeting")
        ]

    def __str__(self):
        return f"preparation {self.pk}"


class AgendaRule(models.Model):
    """A group's agenda settings: after how many meetings without discussion a patient
    is proposed again (PaTz: every patient now and then)."""

    group = models.OneToOneField(MDOGroup, on_delete=models.CASCADE, related_name="agenda_rule")
    stale_after_meetings = models.PositiveSmallIntegerField(
        _("propose again after this many meetings"), default=3
    )

    def __str__(self):
        return f"agenda rule {self.group_id}"


class PreMeetingInput(models.Model):
    """What a member wants the meeting to know about a patient, written beforehand."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="inputs")
    author = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("input"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"input {self.pk}"


class Agreement(models.Model):
    """Who does what by when; open agreements come back until they are done.

    The owner is one of: a member of the group, one of the patient's care providers, or
    an organisation involved with the patient (home care or a care provider's). `who`
    keeps the owner's name as shown when the agreement was made (and the free text of
    agreements made before owners were chosen). Rules: meetings/agreements.py."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="agreements")
    what = models.CharField(_("what"), max_length=500)
    who = models.CharField(_("who"), max_length=150, blank=True)
    owner_membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    owner_care_provider = models.ForeignKey(
        "register.CareProvider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    owner_organisation = models.ForeignKey(
        "networks.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.OPEN
    )
    advance_care_planning = models.BooleanField(_("advance care planning"), default=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_membership__isnull=True, owner_care_provider__isnull=True)
                    | Q(owner_membership__isnull=True, owner_organisation__isnull=True)
                    | Q(owner_care_provider__isnull=True, owner_organisation__isnull=True)
                ),
                name="agreement_one_owner",
            )
        ]

    def __str__(self):
        return self.what

    @property
    def owner_name(self) -> str:
        if self.owner_membership_id:
            return self.owner_membership.user.get_full_name()
        if self.owner_care_provider_id:
            return self.owner_care_provider.name
        if self.owner_organisation_id:
            return self.owner_organisation.name
        return self.who

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Discussion(models.Model):
    """One patient's discussion in a closed meeting, in the patient's history: the
    question as it was asked, the advice and the agreements as they stood at closing.
    Written by the close service (meeting_mode.discussions_record)."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="discussion"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    patient = models.ForeignKey(
        "register.Patient", null=True, on_delete=models.SET_NULL, related_name="discussions"
    )
    question = models.TextField(_("question for the meeting"), blank=True)
    advice = models.TextField(_("advice"), blank=True)
    # [{"what", "who", "due_date" (ISO or ""), "status", "advance_care_planning"}]
    agreements = models.JSONField(default=list)
    # The colour codes at the time, to see later whether they changed since.
    urgency = models.ForeignKey(
        "register.UrgencyOption", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prognosis = models.ForeignKey(
        "register.PrognosisOption", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    discussed_at = models.DateTimeField()

    class Meta:
        ordering = ["-discussed_at"]
        indexes = [models.Index(fields=["patient", "discussed_at"])]

    def __str__(self):
        return f"discussion {self.pk}"  # never the patient's name


class FollowUp(models.Model):
    """What the network did with a point that reached it: a status and a short response
    the group sees on its meetings page (docs/follow-up.md)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        TAKEN_UP = "taken_up", _("taken up")
        DISCUSSED = "discussed", _("discussed in the network")
        DONE = "done", _("done")

    followup_status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    followup_response = models.TextField(_("response to the group"), max_length=1000, blank=True)
    followup_updated_at = models.DateTimeField(_("response updated"), null=True, blank=True)

    class Meta:
        abstract = True


class AttentionPoint(FollowUp):
    """A point for the network coordinator, raised while discussing a patient.
    Only its category and text leave the group (anonymised insight)."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attention_points"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), max_length=2000)
    # Set once when the meeting closes (register.anonymise); insight reads only this.
    text_anonymised = models.TextField(_("text (anonymised)"), blank=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]


class Finding(FollowUp):
    """Meeting-level: bottlenecks, learning points and education needs."""

    class Kind(models.TextChoices):
        BOTTLENECK = "bottleneck", _("bottleneck")
        LEARNING_POINT = "learning_point", _("learning point")
        EDUCATION_NEED = "education_need", _("education need")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    target_group = models.ForeignKey(
        "register.TargetGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=2000)
    # Set once when the meeting closes (register.anonymise); reports and insight read this.
    text_anonymised = models.TextField(_("text (anonymised)"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self):
        return self.text[:60]


class AfterDeathAnalysis(models.Model):
    """The group's review of a deceased patient's last phase, recorded in a meeting."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="after_death_analysis"
    )
    identified_in_time = models.BooleanField(_("identified in time"), null=True)
    weeks_on_register = models.PositiveIntegerField(_("weeks on the register"), null=True)
    preferred_place_of_death = models.CharField(
        _("preferred place of death"), max_length=200, blank=True
    )
    actual_place_of_death = models.CharField(_("actual place of death"), max_length=200, blank=True)
    went_well = models.TextField(_("what went well"), blank=True, max_length=3000)
    could_be_better = models.TextField(_("what could be better"), blank=True, max_length=3000)

    def __str__(self):
        return f"ADA {self.pk}"


class Report(models.Model):
    """The anonymised report, frozen when the chair closes the meeting.

    `content` holds only what may leave the register: initial, birth year, colour code and
    its text, advice, agreements, findings and participants. It outlives patient removal."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"report {self.meeting_id}"


class CalendarFeed(models.Model):
    """A private, revocable iCalendar feed URL per user. Only the token's hash is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"calendar feed {self.user_id}"


class RoomDisplaySession(models.Model):
    """A projector PC paired to one meeting's room view with a one-time code
    (meetings/pairing.py). Only the code's hash is stored; read-only, revocable, ends
    when the meeting closes or after a few hours."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="room_displays")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    paired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"room display {self.pk}"


class ClientRowKey(models.Model):
    """The key a browser gives a new row (agreement, attention point, finding) on its
    first keystroke: saving it again, from a retry, a beacon or a queue replayed after a
    reload, updates that row instead of adding another (meetings/rows.py)."""

    key = models.UUIDField(unique=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    row_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.kind} {self.row_id}"
