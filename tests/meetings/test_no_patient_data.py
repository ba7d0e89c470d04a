"""No patient data in any e-mail, calendar file or feed about meetings (NL-10, SPEC §5)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from meetings import services
from outbox.models import OutboundEmail
from outbox.services import email_deliver
from tests.factories import CareProviderFactory, MembershipFactory, PatientFactory
from tests.helpers import sign_in
from tests.meetings.conftest import feed_path_from

pytestmark = pytest.mark.django_db


SURNAMES = ["Zwartkruis", "Oosterbeek", "Vermeulenhof", "Kraaijeveld", "Hogendoorn", "Tiemersma"]


def _identifiers(patients) -> set[str]:
    found = set()
    for patient in patients:
        found |= {patient.surname, f"{patient.initials} {patient.surname}"}
        if patient.birth_name:
            found.add(patient.birth_name)
        birth = patient.date_of_birth
        found |= {
            birth.isoformat(),
            birth.strftime("%d-%m-%Y"),
            birth.strftime("%d%m%Y"),
            formats.date_format(birth, "j F Y"),
            formats.date_format(birth, "DATE_FORMAT"),
        }
        for provider in patient.care_providers.all():
            found.add(provider.name)
    return found


def _assert_clean(text: str, identifiers: set[str]):
    lowered = text.lower()
    leaks = [i for i in identifiers if i.lower() in lowered]
    assert not leaks, leaks


def test_no_patient_data_in_invitations_updates_cancellations_reminders_or_feed(client, group):
    # Fixed, distinctive names: a random member name must not match a patient by chance.
    chair = MembershipFactory(group=group, role="chair", user__full_name="Voorzitter Een")
    MembershipFactory(group=group, role="nurse", user__full_name="Verpleegkundige Twee")
    patients = [
        PatientFactory(
            group=group,
            surname=surname,
            birth_name=f"{surname}-Geboren",
            question_for_meeting=f"Graag {surname} bespreken",
        )
        for surname in SURNAMES
    ]
    for patient in patients[:3]:
        CareProviderFactory(patient=patient, name=f"Zorgverlener {patient.surname}")
    identifiers = _identifiers(patients)

    starts_at = timezone.now() + timedelta(days=5)
    (meeting,) = services.meetings_plan(
        user=chair.user,
        group=group,
        slots=[
            {
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=1),
                "location": "Zaal 2",
            }
        ],
    )
    services.meeting_update(user=chair.user, meeting=meeting, location="Zaal 3")
    services.reminders_enqueue_due()
    (second,) = services.meetings_plan(
        user=chair.user,
        group=group,
        slots=[
            {
                "starts_at": starts_at + timedelta(days=30),
                "ends_at": starts_at + timedelta(days=30, hours=1),
                "location": "Zaal 2",
            }
        ],
    )
    services.meeting_cancel(user=chair.user, meeting=second)
    kinds = {row.key.split(":")[4] for row in OutboundEmail.objects.all()}
    assert kinds == {"invitation", "update", "reminder", "cancellation"}

    for row in OutboundEmail.objects.all():
        assert email_deliver(message_id=row.pk) == "sent"
    assert len(mail.outbox) == OutboundEmail.objects.count()
    for message in mail.outbox:
        _assert_clean(message.message().as_string(), identifiers)  # headers and every part
        _assert_clean(message.subject + message.body, identifiers)
        for part in message.message().walk():  # every part decoded, as a client reads it
            if not part.is_multipart():
                _assert_clean(part.get_payload(decode=True).decode(), identifiers)
        for content, _type in message.alternatives:
            _assert_clean(content, identifiers)
        # Positive control: the scan does see what the mail does carry.
        assert group.name in message.subject

    sign_in(client, chair.user)
    feed = client.get(feed_path_from(client.post(reverse("meetings:feed_renew"))))
    assert feed.status_code == 200
    _assert_clean(feed.content.decode(), identifiers)
