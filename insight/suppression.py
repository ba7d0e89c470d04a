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


def suppress(count: int) -> int | Suppressed:
    return count if count >= THRESHOLD else SUPPRESSED


def suppressed_total(*part_lists) -> int | Suppressed:
    """The total of the first list of raw counts, hidden when any part of any list is hidden.

    Pass every breakdown the same total appears under (e.g. by prognosis and by urgency):
    a hidden part in any of them hides the total everywhere.
    """
    if any(part < THRESHOLD for parts in part_lists for part in parts):
        return SUPPRESSED
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
