"""The FHIR resources that write-back sends for one delivery, built for a whole batch.

Every delivery gets one `Communication` to the responsible GP with the meeting's advice
and agreements. When the meeting made agreements tagged as advance care planning, a
second `Communication` follows IKNL's PZP profile ACP-Communication (reasonCode SNOMED
713603004, so a HIS finds it with the PZP guide's search `Communication?reason-code=…`).
Why only that profile: docs/his-link.md, "Advance care planning".

The reads are batched: one query for the agenda items with their agreements and one for
the GPs' HIS users, whatever the number of deliveries.
"""

import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from fhir.resources.R4B.communication import Communication

from his import keys
from his.models import HISDelivery, HISUserLink
from meetings.models import AgendaItem

IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"
SNOMED = "http://snomed.info/sct"
ACP_PROFILE = "https://fhir.iknl.nl/fhir/StructureDefinition/ACP-Communication"
ACP_REASON = {"system": SNOMED, "code": "713603004", "display": "Advance care planning (procedure)"}
ACP_NAMESPACE = uuid.UUID("b7c1f7a2-3f0e-4c55-8f0c-2d7c4e5b9a31")


@dataclass
class Message:
    """One resource to create at the HIS, with the identifier of its conditional create."""

    identifier: str
    resource: dict = field(repr=False)

    @property
    def condition(self) -> str:
        return f"identifier={IDENTIFIER_SYSTEM}|{self.identifier}"


def messages_for(deliveries: list[HISDelivery]) -> dict[int, list[Message]]:
    """The messages of each delivery (by pk); deliveries need link, meeting, patient loaded."""
    items = _agenda_items(deliveries)
    gp_users = _gp_users(deliveries)
    sent = timezone.now().isoformat()
    result = {}
    for delivery in deliveries:
        item = items.get((delivery.meeting_id, delivery.patient_id))
        subject = {"reference": keys.decrypt_reference(delivery.link.encrypted_reference)}
        gp_user = gp_users.get((delivery.link.connection_id, delivery.patient.responsible_gp_id))
        messages = [_to_gp(delivery, item, subject, gp_user, sent)]
        acp = [a for a in item.agreements.all() if a.advance_care_planning] if item else []
        if acp:
            messages.append(_advance_care_planning(delivery, acp, subject, sent))
        result[delivery.pk] = messages
    return result


def _agenda_items(deliveries) -> dict[tuple[int, int], AgendaItem]:
    items = {}
    queryset = (
        AgendaItem.objects.filter(
            meeting_id__in={d.meeting_id for d in deliveries},
            patient_id__in={d.patient_id for d in deliveries},
        )
        .order_by("pk")
        .prefetch_related("agreements")
    )
    for item in queryset:
        items.setdefault((item.meeting_id, item.patient_id), item)
    return items


def _gp_users(deliveries) -> dict[tuple[int, int], str]:
    links = HISUserLink.objects.filter(
        connection_id__in={d.link.connection_id for d in deliveries},
        user_id__in={d.patient.responsible_gp_id for d in deliveries},
    ).values_list("connection_id", "user_id", "fhir_user")
    return {(connection, user): fhir_user for connection, user, fhir_user in links}


def _agreement_line(agreement) -> str:
    due = f" (uiterlijk {agreement.due_date:%d-%m-%Y})" if agreement.due_date else ""
    return f"Afspraak: {agreement.what} — {agreement.who}{due}"


def _to_gp(delivery, item, subject, gp_user, sent) -> Message:
    """The meeting's advice and agreements about the patient, for the responsible GP."""
    advice = (item.advice if item else "") or "-"
    parts = [f"Advies MDO {delivery.meeting.starts_at:%d-%m-%Y}: {advice}"]
    parts += [_agreement_line(a) for a in item.agreements.all()] if item else []
    identifier = f"urn:uuid:{delivery.identifier}"
    resource = {
        "resourceType": "Communication",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": identifier}],
        "status": "completed",
        "category": [{"text": "Advies en afspraken uit het MDO"}],
        "subject": subject,
        "sent": sent,
        "payload": [{"contentString": part} for part in parts],
    }
    if gp_user:
        resource["recipient"] = [{"reference": gp_user}]
    return Message(identifier, resource)


def acp_identifier(delivery: HISDelivery) -> str:
    return f"urn:uuid:{uuid.uuid5(ACP_NAMESPACE, str(delivery.identifier))}"


def _advance_care_planning(delivery, agreements, subject, sent) -> Message:
    """The ACP agreements as an IKNL PZP ACP-Communication: the profile allows only the
    patient as recipient and a PractitionerRole as sender, so neither is set."""
    identifier = acp_identifier(delivery)
    resource = Communication.model_validate(
        {
            "resourceType": "Communication",
            "meta": {"profile": [ACP_PROFILE]},
            "identifier": [{"system": IDENTIFIER_SYSTEM, "value": identifier}],
            "status": "completed",
            "topic": {"text": "Afspraken over proactieve zorgplanning uit het MDO"},
            "subject": subject,
            "sent": sent,
            "reasonCode": [{"coding": [ACP_REASON], "text": "Proactieve zorgplanning"}],
            "payload": [{"contentString": _agreement_line(a)} for a in agreements],
        }
    )
    return Message(identifier, resource.model_dump(mode="json", exclude_none=True))
