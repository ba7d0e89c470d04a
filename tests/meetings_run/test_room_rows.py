"""New rows exist from the first keystroke and are never created twice; beacons count."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Agreement, AttentionPoint, Finding, Meeting
from tests.helpers import sign_in
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory


def row_url(meeting, kind, item=None):
    if item is None:
        return reverse("meeting_room:row", args=[meeting.group_id, meeting.pk, kind])
    return reverse("meeting_room:item_row", args=[meeting.group_id, meeting.pk, item.pk, kind])


def test_agreement_exists_after_the_first_keystroke(signed_in, chair, meeting, item):
    client = signed_in(chair)
    key = str(uuid.uuid4())
    first = client.post(row_url(meeting, "afspraak", item), {"row_key": key, "new-what": "B"})
    assert first.status_code == 201
    agreement = Agreement.objects.get(agenda_item=item)
    assert (agreement.what, agreement.owner_membership) == ("B", None)
    again = {"row_key": key, "new-what": "Bellen", "new-owner": f"m:{chair.pk}"}
    assert client.post(row_url(meeting, "afspraak", item), again).status_code == 200
    assert client.post(row_url(meeting, "afspraak", item), again).status_code == 200  # replay
    agreement = Agreement.objects.get(agenda_item=item)
    assert (agreement.what, agreement.owner_membership, agreement.status) == (
        "Bellen",
        chair,
        "open",
    )


def test_attention_point_and_finding_rows(signed_in, chair, meeting, item):
    client = signed_in(chair)
    key = str(uuid.uuid4())
    client.post(row_url(meeting, "aandachtspunt", item), {"row_key": key, "text": "Wacht"})
    client.post(row_url(meeting, "aandachtspunt", item), {"row_key": key, "text": "Wachtlijst"})
    assert list(AttentionPoint.objects.values_list("text", flat=True)) == ["Wachtlijst"]
    key = str(uuid.uuid4())
    client.post(row_url(meeting, "bevinding"), {"row_key": key, "text": "Geen"})
    client.post(row_url(meeting, "bevinding"), {"row_key": key, "text": "Geen bedden"})
    assert list(Finding.objects.values_list("text", flat=True)) == ["Geen bedden"]


def test_a_key_is_bound_to_its_meeting_and_kind(signed_in, chair, meeting, item):
    client = signed_in(chair)
    key = str(uuid.uuid4())
    client.post(row_url(meeting, "afspraak", item), {"row_key": key, "new-what": "x"})
    response = client.post(row_url(meeting, "aandachtspunt", item), {"row_key": key, "text": "y"})
    assert response.status_code == 400
    assert not AttentionPoint.objects.exists()


def test_rows_are_refused_for_others_and_for_a_closed_meeting(signed_in, gp, chair, meeting, item):
    data = {"row_key": str(uuid.uuid4()), "new-what": "x"}
    assert signed_in(gp).post(row_url(meeting, "afspraak", item), data).status_code == 404
    stranger = AgendaItemFactory()
    client = signed_in(chair)
    url = reverse(
        "meeting_room:item_row", args=[meeting.group_id, meeting.pk, stranger.pk, "afspraak"]
    )
    assert client.post(url, data).status_code == 404
    assert client.post(row_url(meeting, "onzin", item), data).status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    assert client.post(row_url(meeting, "afspraak", item), data).status_code == 400
    assert not Agreement.objects.exists()


@pytest.fixture
def strict_client(chair):
    """Like a browser: CSRF is checked."""
    client = Client()
    sign_in(client, chair.user)
    client.handler.enforce_csrf_checks = True
    return client


def _token(client, meeting, item):
    page = client.get(run_url("item", meeting, item.pk)).content.decode()
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_a_beacon_with_the_token_in_its_body_is_saved(strict_client, meeting, item):
    token = _token(strict_client, meeting, item)
    body = f"csrfmiddlewaretoken={token}&advice=Laatste+woorden&version=1"
    response = strict_client.post(
        run_url("advice_save", meeting, item.pk),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.advice == "Laatste woorden"
    row = f"csrfmiddlewaretoken={token}&row_key={uuid.uuid4()}&new-what=Bellen"
    response = strict_client.post(
        row_url(meeting, "afspraak", item), row, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201


def test_without_the_token_nothing_is_saved(strict_client, meeting, item):
    response = strict_client.post(
        row_url(meeting, "afspraak", item),
        f"row_key={uuid.uuid4()}&new-what=Bellen",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_new_rows_move_the_room(signed_in, chair, meeting, item):
    client = signed_in(chair)
    before = Meeting.objects.get(pk=meeting.pk).room_version
    client.post(row_url(meeting, "afspraak", item), {"row_key": str(uuid.uuid4()), "new-what": "x"})
    assert Meeting.objects.get(pk=meeting.pk).room_version > before
