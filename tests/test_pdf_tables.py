"""Every table header cell of every PDF carries its scope in the structure tree (PDF/UA)."""

import pytest

from config.pdf import html_to_pdf
from meetings.reports import attendance_pdf
from tests.factories import CareProviderFactory, MeetingFactory, MembershipFactory
from tests.helpers import sign_in
from tests.pdf_structure import table_header_scopes
from tests.register.test_data_protection import discussed, practice, url  # noqa: F401

TABLES = """<!doctype html><html lang="nl"><head><title>Tabellen</title></head><body>
<table><thead><tr><th scope="col">Naam</th><th scope="col">Rol</th></tr></thead>
<tbody><tr><td>Anna</td><td>Huisarts</td></tr></tbody></table>
<table><tr><th scope="row">Diagnose</th><td>Hartfalen</td></tr>
<tr><th scope="row">Wensen</th><td>Thuis sterven</td></tr></table>
<table><tr><th>Kop zonder scope</th><th>Nog een</th></tr><tr><td>a</td><td>b</td></tr></table>
</body></html>"""


def test_the_renderer_gives_every_header_cell_its_scope():
    assert table_header_scopes(html_to_pdf(TABLES)) == ["Column"] * 2 + ["Row"] * 2 + ["Column"] * 2


@pytest.mark.django_db
def test_the_data_request_pdf_has_scoped_row_and_column_headers(client, practice, discussed):  # noqa: F811
    CareProviderFactory(patient=practice["patient"])
    sign_in(client, practice["own_gp"].user)
    response = client.get(url("export_pdf", practice["patient"]))
    scopes = table_header_scopes(response.content)
    assert "Row" in scopes and "Column" in scopes


@pytest.mark.django_db
def test_the_attendance_pdf_has_scoped_column_headers():
    membership = MembershipFactory()
    meeting = MeetingFactory(group=membership.group)
    meeting.attendances.create(membership=membership)
    # Name, role, organisation, e-mail, registration number and AGB code: each scoped.
    assert table_header_scopes(attendance_pdf(meeting)) == ["Column"] * 6
