"""Fictional demo patients (about 25 per group, every target group and colour)."""

import random
from datetime import date, timedelta

from networks.models import MDOGroup, Membership, Organisation
from register.models import CareProvider, Discipline, Patient, ProblemAndStrength, TargetGroup
from register.selectors import sub_fields_for

SURNAMES = [
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "Schouten",
    "van Beek",
    "Willems",
]
QUESTIONS = [
    "Is het tijd om proactieve zorgplanning met de familie te bespreken?",
    "Mantelzorger raakt overbelast; welke ondersteuning is mogelijk?",
    "Pijnbestrijding onvoldoende; advies consulent gewenst.",
    "Wens om thuis te overlijden; wat is er nodig?",
    "",
    "",
]
PROBLEMS = [
    ("Toenemende pijnklachten", "Goed netwerk van kinderen"),
    ("Valt regelmatig", "Wil graag zelfstandig blijven"),
    ("Somber sinds overlijden partner", "Gelovig, haalt steun uit de kerk"),
    ("Woont alleen, weinig contacten", "Buurvrouw komt dagelijks langs"),
]
PATIENTS_PER_GROUP = 25


def load_demo_patients(group: MDOGroup) -> int:
    """Adds demo patients to a group that has none; returns how many were added."""
    if group.patients.exists():
        return 0
    rng = random.Random(f"demo-{group.name}")  # noqa: S311 - fictional data, not security
    target_groups = list(
        TargetGroup.objects.prefetch_related("prognosis_options", "urgency_options")
    )
    gps = [m.user for m in Membership.objects.filter(group=group, role__in=["gp", "chair"])]
    homecare = list(Organisation.objects.filter(network=group.network, kind="homecare"))
    disciplines = list(Discipline.objects.all())
    for number in range(PATIENTS_PER_GROUP):
        target_group = target_groups[number % len(target_groups)]
        prognosis = list(target_group.prognosis_options.all())
        urgency = list(target_group.urgency_options.all())
        within_group = number // len(target_groups)  # spreads colours within each group
        patient = Patient.objects.create(
            group=group,
            initials=f"{rng.choice('ABCDEFGHJKLMNPRSTW')}.",
            surname=rng.choice(SURNAMES),
            date_of_birth=date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40)),
            sex=rng.choice(["female", "male"]),
            responsible_gp=rng.choice(gps) if gps else None,
            target_group=target_group,
            prognosis=prognosis[within_group % len(prognosis)],
            urgency=urgency[(within_group * 3 + 1) % len(urgency)],
            question_for_meeting=rng.choice(QUESTIONS),
            surprise_question="no" if target_group.name == "Palliatief" else "",
            consent="consented",
            current_residence="Thuis",
            preferred_place_of_death=rng.choice(["Thuis", "Hospice", "Nog niet besproken"]),
        )
        if homecare:
            organisation = homecare[number % len(homecare)]
            patient.homecare_organisations.add(organisation)
            CareProvider.objects.create(
                patient=patient,
                name="Wijkverpleegkundige van de thuiszorg",
                discipline=next((d for d in disciplines if d.name == "Wijkverpleegkundige"), None),
                organisation=organisation,
                is_care_coordinator=True,
            )
        sub_fields = sub_fields_for(target_group)
        for sub_field, (problem, strength) in zip(
            rng.sample(sub_fields, 2), rng.sample(PROBLEMS, 2), strict=True
        ):
            ProblemAndStrength.objects.create(
                patient=patient, sub_field=sub_field, problem=problem, strength=strength
            )
    return PATIENTS_PER_GROUP
