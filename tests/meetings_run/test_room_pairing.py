"""Room display pairing: a projector PC sees one meeting's room view and nothing else."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from meetings.models import Meeting, RoomDisplaySession
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory
from tests.meetings_run.test_room import room_url


@pytest.fixture
def agenda(meeting):
    return [AgendaItemFactory(meeting=meeting) for _ in range(2)]


def _code(client, meeting) -> str:
    response = client.post(room_url("displays", meeting))
    assert response.status_code == 200
    match = re.search(r'class="pairing-code"[^>]*>([A-Z0-9-]+)<', response.content.decode())
    return match.group(1)


def _pair(code) -> tuple[Client, object]:
    projector = Client()
    return projector, projector.post(reverse("meeting_room:pair"), {"code": code})


@pytest.fixture
def paired(signed_in, chair, meeting, agenda):
    code = _code(signed_in(chair), meeting)
    projector, response = _pair(code)
    assert response.status_code == 302
    assert response["Location"] == room_url("room", meeting)
    return projector, code


def test_paired_display_sees_the_room_without_names(paired, meeting, agenda):
    projector, code = paired
    response = projector.get(room_url("room", meeting))
    assert response.status_code == 200
    assert code not in response.content.decode()
    for item in agenda:
        assert item.patient.surname not in response.content.decode()
    assert projector.get(room_url("poll", meeting), {"v": 0}).status_code == 200


def test_pairing_and_use_are_in_the_access_log(paired, meeting, chair):
    projector, _code_ = paired
    projector.get(room_url("room", meeting))
    events = list(AuditEvent.objects.order_by("pk"))
    actions = [(e.action, e.role) for e in events[-3:]]
    assert actions == [
        ("room_display_pair", "chair"),
        ("room_display_pair", "room_display"),
        ("list", "room_display"),
    ]
    assert events[-1].user_id == chair.user_id


def test_code_and_meeting_are_not_in_the_pairing_url(paired, meeting):
    pair_url = reverse("meeting_room:pair")
    assert str(meeting.pk) not in pair_url and "code" not in pair_url


def test_reused_code_is_refused(paired):
    _projector, code = paired
    _second, response = _pair(code)
    assert response.status_code == 400
    assert "niet (meer) geldig" in response.content.decode()


def test_wrong_code_is_refused(db):
    _projector, response = _pair("AAAA-BBBB")
    assert response.status_code == 400


def test_expired_code_is_refused(signed_in, chair, meeting, agenda):
    code = _code(signed_in(chair), meeting)
    RoomDisplaySession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _pair(code)[1].status_code == 400


def test_pairing_expires_after_four_hours(paired, meeting):
    projector, _code_ = paired
    display = RoomDisplaySession.objects.get()
    assert display.expires_at - display.created_at <= timedelta(hours=4, seconds=1)
    RoomDisplaySession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert projector.get(room_url("room", meeting)).status_code == 404
    assert projector.get(room_url("poll", meeting)).status_code == 404


def test_pairing_ends_when_the_meeting_closes(paired, meeting):
    projector, _code_ = paired
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    assert projector.get(room_url("room", meeting)).status_code == 404


def test_revoked_display_is_refused(paired, signed_in, chair, meeting):
    projector, _code_ = paired
    display = RoomDisplaySession.objects.get()
    response = signed_in(chair).post(room_url("revoke", meeting, display.pk))
    assert response.status_code == 302
    assert projector.get(room_url("room", meeting)).status_code == 404
    assert AuditEvent.objects.order_by("-pk").first().action == "room_display_revoke"


def test_revoked_code_cannot_be_claimed(signed_in, chair, meeting, agenda):
    client = signed_in(chair)
    code = _code(client, meeting)
    client.post(room_url("revoke", meeting, RoomDisplaySession.objects.get().pk))
    assert _pair(code)[1].status_code == 400


def test_another_meeting_is_refused(paired, meeting):
    projector, _code_ = paired
    other = MeetingFactory(group=meeting.group)
    AgendaItemFactory(meeting=other)
    for name in ("room", "poll"):
        url = reverse(f"meeting_room:{name}", args=[meeting.group_id, other.pk])
        assert projector.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["mode", "item", "advice_save", "report", "input", "close"],
)
def test_every_other_url_is_refused(paired, meeting, agenda, name):
    projector, _code_ = paired
    args = [meeting.group_id, meeting.pk]
    if name in ("item", "advice_save"):
        args.append(agenda[0].pk)
    url = reverse(f"meeting_run:{name}", args=args)
    assert projector.get(url).status_code == 404
    assert projector.post(url, {"advice": "x", "version": 1}).status_code == 404


@pytest.mark.parametrize("url_name", ["networks:dashboard", "accounts:login", "accounts:account"])
def test_portal_and_sign_in_are_refused(paired, url_name):
    projector, _code_ = paired
    assert projector.get(reverse(url_name)).status_code == 404


def test_public_pages_and_scribe_actions_are_refused(paired, meeting, agenda):
    projector, _code_ = paired
    assert projector.get("/").status_code == 404
    assert projector.post(room_url("current", meeting), {"item": agenda[1].pk}).status_code == 404
    assert projector.post(room_url("displays", meeting)).status_code == 404
    assert projector.post(room_url("start", meeting)).status_code == 404


def test_members_who_do_not_run_the_meeting_cannot_make_codes(signed_in, gp, meeting):
    assert signed_in(gp).post(room_url("displays", meeting)).status_code == 404
    assert not RoomDisplaySession.objects.exists()


def test_unpairing_ends_the_display(paired, meeting):
    projector, _code_ = paired
    projector.post(reverse("meeting_room:unpair"))
    response = projector.get(room_url("room", meeting))
    assert response.status_code == 302  # an ordinary anonymous visitor: sign in first


def test_only_the_hash_of_the_code_is_stored(paired):
    _projector, code = paired
    display = RoomDisplaySession.objects.get()
    assert code.replace("-", "") not in display.code_hash


def test_pairing_claims_are_rate_limited_per_address(signed_in, chair, meeting, agenda, settings):
    settings.ROOM_PAIRING_RATE_LIMIT = 3
    code = _code(signed_in(chair), meeting)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("meeting_room:pair")
    statuses = [guesser.post(url, {"code": f"AAAA-BBB{n}"}).status_code for n in range(3)]
    assert statuses == [400, 400, 400]
    refused = guesser.post(url, {"code": code})  # even the right code, once over the limit
    assert refused.status_code == 429
    assert "Te veel verzoeken" in refused.content.decode()
    assert RoomDisplaySession.objects.get().paired_at is None
    # Another address is not held back by this one's attempts.
    projector = Client(REMOTE_ADDR="198.51.100.8")
    assert projector.post(url, {"code": code}).status_code == 302
