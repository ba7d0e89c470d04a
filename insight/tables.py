"""The insight page as tables of suppressed cells, shared by page, charts and CSV.

Every number reaches a page, chart or CSV through `insight.suppression` here, so the
three always show the same thing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from insight import selectors
from insight.charts import bar_chart
from insight.filters import Granularity, InsightFilter
from insight.suppression import (
    SUPPRESSED,
    HiddenDifference,
    HiddenTotal,
    is_suppressed,
    suppress,
    suppress_column,
    suppress_nested,
    suppressed_share,
    suppressed_total,
    suppressed_total_nested,
)
from meetings.models import Category, Finding, FollowUp
from register.models import TargetGroup

TEXTS_PER_KIND = 15


@dataclass
class Row:
    label: str
    cells: list
    colour: str | None = None


@dataclass
class Table:
    key: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    chart_columns: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def has_hidden_total(self) -> bool:
        return self.total is not None and any(
            isinstance(cell, HiddenTotal) for cell in self.total.cells
        )

    @property
    def has_hidden_difference(self) -> bool:
        rows = [*self.rows, *([self.total] if self.total else [])]
        return any(isinstance(cell, HiddenDifference) for row in rows for cell in row.cells)

    def charts(self):
        for index in self.chart_columns:
            title = f"{self.caption}: {self.columns[index]}" if len(self.columns) > 1 else ""
            yield (
                title or self.caption,
                bar_chart(
                    chart_id=f"chart-{self.key}-{index}",
                    title=title or self.caption,
                    description=_("Bar chart; the same figures are in the table next to it."),
                    bars=[(row.label, row.cells[index], row.colour) for row in self.rows],
                ),
            )


@dataclass
class TextList:
    key: str
    heading: str
    allowed: bool
    items: list[tuple[str, str, str]]  # category, period, text


def period_label(month, granularity: str) -> str:
    if granularity == Granularity.QUARTER:
        return _("Q%(quarter)s %(year)s") % {
            "quarter": (month.month - 1) // 3 + 1,
            "year": month.year,
        }
    return formats.date_format(month, "F Y")


def _total_row(columns_parts: list[list[list[int]]]) -> Row:
    return Row(_("Total"), [suppressed_total(*parts) for parts in columns_parts])


# --- Active patients -------------------------------------------------------------------


def active_patient_tables(flt: InsightFilter) -> list[Table]:
    counts = selectors.active_patient_counts(flt)
    target_groups = (
        [flt.target_group]
        if flt.target_group
        else list(TargetGroup.objects.filter(is_active=True).order_by("sort_order", "name"))
    )
    options = {
        "prognosis": defaultdict(list),
        "urgency": defaultdict(list),
    }
    for target_group in target_groups:
        options["prognosis"][target_group.pk] = list(target_group.prognosis_options.all())
        options["urgency"][target_group.pk] = list(target_group.urgency_options.all())
    tables = []
    for target_group in target_groups:
        raw = {}
        for scale in ("prognosis", "urgency"):
            by_option = {
                row["option"]: row["count"]
                for row in counts[scale]
                if row["target_group_id"] == target_group.pk
            }
            scale_options = options[scale][target_group.pk]
            raw[scale] = [
                (option.label, by_option.get(option.pk, 0), option.colour)
                for option in scale_options
            ] + [(_("Not filled in"), by_option.get(None, 0), None)]
        parts = {scale: [count for _, count, _ in raw[scale]] for scale in raw}
        total = suppressed_total(parts["prognosis"], parts["urgency"])
        for scale, caption in (
            ("prognosis", _("%(target_group)s: active patients per prognosis")),
            ("urgency", _("%(target_group)s: active patients per urgency")),
        ):
            tables.append(
                Table(
                    key=f"{scale}-{target_group.pk}",
                    caption=caption % {"target_group": target_group.name},
                    row_header=_("Prognosis") if scale == "prognosis" else _("Urgency"),
                    columns=[_("Active patients")],
                    rows=[
                        Row(label, [suppress(count)], colour) for label, count, colour in raw[scale]
                    ],
                    total=Row(_("Total"), [total]),
                    chart_columns=[0],
                )
            )
    return tables


# --- Meetings held ---------------------------------------------------------------------


def meetings_table(flt: InsightFilter) -> Table:
    groups = selectors.meetings_held_per_group(flt)
    all_parts = [group["count"] for group in groups]
    if flt.network is not None:
        rows = [Row(group["name"], [suppress(group["count"])]) for group in groups]
        row_header = _("MDO group")
    else:
        per_network = defaultdict(list)
        for group in groups:
            per_network[group["network_name"]].append(group["count"])
        rows = [Row(name, [suppressed_total(parts)]) for name, parts in per_network.items()]
        row_header = _("Network")
    return Table(
        key="meetings",
        caption=_("Meetings held"),
        row_header=row_header,
        columns=[_("Meetings held")],
        rows=rows,
        total=Row(_("Total"), [suppressed_total(all_parts)]),
        chart_columns=[0],
        note=_("Meetings are not tied to a target group: this table ignores that filter."),
    )


# --- Findings and attention points -----------------------------------------------------


def _categories():
    return list(Category.objects.order_by("sort_order", "name"))


def _varying(flt: InsightFilter) -> dict:
    """Which nested selections a user can choose next to this one (docs/insight.md)."""
    return {"networks_vary": flt.network is None, "target_groups_vary": flt.target_group is None}


def _atoms(rows) -> list[tuple]:
    # Network and target group only where the filter leaves them open (selectors).
    return [(r["month"], r.get("network_id"), r.get("target_group_id"), r["count"]) for r in rows]


def _cells(flt: InsightFilter, rows, key, keys) -> tuple[list, list[int]]:
    """Cells shown and raw counts of `rows` grouped by `key(row)`, in the order of `keys`."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    cells = [suppress_nested(_atoms(grouped[k]), **_varying(flt)) for k in keys]
    counts = [sum(r["count"] for r in grouped[k]) for k in keys]
    return cells, counts


