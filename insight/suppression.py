"""Small-count suppression: the one place that decides what a count looks like.

Every count on an insight page, in its charts and in its CSV passes through here. Rules
(docs/insight.md):

- a count below 5, zero included, is shown as "< 5";
- a total is shown only when every part it is the sum of is shown; otherwise the
  total minus the visible parts would give the hidden part away;
- a share is shown only when its numerator, its denominator and their difference are
  all 5 or more (numerator and difference can be worked out from share and denominator);
- a count is not shown when it minus the same count of a selection nested in it (a shorter
  period, one target group instead of all, one network instead of the whole country)
  would be 1 to 4 (`differencing_hides`): of two overlapping filters, the larger one
  then hides the count, so subtracting the two never gives a count below 5 back.
"""

from collections import defaultdict
from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED_TEXT = "< 5"


@dataclass(frozen=True)
class Suppressed:
    """A count that is not shown."""

    def __str__(self):
        return SUPPRESSED_TEXT


SUPPRESSED = Suppressed()


@dataclass(frozen=True)
class HiddenTotal(Suppressed):
    """A total not shown because it would give a hidden count back (not because it is
    small: the page says so next to the table)."""

    def __str__(self):
        return HIDDEN_TOTAL_TEXT


HIDDEN_TOTAL_TEXT = "*"
HIDDEN_TOTAL = HiddenTotal()


@dataclass(frozen=True)
class HiddenDifference(Suppressed):
    """A count of 5 or more not shown because, minus the same count of a nested
    selection, it would give a count below 5 back (the page says so next to the table)."""

    def __str__(self):
        return HIDDEN_DIFFERENCE_TEXT


HIDDEN_DIFFERENCE_TEXT = "**"
HIDDEN_DIFFERENCE = HiddenDifference()


def suppress(count: int) -> int | Suppressed:
    return count if count >= THRESHOLD else SUPPRESSED


def suppressed_total(*part_lists) -> int | Suppressed:
    """The total of the first list of raw counts, or HIDDEN_TOTAL when it would give a
    hidden part back.

    Total minus the visible parts is the sum of the hidden parts. That is safe when it
    covers at least two hidden parts and is itself 5 or more; a single hidden part, or
    hidden parts adding up to less than 5, hide the total. Pass every breakdown the same
    total appears under (e.g. by prognosis and by urgency): each must be safe.
    """
    for parts in part_lists:
        hidden = [part for part in parts if part < THRESHOLD]
        if hidden and (len(hidden) < 2 or sum(hidden) < THRESHOLD):
            return HIDDEN_TOTAL
    return suppress(sum(part_lists[0]) if part_lists else 0)


def suppressed_share(numerator: int, denominator: int) -> float | Suppressed:
    """A percentage rounded to whole numbers, or hidden."""
    if min(numerator, denominator, denominator - numerator) < THRESHOLD:
        return SUPPRESSED
    return round(100 * numerator / denominator)


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def suppress_column(counts: list[int]) -> list:
    """Cells of one breakdown whose total may be known elsewhere on the page: besides
    every count below 5, a second cell is hidden when only one is, so that the total
    minus the visible cells never gives a single hidden count back."""
    cells = [suppress(count) for count in counts]
    hidden = [i for i, cell in enumerate(cells) if is_suppressed(cell)]
    visible = [i for i, cell in enumerate(cells) if not is_suppressed(cell)]
    if len(hidden) == 1 and visible:
        cells[min(visible, key=lambda i: counts[i])] = SUPPRESSED
    return cells


def _small_difference(total: int, month_counts: list[int]) -> bool:
    """Whether `total` minus the count of some run of consecutive months of a nested
    selection (its per-month counts, months without any left out) is 1 to 4.

    Leaving out leading and trailing months only adds to the difference, so only the
    few leading and trailing months that keep it below 5 need trying."""
    base = total - sum(month_counts)
    n = len(month_counts)
    prefix = 0
    for leading in range(n + 1):
        prefix += month_counts[leading - 1] if leading else 0
        if base + prefix >= THRESHOLD:
            return False
        suffix = 0
        for trailing in range(n - leading + 1):
            suffix += month_counts[n - trailing] if trailing else 0
            difference = base + prefix + suffix
            if difference >= THRESHOLD:
                break
            if difference > 0:
                return True
    return False


def differencing_hides(atoms, *, networks_vary: bool, target_groups_vary: bool) -> bool:
    """Whether the sum of `atoms` must be hidden so that no choosable nested selection
    can be subtracted from it to give a count of 1 to 4.

    `atoms`: (month, network id, target group id, count) of everything the count sums.
    Nested selections: every run of consecutive months of the period, times the same or
    one network (when the page is national, `networks_vary`), times the same or one
    target group (when the page shows all target groups, `target_groups_vary`)."""
    total = sum(atom[3] for atom in atoms)
    if total < THRESHOLD:
        return False  # shown as "< 5" anyway

    # Totals of the nested selections first: only one within 4 of the total can give a
    # difference of 1 to 4, and only its months are looked at (few, on a national page).
    by_month, by_network, by_group, by_both = (defaultdict(int) for _ in range(4))
    for month, network, group, count in atoms:
        by_month[month] += count
        if networks_vary:
            by_network[network] += count
        if target_groups_vary:
            by_group[group] += count
        if networks_vary and target_groups_vary:
            by_both[(network, group)] += count
    close = [
        (position, key)
        for position, totals in ((1, by_network), (2, by_group), (3, by_both))
        for key, count in totals.items()
        if total - count < THRESHOLD
    ]
    series = [by_month]
    for position, key in close:
        months = defaultdict(int)
        for atom in atoms:
            if (atom[1], atom[2], (atom[1], atom[2]))[position - 1] == key:
                months[atom[0]] += atom[3]
        series.append(months)
    return any(
        _small_difference(total, [months[m] for m in sorted(months) if months[m]])
        for months in series
    )


def suppress_nested(atoms, **varying) -> int | Suppressed:
    """A count as shown: "< 5" below 5, HIDDEN_DIFFERENCE when `differencing_hides`."""
    count = sum(atom[3] for atom in atoms)
    if count >= THRESHOLD and differencing_hides(atoms, **varying):
        return HIDDEN_DIFFERENCE
    return suppress(count)


def suppressed_total_nested(atoms, breakdowns, **varying) -> int | Suppressed:
    """A total as shown, given each breakdown it is the total of as (cells shown, raw
    counts): hidden when the hidden cells of a breakdown are one, or add up to less
    than 5 (total minus the visible cells would give them back), else as any count
    (`suppress_nested`)."""
    for cells, counts in breakdowns:
        hidden = [count for cell, count in zip(cells, counts, strict=True) if is_suppressed(cell)]
        if hidden and (len(hidden) < 2 or sum(hidden) < THRESHOLD):
            return HIDDEN_TOTAL
    return suppress_nested(atoms, **varying)
