"""Reads for the insight pages: counts aggregated in the database, never patient rows.

Every function returns aggregated rows (ids of configuration and groups, counts) or
free texts without any reference to a patient: the texts anonymised when the meeting
closed (`text_anonymised`), never the texts as typed. Suppression happens in `insight.tables`.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate

from insight.filters import InsightFilter
from insight.models import Tally, TallyRefresh
from meetings.models import AfterDeathAnalysis, AttentionPoint, Finding, Meeting
from networks.models import MDOGroup, Network
from register.models import Patient

# "On the register at least three months before death": 13 weeks.
REGISTERED_BEFORE_DEATH = dt.timedelta(weeks=13)
# Texts are shown only when they come from at least this many meetings (and, for
# attention points, patients) in the filter.
MIN_SOURCES_FOR_TEXTS = 5
RECENT_MEETINGS_FOR_TEXTS = 60


def _patients(flt: InsightFilter):
    patients = Patient.objects.all()
    if flt.network is not None:
        patients = patients.filter(group__network=flt.network)
    if flt.target_group is not None:
        patients = patients.filter(target_group=flt.target_group)
    return patients


def _held_meetings(flt: InsightFilter):
    meetings = Meeting.objects.filter(
        status=Meeting.Status.CLOSED, starts_at__gte=flt.start_at, starts_at__lt=flt.end_at
    )
    if flt.network is not None:
        meetings = meetings.filter(group__network=flt.network)
    return meetings


def active_patient_counts(flt: InsightFilter) -> dict[str, list[dict]]:
    """Active patients registered before the end of the period, per target group and
    prognosis, and per target group and urgency (None: not filled in)."""
    patients = _patients(flt).filter(status=Patient.Status.ACTIVE, created_at__lt=flt.end_at)
    return {
        scale: list(
            patients.values("target_group_id", option=F(f"{scale}_id"))
            .annotate(count=Count("pk"))
            .order_by()
        )
        for scale in ("prognosis", "urgency")
    }


def meetings_held_per_group(flt: InsightFilter) -> list[dict]:
    """Held (closed) meetings per group, zero included; national: per group of every
    network, so that network figures follow the same total rule as a network's page."""
    in_period = Q(
        meetings__status=Meeting.Status.CLOSED,
        meetings__starts_at__gte=flt.start_at,
        meetings__starts_at__lt=flt.end_at,
    )
    groups = MDOGroup.objects.all()
    if flt.network is not None:
        groups = groups.filter(network=flt.network)
    return list(
        groups.values("pk", "name", "network_id", network_name=F("network__name"))
        .annotate(count=Count("meetings", filter=in_period))
        .order_by("network__name", "name")
    )


def _tallies(flt: InsightFilter, source: str):
    tallies = Tally.objects.filter(source=source, month__gte=flt.start, month__lt=flt.end)
    if flt.network is not None:
        tallies = tallies.filter(network=flt.network)
    if flt.target_group is not None:
        tallies = tallies.filter(target_group=flt.target_group)
    return tallies


def _open_dimensions(flt: InsightFilter) -> list[str]:
    return [
        *(["network_id"] if flt.network is None else []),
        *(["target_group_id"] if flt.target_group is None else []),
    ]


def finding_counts(flt: InsightFilter) -> list[dict]:
    """Findings of held meetings per kind, category and month (from the tallies), and
    per network and target group where the filter leaves them open (the differencing
    rule compares with one network or one target group; insight/suppression.py)."""
    return list(
        _tallies(flt, Tally.Source.FINDING)
        .values("kind", "category_id", "month", *_open_dimensions(flt))
        .annotate(count=Sum("count"))
        .order_by()
    )


def attention_point_counts(flt: InsightFilter) -> list[dict]:
    """Attention points of held meetings per category and month (from the tallies), as
    `finding_counts` per open network and target group."""
    return list(
        _tallies(flt, Tally.Source.ATTENTION_POINT)
        .values("category_id", "month", *_open_dimensions(flt))
        .annotate(count=Sum("count"))
        .order_by()
    )


def tallies_refreshed_at() -> dt.datetime | None:
    refresh = TallyRefresh.objects.filter(pk=1).first()
    return refresh.refreshed_at if refresh else None


# --- Free texts ------------------------------------------------------------------------


def _findings(flt: InsightFilter):
    # Texts are the ones anonymised when the meeting closed (register.anonymise); one
    # without (none should exist) stays out rather than show what was typed.
    findings = Finding.objects.filter(meeting__in=_held_meetings(flt))
    if flt.target_group is not None:
        findings = findings.filter(target_group=flt.target_group)
    return findings


def _attention_points(flt: InsightFilter):
    points = AttentionPoint.objects.filter(agenda_item__meeting__in=_held_meetings(flt))
    if flt.target_group is not None:
        points = points.filter(agenda_item__patient__target_group=flt.target_group)
    return points


def finding_texts_allowed(flt: InsightFilter) -> bool:
    """At least 5 held meetings in the filter have findings (stops counting at 5)."""
    has_findings = Finding.objects.filter(meeting_id=OuterRef("pk"))
    if flt.target_group is not None:
        has_findings = has_findings.filter(target_group=flt.target_group)
    meetings = _held_meetings(flt).filter(Exists(has_findings)).values("pk").order_by()
    return meetings[:MIN_SOURCES_FOR_TEXTS].count() >= MIN_SOURCES_FOR_TEXTS


