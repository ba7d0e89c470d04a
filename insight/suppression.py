"""Small-count suppression: the one place that decides what a count looks like.

Every count on an insight page, in its charts and in its CSV passes through here. Rules
(docs/insight.md):

- a count below 5, zero included, is shown as "< 5";
- a total is shown only when every part it is the sum of is shown; otherwise the
  total minus the visible parts would give the hidden part away;
- a share is shown only when its numerator, its denominator and their difference are
  all 5 or more (numerator and difference can be worked out from share and denominator).
"""

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