def finding_tables(flt: InsightFilter, categories) -> list[Table]:
    kinds = list(Finding.Kind.choices)
    rows_of_kind = defaultdict(list)
    for row in selectors.finding_counts(flt):
        rows_of_kind[row["kind"]].append(row)
    buckets = flt.buckets()
    by_category = [
        _cells(flt, rows_of_kind[kind], lambda r: r["category_id"], [c.pk for c in categories])
        for kind, _ in kinds
    ]
    by_bucket = [
        _cells(flt, rows_of_kind[kind], lambda r: flt.bucket(r["month"]), buckets)
        for kind, _ in kinds
    ]
    totals = Row(
        _("Total"),
        [
            suppressed_total_nested(
                _atoms(rows_of_kind[kind]), [by_category[i], by_bucket[i]], **_varying(flt)
            )
            for i, (kind, _) in enumerate(kinds)
        ],
    )
    columns = [str(label) for _, label in kinds]
    return [
        Table(
            key="findings-category",
            caption=_("Bottlenecks, learning points and education needs per category"),
            row_header=_("Category"),
            columns=columns,
            rows=[
                Row(c.name, [by_category[i][0][j] for i in range(len(kinds))])
                for j, c in enumerate(categories)
            ],
            total=totals,
            chart_columns=list(range(len(kinds))),
        ),
        Table(
            key="findings-time",
            caption=_("Bottlenecks, learning points and education needs over time"),
            row_header=_("Period"),
            columns=columns,
            rows=[
                Row(
                    period_label(b, flt.granularity),
                    [by_bucket[i][0][j] for i in range(len(kinds))],
                )
                for j, b in enumerate(buckets)
            ],
            total=totals,
            chart_columns=list(range(len(kinds))),
        ),
    ]


def attention_point_tables(flt: InsightFilter, categories) -> list[Table]:
    rows = selectors.attention_point_counts(flt)
    buckets = flt.buckets()
    by_category = _cells(flt, rows, lambda r: r["category_id"], [c.pk for c in categories])
    by_bucket = _cells(flt, rows, lambda r: flt.bucket(r["month"]), buckets)
    total = Row(
        _("Total"),
        [suppressed_total_nested(_atoms(rows), [by_category, by_bucket], **_varying(flt))],
    )
    column = [_("Attention points")]
    return [
        Table(
            key="points-category",
            caption=_("Attention points per category"),
            row_header=_("Category"),
            columns=column,
            rows=[Row(c.name, [cell]) for c, cell in zip(categories, by_category[0], strict=True)],
            total=total,
            chart_columns=[0],
        ),
        Table(
            key="points-time",
            caption=_("Attention points over time"),
            row_header=_("Period"),
            columns=column,
            rows=[
                Row(period_label(b, flt.granularity), [cell])
                for b, cell in zip(buckets, by_bucket[0], strict=True)
            ],
            total=total,
            chart_columns=[0],
        ),
    ]


def text_lists(flt: InsightFilter, categories) -> list[TextList]:
    names = {c.pk: c.name for c in categories}
    allowed = selectors.finding_texts_allowed(flt)
    lists = []
    recent = selectors.recent_finding_texts(flt, limit=TEXTS_PER_KIND) if allowed else {}
    for kind, label in Finding.Kind.choices:
        items = [
            (names[t["category_id"]], formats.date_format(t["month"], "F Y"), t["text_anonymised"])
            for t in recent.get(kind, [])
        ]
        lists.append(TextList(f"texts-{kind}", str(label).capitalize(), allowed, items))
    points_allowed = selectors.attention_point_texts_allowed(flt)
    items = []
    if points_allowed:
        items = [
            (names[t["category_id"]], formats.date_format(t["month"], "F Y"), t["text_anonymised"])
            for t in selectors.recent_attention_point_texts(flt, limit=TEXTS_PER_KIND)
        ]
    lists.append(TextList("texts-points", _("Attention points"), points_allowed, items))
    return lists