def attention_point_texts_allowed(flt: InsightFilter) -> bool:
    """At least 5 meetings and 5 patients in the filter have attention points."""
    points = AttentionPoint.objects.filter(agenda_item__meeting__in=_held_meetings(flt))
    if flt.target_group is not None:
        points = points.filter(agenda_item__patient__target_group=flt.target_group)
    meetings = _held_meetings(flt).filter(
        Exists(points.filter(agenda_item__meeting_id=OuterRef("pk")))
    )
    patients = _patients(flt).filter(Exists(points.filter(agenda_item__patient_id=OuterRef("pk"))))
    return (
        meetings.values("pk").order_by()[:MIN_SOURCES_FOR_TEXTS].count() >= MIN_SOURCES_FOR_TEXTS
        and patients.values("pk").order_by()[:MIN_SOURCES_FOR_TEXTS].count()
        >= MIN_SOURCES_FOR_TEXTS
    )


def _recent_meeting_ids(flt: InsightFilter):
    return _held_meetings(flt).order_by("-starts_at").values("pk")[:RECENT_MEETINGS_FOR_TEXTS]


def recent_finding_texts(flt: InsightFilter, *, limit: int) -> dict[str, list[dict]]:
    """The latest texts per kind from the latest meetings: category, month, text only."""
    texts = defaultdict(list)
    rows = (
        _findings(flt)
        .filter(meeting_id__in=_recent_meeting_ids(flt))
        .exclude(text_anonymised="")
        .order_by("-meeting__starts_at", "-pk")
        .values("kind", "category_id", "text_anonymised", month=TruncDate("meeting__starts_at"))
    )
    for row in rows:
        if len(texts[row["kind"]]) < limit:
            texts[row["kind"]].append(row)
    return texts


def recent_attention_point_texts(flt: InsightFilter, *, limit: int) -> list[dict]:
    return list(
        _attention_points(flt)
        .filter(agenda_item__meeting_id__in=_recent_meeting_ids(flt))
        .exclude(text_anonymised="")
        .order_by("-agenda_item__meeting__starts_at", "-pk")
        .values(
            "category_id", "text_anonymised", month=TruncDate("agenda_item__meeting__starts_at")
        )[:limit]
    )


def all_finding_texts(flt: InsightFilter):
    """Every finding text of the filter, for the CSV (streamed)."""
    return (
        _findings(flt)
        .exclude(text_anonymised="")
        .order_by("kind", "category__sort_order", "meeting__starts_at", "pk")
        .values_list("kind", "category__name", "meeting__starts_at", "text_anonymised")
        .iterator(chunk_size=2000)
    )


def all_attention_point_texts(flt: InsightFilter):
    return (
        _attention_points(flt)
        .exclude(text_anonymised="")
        .order_by("category__sort_order", "agenda_item__meeting__starts_at", "pk")
        .values_list("category__name", "agenda_item__meeting__starts_at", "text_anonymised")
        .iterator(chunk_size=2000)
    )


# --- Outcome indicators ----------------------------------------------------------------


def outcome_counts_per_group(flt: InsightFilter) -> list[dict]:
    """Per group (zero included): patients who died in the period, and how many of them
    were on the register 13 weeks before, had a known preferred place of death, died
    there, and had an after-death analysis."""
    deceased = _patients(flt).filter(
        status=Patient.Status.DECEASED, date_of_death__gte=flt.start, date_of_death__lt=flt.end
    )
    registered_early = Q(
        date_of_death__gte=ExpressionWrapper(
            TruncDate("created_at") + REGISTERED_BEFORE_DEATH, output_field=DateField()
        )
    )
    known = ~Q(preferred_place_of_death="")
    died_there = known & Q(place_of_death__iexact=F("preferred_place_of_death"))
    analysed = Exists(AfterDeathAnalysis.objects.filter(agenda_item__patient_id=OuterRef("pk")))
    counts = {
        row.pop("group_id"): row
        for row in deceased.values("group_id")
        .annotate(
            deceased=Count("pk"),
            registered_early=Count("pk", filter=registered_early),
            preference_known=Count("pk", filter=known),
            died_at_preference=Count("pk", filter=died_there),
            analysed=Count("pk", filter=analysed),
        )
        .order_by()
    }
    groups = MDOGroup.objects.all()
    if flt.network is not None:
        groups = groups.filter(network=flt.network)
    empty = dict.fromkeys(
        ("deceased", "registered_early", "preference_known", "died_at_preference", "analysed"), 0
    )
    return [
        {**group, **counts.get(group["pk"], empty)}
        for group in groups.values(
            "pk", "name", "network_id", network_name=F("network__name")
        ).order_by("network__name", "name")
    ]


def networks_for_national_view():
    return Network.objects.order_by("name")


def followup_status_counts(flt: InsightFilter) -> dict[tuple[str, str], int]:
    """(kind, follow-up status) → count, findings per kind and attention points as
    "attention_point", counted live (the tallies keep no status)."""
    counts = {}
    for row in _findings(flt).values("kind", "followup_status").annotate(count=Count("pk")):
        counts[(row["kind"], row["followup_status"])] = row["count"]
    for row in _attention_points(flt).values("followup_status").annotate(count=Count("pk")):
        counts[("attention_point", row["followup_status"])] = row["count"]
    return counts


def education_needs(flt: InsightFilter) -> list[dict]:
    """Education needs for education providers: category, month, text and what the
    network did, never group or patient; none when texts may not be shown (fewer than 5
    meetings); only the texts as anonymised at closing."""
    if not finding_texts_allowed(flt):
        return []
    return list(
        _findings(flt)
        .filter(kind=Finding.Kind.EDUCATION_NEED)
        .exclude(text_anonymised="")
        .order_by("category__sort_order", "meeting__starts_at", "pk")
        .values(
            "category__name",
            "meeting__starts_at",
            "text_anonymised",
            "followup_status",
            "followup_response",
        )
    )
