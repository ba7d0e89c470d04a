from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Category, Meeting
from tests.factories import MDOGroupFactory, PatientFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(MDOGroupFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1, minutes=30))
    location = "Gezondheidscentrum De Esch"


class RegisterPatientFactory(PatientFactory):
    """Surnames nobody else in a test carries, so a leak is unambiguous."""

    surname = factory.Sequence(lambda n: f"Pati{n:03d}achternaam")
    birth_name = factory.Sequence(lambda n: f"Geboren{n:03d}naam")
    question_for_meeting = ""


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    patient = factory.SubFactory(
        RegisterPatientFactory, group=factory.SelfAttribute("..meeting.group")
    )
    position = factory.Sequence(lambda n: n)


def category():
    return Category.objects.first()
