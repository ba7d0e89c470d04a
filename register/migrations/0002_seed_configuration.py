"""Sensible national defaults; administrators and coordinators change them in /cms/."""

from django.db import migrations

GREEN, YELLOW, ORANGE, RED = "#2e7d32", "#fbc02d", "#ef6c00", "#c62828"
URGENCY = [
    ("Geen actuele zorgvragen", "#607d8b", "Stabiel; bespreken als er iets verandert."),
    ("Aandacht nodig", YELLOW, "Zorgvragen die in het volgende MDO aan bod moeten komen."),
    ("Spoedig bespreken", ORANGE, "Bespreken in het eerstvolgende MDO, zo nodig eerder overleggen."),
    ("Acuut", RED, "Direct handelen; niet wachten op het MDO."),
]
TARGET_GROUPS = [
    ("Palliatief", "Patiënten in de palliatieve fase (Surprise Question, SPICT).", [
        ("> 1 jaar", GREEN, "Levensverwachting langer dan een jaar."),
        ("< 1 jaar", YELLOW, "Levensverwachting korter dan een jaar."),
        ("< 3 maanden", ORANGE, "Levensverwachting korter dan drie maanden."),
        ("< 1 maand", RED, "Levensverwachting korter dan een maand; terminale fase."),
    ]),
    ("Kwetsbare ouderen", "Ouderen met kwetsbaarheid op meerdere domeinen.", [
        ("CFS 1-3: fit", GREEN, "Clinical Frailty Scale 1 tot en met 3."),
        ("CFS 4: zeer licht kwetsbaar", YELLOW, "Clinical Frailty Scale 4."),
        ("CFS 5-6: licht tot matig kwetsbaar", ORANGE, "Clinical Frailty Scale 5 en 6."),
        ("CFS 7-9: ernstig kwetsbaar", RED, "Clinical Frailty Scale 7 tot en met 9."),
    ]),
    ("Psychogeriatrie", "Mensen met dementie of andere psychogeriatrische problematiek.", [
        ("Lichte dementie", GREEN, "Grotendeels zelfstandig met ondersteuning."),
        ("Matige dementie", YELLOW, "Dagelijks hulp en toezicht nodig."),
        ("Ernstige dementie", ORANGE, "Volledig afhankelijk van zorg."),
        ("Terminale fase", RED, "Levenseinde nadert."),
    ]),
    ("Cultuursensitieve zorg", "Zorg waarin taal, cultuur of migratie een grote rol spelen.", [
        ("Stabiel", GREEN, "Situatie is stabiel."),
        ("Kwetsbaar evenwicht", YELLOW, "Situatie kan snel omslaan."),
        ("Ontregeld", ORANGE, "Zorg en ondersteuning lopen niet goed."),
        ("Crisis", RED, "Acute problemen."),
    ]),
]
DIMENSIONS = [
    ("Somatisch/fysiek", ["Lichamelijke klachten", "Medicatie en behandeling"]),
    ("Psychisch", ["Stemming en angst", "Cognitie en gedrag"]),
    ("Sociaal", ["Netwerk en mantelzorg", "Praktische zaken en financiën"]),
    ("Zingeving/spiritueel", ["Levensvragen", "Wensen en waarden"]),
    ("Proactieve zorgplanning", ["Samen keuzes maken", "Samen vooruit organiseren"]),
]
# The pilot asked for more fields for frail elderly; they matter for palliative patients too.
EXTRA_SUB_FIELDS = {
    "Somatisch/fysiek": ["Functioneren/ADL", "Vallen", "Polyfarmacie", "Voeding"],
    "Sociaal": ["Eenzaamheid", "Wonen"],
}
EXTRA_FOR = ["Kwetsbare ouderen", "Palliatief"]
DISCIPLINES = [
    "Huisarts", "Praktijkondersteuner", "Wijkverpleegkundige", "Verzorgende",
    "Specialist ouderengeneeskunde", "Casemanager dementie", "Psycholoog",
    "Geestelijk verzorger", "Maatschappelijk werker", "Consulent palliatieve zorg",
    "Consulent kwetsbare ouderen", "Fysiotherapeut", "Ergotherapeut", "Diëtist",
    "Apotheker", "Medisch specialist", "Mantelzorger", "Vrijwilliger (VPTZ)",
]


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("register", "TargetGroup")
    PrognosisOption = apps.get_model("register", "PrognosisOption")
    UrgencyOption = apps.get_model("register", "UrgencyOption")
    Dimension = apps.get_model("register", "Dimension")
    SubField = apps.get_model("register", "SubField")
    Discipline = apps.get_model("register", "Discipline")

    groups = {}
    for order, (name, description, prognosis) in enumerate(TARGET_GROUPS):
        group = TargetGroup.objects.create(name=name, description=description, sort_order=order)
        groups[name] = group
        for position, (label, colour, meaning) in enumerate(prognosis):
            PrognosisOption.objects.create(
                target_group=group, sort_order=position, label=label, colour=colour, meaning=meaning
            )
        for position, (label, colour, meaning) in enumerate(URGENCY):
            UrgencyOption.objects.create(
                target_group=group, sort_order=position, label=label, colour=colour, meaning=meaning
            )
    for order, (name, sub_fields) in enumerate(DIMENSIONS):
        dimension = Dimension.objects.create(name=name, sort_order=order)
        for position, sub_name in enumerate(sub_fields):
            SubField.objects.create(dimension=dimension, name=sub_name, sort_order=position)
        for position, sub_name in enumerate(EXTRA_SUB_FIELDS.get(name, []), start=10):
            sub_field = SubField.objects.create(
                dimension=dimension, name=sub_name, sort_order=position
            )
            # Through the link table: historical models lack modelcluster's deferred
            # writing, so ParentalManyToManyField.set() would store nothing here.
            SubField.target_groups.through.objects.bulk_create(
                SubField.target_groups.through(subfield_id=sub_field.pk, targetgroup_id=groups[g].pk)
                for g in EXTRA_FOR
            )
    Discipline.objects.bulk_create(Discipline(name=name) for name in DISCIPLINES)


def unseed(apps, schema_editor):
    for model in ("SubField", "Dimension", "PrognosisOption", "UrgencyOption", "TargetGroup",
                  "Discipline"):
        apps.get_model("register", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
