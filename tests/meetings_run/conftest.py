import pytest
from django.urls import reverse

from tests.factories import MDOGroupFactory, MembershipFactory
from tests.helpers import sign_in
from tests.meetings_run.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def group(db):
    return MDOGroupFactory(name="PaTz De Esch")


@pytest.fixture
def chair(group):
    return MembershipFactory(group=group, role="chair", user__full_name="Anna Voorzitter")


@pytest.fixture
def gp(group):
    return MembershipFactory(group=group, role="gp", user__full_name="Bram Huisarts")


@pytest.fixture
def meeting(group):
    return MeetingFactory(group=group)


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting)


@pytest.fixture
def signed_in(client):
    def _sign_in(membership):
        sign_in(client, membership.user)
        return client

    return _sign_in


def run_url(name, meeting, *args):
    return reverse(f"meeting_run:{name}", args=[meeting.group_id, meeting.pk, *args])
