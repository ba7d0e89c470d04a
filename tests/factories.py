from datetime import timedelta

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from networks.models import MDOGroup, Membership, Network, Organisation

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    class Params:
        with_authenticator = factory.Trait(
            authenticator=factory.RelatedFactory(
                "tests.factories.TOTPDeviceFactory", factory_related_name="user"
            )
        )


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    name = "Authenticator-app"
    confirmed = True


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netwerk Palliatieve Zorg {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Huisartsenpraktijk {n}")
    kind = Organisation.Kind.GP_PRACTICE


class MDOGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MDOGroup

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"PaTz-groep {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, with_authenticator=True)
    group = factory.SubFactory(MDOGroupFactory)
    role = "gp"
    organisation = factory.SubFactory(
        OrganisationFactory, network=factory.SelfAttribute("..group.network")
    )


def target_group(name="Palliatief"):
    from register.models import TargetGroup

    return TargetGroup.objects.get(name=name)


def distinctive_surname() -> str:
    """A Dutch surname of at least six letters: tests assert that no surname appears in
    output, and short ones ("Sam", "Bos") occur inside ordinary words ("Samenwerking")."""
    fake = factory.Faker._get_faker(locale="nl_NL")
    while True:
        name = fake.last_name()
        if len(name) >= 6:
            return name


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "register.Patient"
        skip_postgeneration_save = True

    group = factory.SubFactory(MDOGroupFactory)
    initials = factory.Faker("random_uppercase_letter")
    surname = factory.LazyFunction(distinctive_surname)
    date_of_birth = factory.Faker("date_of_birth", minimum_age=60, maximum_age=98)
    target_group = factory.LazyFunction(target_group)
    prognosis = factory.LazyAttribute(lambda o: o.target_group.prognosis_options.first())
    urgency = factory.LazyAttribute(lambda o: o.target_group.urgency_options.first())

    @factory.post_generation
    def homecare(self, create, extracted, **kwargs):
        if create and extracted:
            self.homecare_organisations.add(*extracted)


class CareProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "register.CareProvider"

    patient = factory.SubFactory(PatientFactory)
    name = factory.Faker("name", locale="nl_NL")
    organisation = factory.SubFactory(
        OrganisationFactory, network=factory.SelfAttribute("..patient.group.network")
    )
    is_care_coordinator = False


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting two weeks ahead, 12:30–14:00."""

    class Meta:
        model = "meetings.Meeting"

    group = factory.SubFactory(MDOGroupFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=14)).replace(
            hour=12, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=90))
    location = "Gezondheidscentrum, zaal 2"