# --- Outcome indicators ----------------------------------------------------------------

OUTCOME_FIELDS = ("deceased", "registered_early", "preference_known", "died_at_preference")


def _outcome_cells(counts: dict) -> list:
    return [
        suppress(counts["deceased"]),
        _percent(suppressed_share(counts["registered_early"], counts["deceased"])),
        _percent(suppressed_share(counts["preference_known"], counts["deceased"])),
        _percent(suppressed_share(counts["died_at_preference"], counts["preference_known"])),
        _percent(suppressed_share(counts["analysed"], counts["deceased"])),
    ]


def _percent(share):
    return share if is_suppressed(share) else f"{share}%"


def outcome_table(flt: InsightFilter) -> Table:
    groups = selectors.outcome_counts_per_group(flt)
    keys = (*OUTCOME_FIELDS, "analysed")
    if flt.network is not None:
        parts = [(g["name"], {k: g[k] for k in keys}) for g in groups]
        row_header = _("MDO group")
    else:
        per_network = defaultdict(lambda: dict.fromkeys(keys, 0))
        for g in groups:
            for k in keys:
                per_network[g["network_name"]][k] += g[k]
        parts = list(per_network.items())
        row_header = _("Network")
    rows = [Row(name, _outcome_cells(counts)) for name, counts in parts]
    total_counts = {k: sum(counts[k] for _, counts in parts) for k in keys}
    # The total is shown only when every part row is shown in full (docs/insight.md).
    if any(is_suppressed(cell) for row in rows for cell in row.cells):
        total = Row(_("Total"), [SUPPRESSED] * 5)
    else:
        total = Row(_("Total"), _outcome_cells(total_counts))
    return Table(
        key="outcomes",
        caption=_("Outcome indicators over patients who died in the period"),
        row_header=row_header,
        columns=[
            _("Deceased"),
            _("On the register at least 3 months before death"),
            _("Preferred place of death known"),
            _("Died at the preferred place (of those known)"),
            _("After-death analysis done"),
        ],
        rows=rows,
        total=total,
    )


# --- Follow-up by the network ----------------------------------------------------------


def followup_table(flt: InsightFilter) -> Table:
    """Points per follow-up status. No total row: the kinds' totals are in the tables
    above, and each column hides at least two cells once it hides one."""
    counts = selectors.followup_status_counts(flt)
    kinds = [*Finding.Kind.choices, ("attention_point", _("attention point"))]
    statuses = list(FollowUp.Status.choices)
    columns = [
        suppress_column([counts.get((kind, s), 0) for s, _label in statuses]) for kind, _k in kinds
    ]
    return Table(
        key="followup",
        caption=_("Points per follow-up status (what the network did with them)"),
        row_header=_("Status"),
        columns=[str(label).capitalize() for _kind, label in kinds],
        rows=[
            Row(str(label).capitalize(), [column[i] for column in columns])
            for i, (_status, label) in enumerate(statuses)
        ],
        note=_("Counted now, over the meetings held in the period."),
    )


def insight_page(flt: InsightFilter) -> dict:
    categories = _categories()
    return {
        "patient_tables": active_patient_tables(flt),
        "meetings_table": meetings_table(flt),
        "finding_tables": finding_tables(flt, categories),
        "point_tables": attention_point_tables(flt, categories),
        "text_lists": text_lists(flt, categories),
        "outcome_table": outcome_table(flt),
        "followup_table": followup_table(flt),
    }


def csv_rows(flt: InsightFilter, page: dict):
    """Rows of (section, row, column, value): every table, then every allowed text."""
    yield (_("Section"), _("Row"), _("Column"), _("Value"))
    tables = [
        *page["patient_tables"],
        page["meetings_table"],
        *page["finding_tables"],
        *page["point_tables"],
        page["outcome_table"],
        page["followup_table"],
    ]
    for table in tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for column, cell in zip(table.columns, row.cells, strict=True):
                yield (table.caption, row.label, column, cell)
    kinds = dict(Finding.Kind.choices)
    if selectors.finding_texts_allowed(flt):
        for kind, category, starts_at, text in selectors.all_finding_texts(flt):
            yield (str(kinds[kind]).capitalize(), category, _month(starts_at), text)
    else:
        yield (_("Findings"), "", "", _("Texts not shown: fewer than 5 meetings."))
    if selectors.attention_point_texts_allowed(flt):
        for category, starts_at, text in selectors.all_attention_point_texts(flt):
            yield (_("Attention points"), category, _month(starts_at), text)
    else:
        yield (
            _("Attention points"),
            "",
            "",
            _("Texts not shown: fewer than 5 meetings or patients."),
        )


def _month(starts_at) -> str:
    from django.utils import timezone

    return timezone.localtime(starts_at).strftime("%Y-%m")
