"""Reading the log in the Wagtail admin: superusers only, and each look is logged."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import chain_first_break
from audit.services import audit_record
from tests.audit.conftest import make_request
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.helpers import LOGIN_URL, sign_in

pytestmark = pytest.mark.django_db

URL = reverse("audit:event_list")


@pytest.fixture
def accesses():
    """A GP who looked at patients 7 and 8, and a nurse who looked at patient 7."""
    gp, nurse = MembershipFactory(role="gp"), MembershipFactory(role="nurse")
    for membership, patient_id in [(gp, 7), (gp, 8), (nurse, 7)]:
        audit_record(
            request=make_request(membership.user),
            action="view",
            patient_id=patient_id,
            membership=membership,
        )
    return gp, nurse


def test_superuser_sees_one_patients_events_and_the_look_is_logged(client, admin_user, accesses):
    gp, nurse = accesses
    sign_in(client, admin_user)

    response = client.get(URL, {"patient": "7"})

    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert {event.patient_id for event in shown} == {7}
    assert [event.action for event in shown] == ["audit_read", "view", "view"]
    assert {event.user_id for event in shown} == {admin_user.pk, gp.user_id, nurse.user_id}
    assert gp.user.email in response.content.decode()

    look = AuditEvent.objects.get(action="audit_read")
    assert (look.user_id, look.role, look.patient_id) == (admin_user.pk, "admin", 7)
    assert look.request_id == response["X-Request-ID"]
    assert look.ip == "127.0.0.1"
    assert chain_first_break() is None


def test_filter_by_user_and_every_page_view_is_logged(client, admin_user, accesses):
    gp, _nurse = accesses
    sign_in(client, admin_user)

    response = client.get(URL, {"user": str(gp.user_id)})
    client.get(URL, {"user": str(gp.user_id), "p": "2"})

    assert {event.user_id for event in response.context["page"].object_list} == {gp.user_id}
    assert AuditEvent.objects.filter(action="audit_read", user_id=admin_user.pk).count() == 2


def test_the_list_is_paginated_newest_first(client, admin_user):
    for _ in range(55):
        audit_record(request=make_request(admin_user), action="list")
    sign_in(client, admin_user)

    first = client.get(URL).context["page"]
    second = client.get(URL, {"p": "2"}).context["page"]

    assert first.object_list[0].action == "audit_read"  # this look itself
    assert len(first.object_list) == 50
    oldest = list(AuditEvent.objects.order_by("id").values_list("id", flat=True)[:7])
    assert [event.pk for event in second.object_list] == oldest[::-1]


@pytest.mark.parametrize(
    "query",
    [
        {"patient": "abc"},
        {"user": "1.5"},
        {"patient": "-3"},
        {"patient": "99999999999999999999999"},
        {"p": "abc"},
        {"p": "9999"},
    ],
)
def test_bad_filter_values_do_not_break_the_page(client, admin_user, accesses, query):
    sign_in(client, admin_user)
    response = client.get(URL, query)
    assert response.status_code == 200
    if "p" not in query:
        assert response.context["form"].errors
        assert not response.context["page"].object_list
    assert AuditEvent.objects.filter(action="audit_read").count() == 1


def test_superuser_has_the_menu_item(client, admin_user):
    sign_in(client, admin_user)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_coordinator_gets_neither_the_view_nor_the_menu_item(client, accesses):
    coordinator = UserFactory(with_authenticator=True)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)

    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200  # coordinators do use the CMS
    assert URL not in home.content.decode()
    response = client.get(URL, {"patient": "7"})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not AuditEvent.objects.filter(action="audit_read").exists()


def test_a_plain_member_gets_no_access(client, accesses):
    gp, _nurse = accesses
    sign_in(client, gp.user)
    response = client.get(URL, {"patient": "7"})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not AuditEvent.objects.filter(action="audit_read").exists()


def test_refusals_are_security_events(client, caplog):
    coordinator = UserFactory(with_authenticator=True)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)
    client.get(URL)
    assert any(record.msg == "audit_log_refused" for record in caplog.records)
