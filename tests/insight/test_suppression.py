from config.spreadsheets import safe_cell
from insight.suppression import (
    HIDDEN_TOTAL,
    SUPPRESSED,
    suppress,
    suppressed_share,
    suppressed_total,
)


def test_counts_below_five_zero_included_are_suppressed():
    assert [str(suppress(n)) for n in (0, 1, 4, 5, 12)] == ["< 5", "< 5", "< 5", "5", "12"]


def test_a_total_is_hidden_when_it_would_give_a_hidden_part_away():
    assert suppressed_total([10, 12]) == 22
    # total minus the visible part would give the hidden 3 away
    assert suppressed_total([10, 3]) is HIDDEN_TOTAL
    # the same total under a second breakdown: a hidden part there hides it too
    assert suppressed_total([10, 12], [20, 2]) is HIDDEN_TOTAL
    # two hidden parts adding up to less than 5: their sum would be a small count
    assert suppressed_total([10, 1, 2]) is HIDDEN_TOTAL


def test_totaal_is_shown_when_the_hidden_parts_together_are_five_or_more():
    """Issue 15: "Totaal < 5" next to a row of 6 read as if the total were small."""
    # 6 + 2 + 3: minus the visible 6 leaves 5, spread over two hidden cells
    assert suppressed_total([6, 2, 3]) == 11
    assert str(suppressed_total([6, 2])) == "*"  # hidden, and not as if it were < 5
    assert str(suppressed_total([6, 2])) != str(SUPPRESSED)


def test_a_share_needs_numerator_denominator_and_rest_of_at_least_five():
    assert suppressed_share(5, 10) == 50
    assert suppressed_share(4, 10) is SUPPRESSED
    assert suppressed_share(7, 10) is SUPPRESSED  # 3 did not: derivable from the share
    assert suppressed_share(3, 3) is SUPPRESSED


def test_formula_prefixes_are_neutralised():
    for payload in ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(payload).startswith("'")
    assert safe_cell("Scholing") == "Scholing"
    assert safe_cell("< 5") == "< 5"
