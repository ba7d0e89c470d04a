"""Rebuilding the insight tallies (counts only) from the meetings tables."""

from django.db import connection, transaction
from django.db.models import CharField, Count, DateField, F, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from insight.models import Tally, TallyRefresh
from meetings.models import AttentionPoint, Finding, Meeting

COLUMNS = ("source", "network_id", "month", "kind", "category_id", "target_group_id", "count")


def _finding_counts():
    return (
        Finding.objects.filter(meeting__status=Meeting.Status.CLOSED)
        .annotate(
            tally_source=Value(Tally.Source.FINDING.value, output_field=CharField()),
            tally_network=F("meeting__group__network_id"),
            tally_month=TruncMonth("meeting__starts_at", output_field=DateField()),
        )
        .values("tally_source", "tally_network", "tally_month", "kind", "category_id")
        .annotate(tally_target_group=F("target_group_id"), tally_count=Count("pk"))
        .order_by()
    )


def _attention_point_counts():
    return (
        AttentionPoint.objects.filter(agenda_item__meeting__status=Meeting.Status.CLOSED)
        .annotate(
            tally_source=Value(Tally.Source.ATTENTION_POINT.value, output_field=CharField()),
            tally_network=F("agenda_item__meeting__group__network_id"),
            tally_month=TruncMonth("agenda_item__meeting__starts_at", output_field=DateField()),
            tally_kind=Value("", output_field=CharField()),
            tally_target_group=F("agenda_item__patient__target_group_id"),
        )
        .values(
            "tally_source",
            "tally_network",
            "tally_month",
            "tally_kind",
            "category_id",
            "tally_target_group",
        )
        .annotate(tally_count=Count("pk"))
        .order_by()
    )


def _select_sql(queryset, names):
    return queryset.values_list(*names).query.sql_with_params()


def tallies_refresh() -> int:
    """Replaces all tallies in one transaction (readers see the old or the new set)."""
    table = Tally._meta.db_table
    insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) "
    finding_names = (
        "tally_source",
        "tally_network",
        "tally_month",
        "kind",
        "category_id",
        "tally_target_group",
        "tally_count",
    )
    point_names = (
        "tally_source",
        "tally_network",
        "tally_month",
        "tally_kind",
        "category_id",
        "tally_target_group",
        "tally_count",
    )
    with transaction.atomic(), connection.cursor() as cursor:
        Tally.objects.all().delete()
        for queryset, names in (
            (_finding_counts(), finding_names),
            (_attention_point_counts(), point_names),
        ):
            sql, params = _select_sql(queryset, names)
            cursor.execute(insert + sql, params)
        TallyRefresh.objects.update_or_create(pk=1, defaults={"refreshed_at": timezone.now()})
    return Tally.objects.count()
