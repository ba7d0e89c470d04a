"""Fictional networks, groups, organisations and one demo user per role. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from cms.demo import load_demo_site
from config.demo import refuse_unless_demo
from his.demo import load_demo_his
from meetings.demo import load_demo_meetings, load_demo_past_meetings
from networks.models import MDOGroup, Membership, Network, Organisation, Role
from register.demo import load_demo_patients

DEMO_PASSWORD = "demo-wachtwoord-mdo"  # noqa: S105 - demo only, refused outside DEMO_MODE

NETWORKS = {
    "rotterdam": "Netwerk Palliatieve Zorg Rotterdam & omstreken",
    "utrecht": "Netwerk Palliatieve Zorg Utrecht Stad",
}

ORGANISATIONS = [
    ("rotterdam", "Huisartsenpraktijk De Linde", Organisation.Kind.GP_PRACTICE),
    ("rotterdam", "Huisartsenpraktijk Kralingse Plas", Organisation.Kind.GP_PRACTICE),
    ("rotterdam", "Thuiszorg Maasoever", Organisation.Kind.HOMECARE),
    ("rotterdam", "Wijkverpleging Rijnmond-Oost", Organisation.Kind.HOMECARE),
    ("rotterdam", "Hospice De Vlinderhof", Organisation.Kind.HOSPICE),
    ("rotterdam", "Palliatief Consultatieteam Rijnmond", Organisation.Kind.CONSULTATION_TEAM),
    ("rotterdam", "Wijkteam Kralingen", Organisation.Kind.OTHER),
    ("utrecht", "Gezondheidscentrum Overvecht", Organisation.Kind.GP_PRACTICE),
    ("utrecht", "Buurtzorg Utrecht-Noord", Organisation.Kind.HOMECARE),
    ("utrecht", "Hospice Domstad", Organisation.Kind.HOSPICE),
    ("utrecht", "Consultatieteam Ouderenzorg Utrecht", Organisation.Kind.CONSULTATION_TEAM),
    ("utrecht", "Sociaal Wijkteam Overvecht", Organisation.Kind.OTHER),
]

GROUPS = [
    ("rotterdam", "PaTz Kralingen"),
    ("rotterdam", "PaTz Hillegersberg"),
    ("utrecht", "MDO Ouderenzorg Overvecht"),
]

# (e-mail, full name, role label for the table, memberships as (group, role, organisation))
USERS = [
    (
        "huisarts@demo.mdo-portaal.nl",
        "Anouk de Vries",
        "huisarts (gp)",
        [
            ("PaTz Kralingen", Role.GP, "Huisartsenpraktijk De Linde"),
            ("PaTz Hillegersberg", Role.CONSULTANT, "Huisartsenpraktijk De Linde"),
        ],
    ),
    (
        "voorzitter@demo.mdo-portaal.nl",
        "Marleen Visser",
        "voorzitter (chair)",
        [
            ("PaTz Kralingen", Role.CHAIR, "Huisartsenpraktijk Kralingse Plas"),
        ],
    ),
    (
        "verpleegkundige@demo.mdo-portaal.nl",
        "Sanne Bakker",
        "verpleegkundige (nurse)",
        [
            ("PaTz Kralingen", Role.NURSE, "Wijkverpleging Rijnmond-Oost"),
        ],
    ),
    (
        "thuiszorg@demo.mdo-portaal.nl",
        "Fatima El Amrani",
        "thuiszorg (homecare)",
        [
            ("PaTz Kralingen", Role.HOMECARE, "Thuiszorg Maasoever"),
        ],
    ),
    (
        "consulent@demo.mdo-portaal.nl",
        "Pieter Jansen",
        "consulent (consultant)",
        [
            ("PaTz Kralingen", Role.CONSULTANT, "Palliatief Consultatieteam Rijnmond"),
            ("MDO Ouderenzorg Overvecht", Role.CONSULTANT, "Consultatieteam Ouderenzorg Utrecht"),
        ],
    ),
    ("coordinator@demo.mdo-portaal.nl", "Ruud van Dijk", "netwerkcoördinator (coordinator)", []),
    ("beheerder@demo.mdo-portaal.nl", "Ingrid Smit", "beheerder (admin)", []),
]


class Command(BaseCommand):
    help = "Loads fictional demo data and demo users (only with DEMO_MODE on)."

    def handle(self, *args, **options):
        refuse_unless_demo()
        with transaction.atomic():
            self._load()
        self._print_table()

    def _load(self):
        networks = {
            key: Network.objects.get_or_create(name=name)[0] for key, name in NETWORKS.items()
        }
        organisations = {}
        for network_key, name, kind in ORGANISATIONS:
            organisations[name], _ = Organisation.objects.get_or_create(
                network=networks[network_key], name=name, defaults={"kind": kind}
            )
        groups = {
            name: MDOGroup.objects.get_or_create(network=networks[key], name=name)[0]
            for key, name in GROUPS
        }
        for email, full_name, _label, memberships in USERS:
            user = self._user(email, full_name)
            for group_name, role, organisation_name in memberships:
                Membership.objects.update_or_create(
                    user=user,
                    group=groups[group_name],
                    defaults={"role": role, "organisation": organisations[organisation_name]},
                )
        networks["rotterdam"].coordinators.add(User.objects.get(email=USERS[5][0]))
        User.objects.filter(email=USERS[6][0]).update(is_staff=True, is_superuser=True)
        for group in groups.values():
            load_demo_patients(group)
        load_demo_meetings()
        load_demo_past_meetings()
        load_demo_site()
        load_demo_his()

    def _user(self, email, full_name):
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Demo users get an authenticator whose codes `demo_totp` prints; no backup
        # codes, since those are only ever shown once, at enrolment.
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo-app", confirmed=True)
        return user

    def _print_table(self):
        write = self.stdout.write
        write("")
        write("Demo users (fictional). Password for all: " + DEMO_PASSWORD)
        write("Second step: `make demo-code EMAIL=<address>` prints the current 6-digit code.")
        write("")
        for email, _name, label, _memberships in USERS:
            write(f"  {label:<34} {email}")
        write("")
