"""Coordinators work in the Wagtail admin but never reach the register (AC-05)."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, NetworkFactory, PatientFactory, UserFactory
from tests.helpers import sign_in
from tests.test_url_access import URLS

SENTINEL = "Zzyzxsentinel"


@pytest.mark.django_db
def test_no_admin_page_shows_a_patient_to_a_coordinator(client):
    gp = MembershipFactory(role="gp")
    patient = PatientFactory(group=gp.group, surname=SENTINEL, question_for_meeting=SENTINEL)
    coordinator = UserFactory(with_authenticator=True)
    gp.group.network.coordinators.add(coordinator)
    NetworkFactory().coordinators.add(coordinator)
    sign_in(client, coordinator)
    client.raise_request_exception = False  # /cms/failwhale/ raises on purpose
    # A coordinator is not a group member: the register does not exist for them.
    detail = reverse("register:detail", args=[gp.group.pk, patient.pk])
    assert client.get(detail).status_code == 404

    admin_paths = [p.values[0] for p in URLS if p.values[0].startswith(("/cms/", "/django-admin/"))]
    assert len(admin_paths) > 200
    # Searches, choosers and reports of the editorial site, with the sentinel as query.
    searches = [
        f"/cms/snippets/?q={SENTINEL}",
        f"/cms/pages/search/?q={SENTINEL}",
        f"/cms/choose-page/search/?q={SENTINEL}",
        f"/cms/snippets/toolslibrary/tool/?q={SENTINEL}",
        f"/cms/snippets/choose/toolslibrary/tool/?q={SENTINEL}",
        "/cms/snippets/toolslibrary/tool/add/",
        f"/cms/media/?q={SENTINEL}",
        f"/cms/media/chooser/?q={SENTINEL}",
        f"/cms/documents/chooser/?q={SENTINEL}",
        f"/cms/images/chooser/?q={SENTINEL}",
        "/cms/reports/locked/",
        f"/cms/reports/site-history/?q={SENTINEL}",
        "/cms/reports/aging-pages/",
        "/cms/reports/page-types-usage/",
    ]
    for path in admin_paths + searches:
        response = client.get(path)
        assert SENTINEL not in response.content.decode(errors="replace"), path
