"""Meetings rows written directly: insight only reads them."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import AgendaItem, AttentionPoint, Category, Finding, Meeting
from networks.models import Network
from tests.factories import MDOGroupFactory, NetworkFactory, PatientFactory, UserFactory
from tests.helpers import sign_in

NOW = timezone.now()


def held_meeting(group, *, days_ago=10):
    starts = NOW - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), status="closed"
    )


def discuss(meeting, patient, *, point="Afstemming met de thuiszorg verliep traag"):
    item = AgendaItem.objects.create(meeting=meeting, patient=patient, discussed=True)
    if point:
        AttentionPoint.objects.create(
            agenda_item=item, category=Category.objects.first(), text=point
        )
    meeting_texts_anonymise(meeting)  # as closing does
    return item


def finding(meeting, text="Bereikbaarheid huisartsenpost 's nachts", kind="bottleneck"):
    created = Finding.objects.create(
        meeting=meeting, kind=kind, category=Category.objects.first(), text=text
    )
    meeting_texts_anonymise(meeting)  # as closing does
    created.refresh_from_db()
    return created


@pytest.fixture
def network(db):
    return NetworkFactory()


@pytest.fixture
def coordinator(network):
    user = UserFactory(with_authenticator=True)
    network.coordinators.add(user)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    sign_in(client, coordinator)
    return client


@pytest.fixture
def populated(network):
    """Two groups with 12 patients each, 6 held meetings each discussing 2 patients."""
    groups = [MDOGroupFactory(network=network) for _ in range(2)]
    patients = []
    for group in groups:
        group_patients = PatientFactory.create_batch(12, group=group)
        patients += group_patients
        for index in range(6):
            meeting = held_meeting(group, days_ago=5 + index)
            for patient in group_patients[2 * index : 2 * index + 2]:
                discuss(meeting, patient)
            finding(meeting)
            finding(meeting, "Scholing over palliatieve sedatie gewenst", "education_need")
    return {"network": network, "groups": groups, "patients": patients}


def refresh():
    from insight.services import tallies_refresh

    tallies_refresh()


__all__ = ["Network", "discuss", "finding", "held_meeting", "refresh"]
