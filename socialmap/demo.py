"""A handful of social map entries for each demo network (invented, not real services)."""

from networks.models import Network
from socialmap.models import SocialMapEntry

Kind = SocialMapEntry.Kind

ENTRIES = {
    "Netwerk Palliatieve Zorg Rotterdam & omstreken": [
        (
            Kind.HOSPICE,
            "Hospice De Regenboog",
            "Maasboulevard 12",
            "Rotterdam",
            "010 123 45 67",
            "info@hospice-regenboog.example",
            "Dag en nacht bereikbaar.",
        ),
        (
            Kind.CONSULTATION_TEAM,
            "Consultatieteam Palliatieve Zorg Rijnmond",
            "",
            "Rotterdam",
            "010 765 43 21",
            "consult@pz-rijnmond.example",
            "24 uur per dag, 7 dagen per week.",
        ),
        (
            Kind.VPTZ,
            "VPTZ Rotterdam-Noord",
            "Bergweg 80",
            "Rotterdam",
            "010 222 33 44",
            "coordinator@vptz-noord.example",
            "Aanvragen op werkdagen 9-17 uur.",
        ),
        (
            Kind.PHARMACY,
            "Apotheek Kralingen (avonddienst)",
            "Oudedijk 5",
            "Rotterdam",
            "010 444 55 66",
            "",
            "Avond- en weekenddienst tot 22.00 uur.",
        ),
        (
            Kind.RESPITE_CARE,
            "Logeerhuis Schiedam",
            "Singel 30",
            "Schiedam",
            "010 999 88 77",
            "logeren@schiedam.example",
            "Logeren voor een week of weekend.",
        ),
    ],
    "Netwerk Palliatieve Zorg Utrecht Stad": [
        (
            Kind.HOSPICE,
            "Hospice Domstad",
            "Oudegracht 200",
            "Utrecht",
            "030 123 45 67",
            "info@hospice-domstad.example",
            "Opname na overleg met de huisarts.",
        ),
        (
            Kind.SPIRITUAL_CARE,
            "Centrum voor Levensvragen Utrecht",
            "",
            "Utrecht",
            "030 234 56 78",
            "levensvragen@utrecht.example",
            "Gesprekken thuis, vergoed.",
        ),
        (
            Kind.VPTZ,
            "VPTZ Utrecht Stad",
            "Biltstraat 10",
            "Utrecht",
            "030 345 67 89",
            "",
            "Vrijwilligers ook 's nachts inzetbaar.",
        ),
        (
            Kind.DAY_CARE,
            "Dagopvang Het Baken",
            "Amsterdamsestraatweg 50",
            "Utrecht",
            "030 456 78 90",
            "baken@utrecht.example",
            "Maandag, woensdag en vrijdag.",
        ),
        (
            Kind.PHARMACY,
            "Apotheek Overvecht",
            "Zamenhofdreef 1",
            "Utrecht",
            "030 567 89 01",
            "",
            "Avonddienst tot 23.00 uur.",
        ),
    ],
}


def load_demo_social_map() -> None:
    for network_name, entries in ENTRIES.items():
        network = Network.objects.filter(name=network_name).first()
        if network is None:
            continue
        for kind, name, address, place, phone, email, opening in entries:
            SocialMapEntry.objects.get_or_create(
                network=network,
                name=name,
                defaults={
                    "kind": kind,
                    "address": address,
                    "place": place,
                    "phone": phone,
                    "email": email,
                    "opening_information": opening,
                },
            )
