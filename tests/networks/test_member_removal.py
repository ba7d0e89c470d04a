"""Removing a member (or deactivating an account) ends access at once, while the
attendance lists of past meetings keep the person's name and role (issue 10, point 1)."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings import meeting_mode, reports
from meetings.models import Attendance, Meeting
from meetings.services import calendar_feed_renew
from networks.models import Membership, Role
from register.models import ConsultantGrant
from tests.factories import MDOGroupFactory, MembershipFactory, PatientFactory
from tests.helpers import sign_in
from tests.meetings_run.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(group):
    chair = MembershipFactory(group=group, role="chair", user__full_name="Anna Voorzitter")
    member = MembershipFactory(group=group, role="gp", user__full_name="Bram Huisarts")
    meeting = MeetingFactory(group=group)
    meeting_mode.attendance_set(meeting=meeting, present=[chair, member])
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    meeting.refresh_from_db()
    patient = PatientFactory(group=group)
    return chair, member, meeting, patient


def member_urls(group, meeting, patient):
    return [
        reverse("register:list", args=[group.pk]),
        reverse("register:detail", args=[group.pk, patient.pk]),
        reverse("meetings:list", args=[group.pk]),
        reverse("meeting_run:report_list", args=[group.pk]),
        reverse("meeting_run:report", args=[group.pk, meeting.pk]),
        reverse("meeting_run:attendance_csv", args=[group.pk, meeting.pk]),
        reverse("meeting_run:input", args=[group.pk, meeting.pk]),
    ]


def feed_body(token):
    return Client().get(reverse("meetings:feed", args=[token]))


def signed_in_client(user):
    client = Client()
    sign_in(client, user)
    return client


def assert_attendance_list_kept(meeting):
    rows = reports.attendance_rows(meeting)
    assert {(row["name"], row["role"]) for row in rows} == {
        ("Anna Voorzitter", str(Role.CHAIR.label)),
        ("Bram Huisarts", str(Role.GP.label)),
    }
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_chair_removes_a_member_who_attended_and_access_ends_at_once(group, setting):
    chair, member, meeting, patient = setting
    token = calendar_feed_renew(user=member.user)
    member_client = signed_in_client(member.user)
    assert member_client.get(reverse("register:list", args=[group.pk])).status_code == 200
    assert str(meeting.uid) in feed_body(token).content.decode()

    response = signed_in_client(chair.user).post(
        reverse("networks:member_remove", args=[group.pk, member.pk])
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    for url in member_urls(group, meeting, patient):
        assert member_client.get(url).status_code == 404, url
    assert str(meeting.uid) not in feed_body(token).content.decode()
    assert_attendance_list_kept(meeting)


def test_removal_unshares_the_groups_patients_with_a_consultant(group, setting):
    chair, _member, _meeting, patient = setting
    consultant = MembershipFactory(group=group, role="consultant")
    ConsultantGrant.objects.create(patient=patient, consultant=consultant.user)
    elsewhere = PatientFactory()
    ConsultantGrant.objects.create(patient=elsewhere, consultant=consultant.user)

    signed_in_client(chair.user).post(
        reverse("networks:member_remove", args=[group.pk, consultant.pk])
    )

    assert list(ConsultantGrant.objects.values_list("patient_id", flat=True)) == [elsewhere.pk]


def test_deactivating_an_account_ends_access_in_every_group(group, setting):
    _chair, member, meeting, patient = setting
    other = MembershipFactory(user=member.user, group=MDOGroupFactory(), role="nurse")
    token = calendar_feed_renew(user=member.user)
    member_client = signed_in_client(member.user)

    user = member.user
    user.is_active = False
    user.save()

    assert not Membership.objects.filter(pk__in=[member.pk, other.pk]).exists()
    assert feed_body(token).status_code == 404
    user.is_active = True  # even reactivated, the old session and feed stay dead
    user.save()
    for url in member_urls(group, meeting, patient):
        response = member_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    assert feed_body(token).status_code == 404
    assert_attendance_list_kept(meeting)


@pytest.mark.postgres
def test_on_postgresql_removal_keeps_the_check_constraint_satisfied(group, setting):
    chair, member, meeting, _patient = setting
    from networks.services import membership_remove

    membership_remove(membership=member, removed_by=chair.user)

    row = Attendance.objects.get(meeting=meeting, member_name="Bram Huisarts")
    assert row.membership_id is None
    assert row.member_role == Role.GP
    assert not row.is_guest
