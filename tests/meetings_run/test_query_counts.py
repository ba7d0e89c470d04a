"""Meeting mode pages cost the same number of queries whatever the agenda's length."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Agreement, PreMeetingInput
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory


def _add(meeting, chair, count):
    for _ in range(count):
        item = AgendaItemFactory(meeting=meeting)
        Agreement.objects.create(agenda_item=item, what="Bellen", who="Huisarts")
        PreMeetingInput.objects.create(agenda_item=item, author=chair, text="Inbreng")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_overview_queries_do_not_grow_with_the_agenda(signed_in, chair, meeting):
    client = signed_in(chair)
    _add(meeting, chair, 3)
    client.get(run_url("mode", meeting))  # warm up: the site menu is cached after its first build
    few = _queries(client, run_url("mode", meeting))
    _add(meeting, chair, 12)
    assert _queries(client, run_url("mode", meeting)) == few
    assert few <= 30


def test_report_page_is_a_fixed_number_of_queries(signed_in, chair, meeting):
    from meetings.models import Report

    Report.objects.create(
        meeting=meeting,
        content={
            "group": "G",
            "starts_at": "2030-01-01T16:00:00+01:00",
            "ends_at": "2030-01-01T17:00:00+01:00",
            "location": "",
            "participants": [],
            "patients": [],
            "findings": {},
        },
    )
    client = signed_in(chair)
    assert _queries(client, run_url("report", meeting)) <= 15
