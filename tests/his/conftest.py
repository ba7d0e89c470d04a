"""The test HIS on loopback, a GP practice linked to it, and a GP of that practice."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from his.keys import public_jwks
from his.models import HISConnection
from testhis.app import HISState
from testhis.server import RunningHIS
from tests.factories import MembershipFactory
from tests.helpers import sign_in


@pytest.fixture
def his():
    """A fresh test HIS per test; the portal is Django's test client ("testserver")."""
    state = HISState(portal_url="http://testserver")
    with RunningHIS(state) as running:
        running.faults["portal_jwks"] = public_jwks()
        yield running


@pytest.fixture
def gp_membership(db):
    return MembershipFactory(role="gp")


@pytest.fixture
def connection(his, gp_membership):
    return HISConnection.objects.create(
        organisation=gp_membership.organisation,
        name="Test-HIS",
        fhir_base_url=his.issuer,
        client_id=his.client_id,
    )


@pytest.fixture
def gp_client(client, gp_membership):
    sign_in(client, gp_membership.user)
    return client


def portal_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def authorize_at_his(authorize_url: str) -> str:
    """The browser's visit to the HIS's authorize endpoint: returns the callback URL."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    return response.headers["Location"]


def authorize_url(response) -> str | None:
    """Where the launch page sends the browser on (the HIS's authorize endpoint)."""
    found = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', response.content.decode())
    return html.unescape(found.group(1)) if response.status_code == 200 and found else None


def launch(client, his, patient_id="p-1001", *, launch_url=None):
    """Runs an EHR launch as a browser would; returns the portal's last response."""
    response = client.get(portal_path(launch_url or his.launch_url(patient_id)))
    url = authorize_url(response)
    if url is None:
        return response
    return client.get(portal_path(authorize_at_his(url)))


def query_of(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
