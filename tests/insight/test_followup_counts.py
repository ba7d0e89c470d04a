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
