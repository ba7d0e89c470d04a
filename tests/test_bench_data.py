"""The set-based data generator of `make bench-insight` keeps up with the schema.

Its raw INSERTs name every column; a new NOT NULL column without a database default used
to break the benchmark unnoticed until someone ran it. This runs it at a tiny scale.
"""

import pytest
from django.db import connection

from bench.insight_data import COUNTED_TABLES, generate, sizes
from insight.services import tallies_refresh
from meetings.models import AttentionPoint, Finding, Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SCALE = 0.001


def test_insight_data_generator_fills_every_table_at_a_tiny_scale():
    with connection.cursor() as cursor:
        counts = generate(cursor, SCALE)

    size = sizes(SCALE)
    assert set(counts) == set(COUNTED_TABLES)
    assert all(counts[key] > 0 for key in COUNTED_TABLES), counts
    assert counts["groups"] == size["groups"]
    assert counts["patients"] == size["patients"]
    assert counts["findings"] == size["findings"]
    # What insight reads: held meetings and the anonymised texts.
    assert not Meeting.objects.filter(closed_at__isnull=True).exists()
    assert not Finding.objects.filter(text_anonymised="").exists()
    assert not AttentionPoint.objects.filter(text_anonymised="").exists()
    assert tallies_refresh() > 0
