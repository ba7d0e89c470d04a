"""Issue 15, point 5: no differencing across two filters. Two overlapping selections (a
period and the same period plus one month; one target group and all of them; one network
and the whole country) never show the same count with a difference of 1 to 4: the larger
selection hides it ("**", explained on the page)."""

import datetime as dt

import pytest
from django.urls import reverse

from insight.filters import Granularity, InsightFilter
from insight.models import Tally
from insight.suppression import (
    HIDDEN_DIFFERENCE,
    HIDDEN_TOTAL,
    differencing_hides,
    is_suppressed,
    suppressed_total_nested,
)
from insight.tables import insight_page
from meetings.models import Category
from tests.factories import NetworkFactory, target_group

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)
TALLY = {"source": Tally.Source.FINDING, "kind": "bottleneck"}


def shown_counts(flt: InsightFilter) -> dict[tuple, object]:
    """(table, row, column) → cell of the findings and attention points tables."""
    page = insight_page(flt)
    cells = {}
    for table in [*page["finding_tables"], *page["point_tables"]]:
        for row in [*table.rows, table.total]:
            for column, cell in zip(table.columns, row.cells, strict=True):
                cells[(table.key, str(row.label), column)] = cell
    return cells


def assert_no_small_difference(first: dict, second: dict):
    compared = 0
    for key in first.keys() & second.keys():
        a, b = first[key], second[key]
        if not is_suppressed(a) and not is_suppressed(b):
            compared += 1
            assert not 0 < abs(a - b) < 5, (key, a, b)
    assert compared, "nothing shown in both selections: the test proves nothing"


def selection(network, *, start=JAN, end=FEB, group=None, granularity=Granularity.MONTH):
    return InsightFilter(
        network=network, target_group=group, start=start, end_month=end, granularity=granularity
    )


@pytest.fixture
def category(db):
    return Category.objects.order_by("sort_order", "name").first()


def tally(network, category, month, count, group=None, **fields):
    return Tally.objects.create(
        network=network,
        category=category,
        month=month,
        target_group=group or target_group(),
        count=count,
        **{**TALLY, **fields},
    )


@pytest.mark.django_db
def test_a_period_and_the_same_period_plus_one_month(category):
    network = NetworkFactory()
    tally(network, category, JAN, 10)
    tally(network, category, FEB, 3)  # the count the two periods must not give away
    tally(network, category, JAN, 12, source=Tally.Source.ATTENTION_POINT, kind="")
    january = shown_counts(selection(network, end=JAN))
    both = shown_counts(selection(network, end=FEB))
    assert january[("findings-category", category.name, "knelpunt")] == 10
    assert both[("findings-category", category.name, "knelpunt")] is HIDDEN_DIFFERENCE
    assert_no_small_difference(january, both)


@pytest.mark.django_db
def test_one_target_group_and_all_target_groups(category):
    network = NetworkFactory()
    palliative, frail = target_group(), target_group("Kwetsbare ouderen")
    tally(network, category, JAN, 6, palliative)
    tally(network, category, JAN, 2, frail)
    tally(network, category, FEB, 9, palliative)
    tally(network, category, FEB, 7, frail)
    one = shown_counts(selection(network, group=palliative))
    every = shown_counts(selection(network))
    assert one[("findings-time", "januari 2025", "knelpunt")] == 6
    assert every[("findings-time", "januari 2025", "knelpunt")] is HIDDEN_DIFFERENCE
    assert every[("findings-time", "februari 2025", "knelpunt")] == 16  # 9 and 7: safe
    assert_no_small_difference(one, every)


@pytest.mark.django_db
def test_one_network_and_the_whole_country(category):
    own, other = NetworkFactory(), NetworkFactory()
    tally(own, category, JAN, 8)
    tally(other, category, JAN, 4)
    tally(own, category, FEB, 5)
    tally(other, category, FEB, 6)
    network_page = shown_counts(selection(own))
    national = shown_counts(selection(None))
    assert network_page[("findings-time", "januari 2025", "knelpunt")] == 8
    assert national[("findings-time", "januari 2025", "knelpunt")] is HIDDEN_DIFFERENCE
    assert national[("findings-time", "februari 2025", "knelpunt")] == 11
    assert_no_small_difference(network_page, national)


@pytest.mark.django_db
def test_a_partial_quarter_and_the_whole_quarter(category):
    network = NetworkFactory()
    for month, count in ((JAN, 2), (FEB, 7), (MAR, 6)):
        tally(network, category, month, count)
    # education needs only in February and March: the same in both selections
    tally(network, category, FEB, 8, kind="education_need")
    tally(network, category, MAR, 9, kind="education_need")
    whole = shown_counts(selection(network, end=MAR, granularity=Granularity.QUARTER))
    part = shown_counts(selection(network, start=FEB, end=MAR, granularity=Granularity.QUARTER))
    assert part[("findings-category", category.name, "knelpunt")] == 13
    assert whole[("findings-category", category.name, "knelpunt")] is HIDDEN_DIFFERENCE
    assert_no_small_difference(part, whole)


def test_the_rule_tries_every_nested_run_of_months():
    atoms = [(JAN, 1, 1, 10), (FEB, 1, 1, 6), (MAR, 1, 1, 2)]
    varying = {"networks_vary": False, "target_groups_vary": False}
    assert differencing_hides(atoms, **varying)  # 18 - 16 (January and February) = 2
    assert not differencing_hides(atoms[:2], **varying)  # 16 - 10, 16 - 6: both 5 or more
    # a middle month can not be left out on its own: January to March needs February
    assert not differencing_hides([(JAN, 1, 1, 6), (FEB, 1, 1, 2), (MAR, 1, 1, 6)], **varying)
    # below 5 it is "< 5" anyway
    assert not differencing_hides([(JAN, 1, 1, 3)], **varying)


def test_a_total_hides_when_a_single_cell_hides_for_differencing():
    atoms = [(JAN, 1, 1, 20)]
    cells, counts = [HIDDEN_DIFFERENCE, 12], [8, 12]
    total = suppressed_total_nested(
        atoms, [(cells, counts)], networks_vary=False, target_groups_vary=False
    )
    assert total is HIDDEN_TOTAL


@pytest.mark.django_db
def test_the_page_explains_the_hidden_counts(client, category):
    from tests.factories import UserFactory
    from tests.helpers import sign_in

    network = NetworkFactory()
    tally(network, category, JAN, 10)
    tally(network, category, FEB, 3)
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    url = reverse("insight:network", args=[network.pk])
    page = client.get(url, {"start": "2025-01", "end": "2025-02"}).content.decode()
    assert ">**</td>" in page
    assert "kortere periode" in page
