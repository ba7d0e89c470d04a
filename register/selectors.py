"""Reads for the register. Every patient query starts from access.visible_patients."""

from collections import OrderedDict

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from networks.models import Membership, Organisation
from register.access import FULL_ROLES, visible_patients
from register.config_cache import cached
from register.models import (
    CareProvider,
    Dimension,
    Patient,
    ProblemAndStrength,
    SubField,
    TargetGroup,
    TargetGroupChange,
)

URGENCY_ORDER = (
    F("urgency__sort_order").desc(nulls_last=True),
    F("prognosis__sort_order").desc(nulls_last=True),
    "surname",
    "pk",
)
REGISTER_ORDERS = {
    "urgency": URGENCY_ORDER,
    "name": ("surname", "initials", "pk"),
    "last_discussed": (F("last_discussed").desc(nulls_last=True), *URGENCY_ORDER),
}


def register_list(membership: Membership) -> QuerySet[Patient]:
    """The group's register as this member may see it, most urgent first, with when each
    patient was last discussed, their open agreements and whether they are on the agenda
    of the group's next meeting (subqueries: the same number of queries for any size)."""
    from meetings.models import AgendaItem, Agreement, Meeting

    discussed = AgendaItem.objects.filter(patient=OuterRef("pk"), discussed=True)
    open_agreements = (
        Agreement.objects.filter(agenda_item__patient=OuterRef("pk"), status=Agreement.Status.OPEN)
        .values("agenda_item__patient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    next_meeting = Meeting.objects.filter(
        group_id=membership.group_id,
        status=Meeting.Status.PLANNED,
        ends_at__gte=timezone.now(),
    ).order_by("starts_at")
    return (
        visible_patients(membership)
        .select_related("target_group", "prognosis", "urgency", "responsible_gp")
        .annotate(
            last_discussed=Subquery(
                discussed.order_by("-meeting__starts_at").values("meeting__starts_at")[:1]
            ),
            open_agreements=Coalesce(Subquery(open_agreements, output_field=IntegerField()), 0),
            on_next_agenda=Exists(
                AgendaItem.objects.filter(
                    patient=OuterRef("pk"), meeting=Subquery(next_meeting.values("pk")[:1])
                )
            ),
        )
        .order_by(*URGENCY_ORDER)
    )


def search_register(patients: QuerySet[Patient], text: str) -> QuerySet[Patient]:
    """Every word must match the initials or surname, or (four digits) the birth year.
    The ORM escapes quotes, % and _: the text is searched for as typed."""
    for word in text.split()[:10]:
        match = Q(initials__icontains=word) | Q(surname__icontains=word)
        if len(word) == 4 and word.isdigit():
            match |= Q(date_of_birth__year=int(word))
        patients = patients.filter(match)
    return patients


def with_details(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """The patients with their related records, fetched in a fixed number of queries.
    Pass as `related=` to `register.access.patient_for`."""
    return patients.select_related(
        "target_group", "prognosis", "urgency", "responsible_gp", "group"
    ).prefetch_related(
        "homecare_organisations",
        "extra_disciplines",
        Prefetch(
            "care_providers",
            queryset=CareProvider.objects.select_related("discipline", "organisation"),
        ),
        Prefetch(
            "problems",
            queryset=ProblemAndStrength.objects.select_related("sub_field__dimension"),
        ),
        Prefetch(
            "target_group_changes",
            queryset=TargetGroupChange.objects.select_related(
                "from_target_group", "to_target_group"
            ),
        ),
    )


def sub_fields_for(target_group: TargetGroup) -> list[SubField]:
    """The sub-fields shown for a target group, in dimension order.

    Core dimensions (no target groups set) and sub-fields show everywhere; restricted
    ones only for their target groups.
    """
    applies = Q(dimension__target_groups__isnull=True) | Q(dimension__target_groups=target_group)
    applies &= Q(target_groups__isnull=True) | Q(target_groups=target_group)

    def build():
        return list(
            SubField.objects.filter(applies)
            .select_related("dimension")
            .order_by("dimension__sort_order", "dimension__name", "sort_order", "pk")
            .distinct()
        )

    # A copy: callers extend the list.
    return list(cached(f"sub-fields:{target_group.pk}", build))


def problems_by_dimension(patient: Patient) -> "OrderedDict[Dimension, list]":
    """(sub-field, problem-and-strength or None) per dimension, for the patient page.

    Sub-fields of the current target group always show; entries recorded under another
    target group are kept and shown too, so nothing recorded disappears on a switch.
    """
    recorded = {entry.sub_field_id: entry for entry in patient.problems.all()}
    sub_fields = sub_fields_for(patient.target_group)
    shown = {sub_field.pk for sub_field in sub_fields}
    sub_fields += [
        entry.sub_field for entry in recorded.values() if entry.sub_field_id not in shown
    ]
    grouped: OrderedDict = OrderedDict()
    for sub_field in sub_fields:
        grouped.setdefault(sub_field.dimension, []).append((sub_field, recorded.get(sub_field.pk)))
    return grouped


def homecare_organisations_for(membership: Membership) -> QuerySet[Organisation]:
    """The regional list: home-care organisations of the group's network."""
    return Organisation.objects.filter(
        network_id=membership.group.network_id, kind=Organisation.Kind.HOMECARE
    ).order_by("name")


def organisations_for(membership: Membership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network_id=membership.group.network_id).order_by("name")


def responsible_gp_choices(membership: Membership):
    from accounts.models import User

    return User.objects.filter(
        memberships__group_id=membership.group_id, memberships__role__in=FULL_ROLES
    ).order_by("full_name")


def consultants_of_group(membership: Membership):
    from accounts.models import User

    return User.objects.filter(
        memberships__group_id=membership.group_id, memberships__role="consultant"
    ).order_by("full_name")


def consultant_grants(patient):
    """Who this patient is shared with (groups with per-patient consults), oldest first."""
    return patient.consultant_grants.select_related("consultant", "granted_by").order_by(
        "granted_at", "pk"
    )


def discussions_for(patient: Patient) -> list:
    """The meetings' earlier discussions of this patient, newest first: date, advice,
    agreements with their status and the tools chosen (three queries)."""
    from meetings.models import AgendaItem, Agreement

    return list(
        AgendaItem.objects.filter(patient=patient, discussed=True)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.order_by("status", "due_date", "pk")),
            "tools",
        )
        .order_by("-meeting__starts_at", "-pk")
    )


def open_agreements_in(discussions: list) -> list:
    from meetings.models import Agreement

    return [
        agreement
        for item in discussions
        for agreement in item.agreements.all()
        if agreement.status == Agreement.Status.OPEN
    ]


def care_coordinator(patient: Patient):
    """The care provider marked as care coordinator (from the prefetched providers)."""
    return next((p for p in patient.care_providers.all() if p.is_care_coordinator), None)
