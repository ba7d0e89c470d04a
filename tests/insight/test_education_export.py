"""Education needs for education providers (issue 15, point 2): CSV and a readable PDF,
anonymised like the insight page; only the network's own coordinator gets them."""

import pytest
from django.urls import reverse

from meetings.models import Finding
from tests.factories import NetworkFactory
from tests.test_dutch_output import pdf_text

from .conftest import finding, held_meeting

pytestmark = pytest.mark.django_db


def test_coordinator_downloads_education_needs_as_csv_and_pdf(coordinator_client, populated):
    Finding.objects.filter(kind="education_need").update(
        followup_status="taken_up", followup_response="Cursus in maart"
    )
    network = populated["network"]
    response = coordinator_client.get(reverse("insight:education_csv", args=[network.pk]))
    csv = b"".join(response.streaming_content).decode()
    assert "Scholing over palliatieve sedatie gewenst" in csv
    assert "Opgepakt" in csv and "Cursus in maart" in csv
    assert "Bereikbaarheid" not in csv  # a bottleneck, not an education need
    for patient in populated["patients"]:
        assert patient.surname not in csv
    for group in populated["groups"]:
        assert group.name not in csv

    response = coordinator_client.get(reverse("insight:education_pdf", args=[network.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Onderwijsbehoeften" in text and "Cursus in maart" in text


def test_a_text_naming_a_patient_is_left_out(coordinator_client, populated):
    patient = populated["patients"][0]
    meeting = patient.agenda_items.first().meeting
    finding(meeting, f"Scholing nodig na casus {patient.surname}", "education_need")
    network = populated["network"]
    response = coordinator_client.get(reverse("insight:education_csv", args=[network.pk]))
    assert patient.surname not in b"".join(response.streaming_content).decode()


def test_too_few_meetings_show_no_texts(coordinator_client, network):
    from tests.factories import MDOGroupFactory

    finding(
        held_meeting(MDOGroupFactory(network=network)), "Eenzame scholingsvraag", "education_need"
    )
    response = coordinator_client.get(reverse("insight:education_csv", args=[network.pk]))
    assert "Eenzame scholingsvraag" not in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("name", ["insight:education_csv", "insight:education_pdf"])
def test_another_networks_coordinator_gets_404(coordinator_client, name):
    assert coordinator_client.get(reverse(name, args=[NetworkFactory().pk])).status_code == 404
