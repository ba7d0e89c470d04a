"""Reads answer GET and HEAD only (issue 10, point 8).

Every URL of the register, meetings, meeting mode, insight and the access log is walked
with the methods no page of the portal sends. Each must be refused with 405 before the
view runs: nothing is read, nothing exported, no access-log event written.
"""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import MembershipFactory, PatientFactory, UserFactory
from tests.helpers import sign_in
from tests.test_url_access import URLS

NAMESPACES = ("register:", "meetings:", "meeting_run:", "insight:", "audit:")
UNSENT_METHODS = ("delete", "put", "patch", "options")
WALKED = [param for param in URLS if (param.values[1] or "").startswith(NAMESPACES)]

pytestmark = pytest.mark.django_db


def test_the_walk_reaches_every_namespace():
    names = {param.values[1] for param in WALKED}
    for namespace in NAMESPACES:
        assert any(name.startswith(namespace) for name in names), namespace
    assert {"register:export", "meeting_run:report_pdf", "insight:network_csv"} <= names


@pytest.mark.parametrize(("path", "name"), WALKED)
def test_other_methods_are_refused_without_an_audit_event(client, path, name):
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    before = AuditEvent.objects.count()
    for method in UNSENT_METHODS:
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, response.status_code)
    assert AuditEvent.objects.count() == before


def test_export_of_a_real_patient_answers_only_get_and_head(client):
    membership = MembershipFactory(role="gp")
    patient = PatientFactory(group=membership.group, surname="Exportvreemd")
    sign_in(client, membership.user)
    url = reverse("register:export", args=[membership.group.pk, patient.pk])
    before = AuditEvent.objects.count()
    for method in UNSENT_METHODS:
        response = getattr(client, method)(url)
        assert response.status_code == 405
        assert b"Exportvreemd" not in response.content
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    assert AuditEvent.objects.count() == before
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert "Exportvreemd" in client.get(url).content.decode()
