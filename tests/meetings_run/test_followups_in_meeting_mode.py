"""Issue 15, point 4: the group sees what the network did with its points "in the next
meeting's scribe view" — a read-only panel in meeting mode, texts as anonymised."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import AttentionPoint, Category, Finding, Meeting
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory

from .conftest import run_url

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def earlier(group):
    """A closed meeting of last month with a bottleneck and an attention point, both
    answered by the network's coordinator."""
    closed = MeetingFactory(
        group=group,
        starts_at=timezone.now() - timedelta(days=30),
        status=Meeting.Status.CLOSED,
    )
    category = Category.objects.first()
    Finding.objects.create(
        meeting=closed,
        kind=Finding.Kind.BOTTLENECK,
        category=category,
        text="Huisartsenpost 's nachts slecht bereikbaar",
        followup_status="taken_up",
        followup_response="Besproken met de huisartsenpost.",
    )
    item = AgendaItemFactory(meeting=closed)
    AttentionPoint.objects.create(
        agenda_item=item,
        category=category,
        text=f"Afspraak met {item.patient.surname} over de thuiszorg",
        followup_status="done",
        followup_response="Nieuwe werkafspraak met de thuiszorg.",
    )
    meeting_texts_anonymise(closed)  # as closing does
    return closed


def test_the_scribe_of_the_next_meeting_sees_the_networks_response(signed_in, gp, meeting, earlier):
    meeting.scribe = gp  # a GP of the group, chosen as scribe
    meeting.save()
    text = visible_text(signed_in(gp).get(run_url("mode", meeting)))
    assert "Wat het netwerk met uw punten deed" in text
    assert "Besproken met de huisartsenpost." in text and "Opgepakt" in text
    assert "Nieuwe werkafspraak met de thuiszorg." in text
    patient = earlier.agenda_items.get().patient
    assert patient.surname not in text  # the attention point's text as anonymised


def test_points_of_later_meetings_and_unanswered_points_are_not_shown(
    signed_in, chair, meeting, earlier
):
    later = MeetingFactory(
        group=meeting.group,
        starts_at=meeting.starts_at + timedelta(days=30),
        status=Meeting.Status.CLOSED,
    )
    Finding.objects.create(
        meeting=later,
        kind=Finding.Kind.BOTTLENECK,
        category=Category.objects.first(),
        text="later",
        followup_status="done",
        followup_response="Antwoord op een later overleg.",
    )
    Finding.objects.filter(meeting=earlier).update(followup_status="new", followup_response="")
    text = visible_text(signed_in(chair).get(run_url("mode", meeting)))
    assert "Antwoord op een later overleg." not in text
    assert "Besproken met de huisartsenpost." not in text
    assert "Nieuwe werkafspraak met de thuiszorg." in text


def test_another_groups_responses_are_not_shown(signed_in, chair, meeting):
    other = MeetingFactory(
        starts_at=timezone.now() - timedelta(days=30), status=Meeting.Status.CLOSED
    )
    Finding.objects.create(
        meeting=other,
        kind=Finding.Kind.BOTTLENECK,
        category=Category.objects.first(),
        text="elders",
        followup_status="done",
        followup_response="Antwoord aan een andere groep.",
    )
    text = visible_text(signed_in(chair).get(run_url("mode", meeting)))
    assert "Antwoord aan een andere groep." not in text
    assert "Wat het netwerk met uw punten deed" not in text
