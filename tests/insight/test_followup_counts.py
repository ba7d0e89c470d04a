"""Insight counts the points by follow-up status (issue 15, point 2), with the same
suppression: no single hidden count can be worked out from a total shown elsewhere."""

import pytest

from insight.filters import InsightFilterForm
from insight.suppression import SUPPRESSED, suppress_column
from insight.tables import followup_table
from meetings.models import Finding

pytestmark = pytest.mark.django_db


def test_a_column_with_one_hidden_cell_hides_a_second():
    assert suppress_column([12, 3, 7, 9]) == [12, SUPPRESSED, SUPPRESSED, 9]
    assert suppress_column([12, 6, 7, 9]) == [12, 6, 7, 9]
    assert suppress_column([1, 2, 7, 9]) == [SUPPRESSED, SUPPRESSED, 7, 9]
    assert suppress_column([0, 0, 0, 0]) == [SUPPRESSED] * 4


def test_followup_table_counts_by_status(populated):
    network = populated["network"]
    education = Finding.objects.filter(kind="education_need")
    taken_up = list(education[:7])
    Finding.objects.filter(pk__in=[f.pk for f in taken_up]).update(followup_status="taken_up")
    table = followup_table(InsightFilterForm({}).insight_filter(network))
    labels = [row.label for row in table.rows]
    assert labels == ["Nieuw", "Opgepakt", "Besproken in netwerk", "Afgerond"]
    education_column = table.columns.index("Onderwijsbehoefte")
    cells = [row.cells[education_column] for row in table.rows]
    # 12 education needs: 5 new, 7 taken up, none further: the zeros are hidden.
    assert cells == [5, 7, SUPPRESSED, SUPPRESSED]


@pytest.mark.parametrize(
    "period, months", [("quarter", 3), ("half_year", 6), ("year", 12), ("all", 120)]
)
def test_period_presets_end_with_this_month(period, months):
    import datetime as dt

    from django.utils import timezone

    flt = InsightFilterForm({"period": period, "start": "2020-01"}).insight_filter(None)
    this_month = timezone.localdate().replace(day=1)
    assert flt.end_month == this_month
    assert len(flt.months()) == months
    assert flt.start <= this_month - dt.timedelta(days=28 * (months - 1))


def test_period_filter_changes_what_is_counted(coordinator_client, populated):
    from django.urls import reverse

    network = populated["network"]
    url = reverse("insight:network", args=[network.pk])
    # All held meetings are 5–16 days ago: a period of last year's months has none.
    html = coordinator_client.get(url, {"start": "2020-01", "end": "2020-12"}).content.decode()
    assert "januari 2020" in html
    html_quarter = coordinator_client.get(url, {"period": "quarter"}).content.decode()
    assert "januari 2020" not in html_quarter
    assert "<td>12</td>" in html_quarter  # 12 meetings held show up in the quarter
