from io import StringIO

from django.core.management import call_command

from meetings.models import Meeting, Report
from networks.models import MDOGroup


def test_demo_data_has_past_meetings_with_reports_per_group(db):
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())  # idempotent
    for group in MDOGroup.objects.all():
        closed = Meeting.objects.filter(group=group, status="closed")
        assert closed.count() == 2
        report = Report.objects.get(meeting=closed.first())
        assert report.content["patients"] and report.content["findings"]["bottleneck"]
