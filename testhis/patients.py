"""Demo patients and practitioner in nl-core shape (FHIR R4). Invented people only."""

EXT = "http://hl7.org/fhir/StructureDefinition/"


def nl_name(initials, own, *, own_prefix="", partner="", partner_prefix="", usage="NL1"):
    family_parts = [
        ("humanname-own-prefix", own_prefix),
        ("humanname-own-name", own),
        ("humanname-partner-prefix", partner_prefix),
        ("humanname-partner-name", partner),
    ]
    own_full = " ".join(p for p in (own_prefix, own) if p)
    partner_full = " ".join(p for p in (partner_prefix, partner) if p)
    family = (
        {
            "NL2": partner_full,
            "NL3": f"{partner_full}-{own_full}",
            "NL4": f"{own_full}-{partner_full}",
        }.get(usage, own_full)
        if partner
        else own_full
    )
    return {
        "use": "official",
        "extension": [{"url": EXT + "humanname-assembly-order", "valueCode": usage}],
        "family": family,
        "_family": {
            "extension": [
                {"url": EXT + url, "valueString": value} for url, value in family_parts if value
            ]
        },
        "given": [initials],
        "_given": [{"extension": [{"url": EXT + "iso21090-EN-qualifier", "valueCode": "IN"}]}],
    }


BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
TEST_BSNS = ["999911120", "999911132", "999911144"]  # test numbers, not real people


def demo_patients() -> dict:
    people = [
        (
            "p-1001",
            nl_name("A.M.", "Jansen", partner="Vries", partner_prefix="de", usage="NL4"),
            "female",
            "1938-04-12",
        ),
        ("p-1002", nl_name("H.", "Bakker", own_prefix="den"), "male", "1941-11-03"),
        ("p-1003", nl_name("W.J.", "Visser", partner="Smit", usage="NL2"), "female", "1935-07-21"),
    ]
    return {
        pid: {
            "resourceType": "Patient",
            "id": pid,
            "meta": {"profile": ["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"]},
            # A real HIS sends the BSN; the portal must neither read, store nor log it.
            "identifier": [{"system": BSN_SYSTEM, "value": bsn}],
            "name": [name],
            "gender": gender,
            "birthDate": birth,
        }
        for (pid, name, gender, birth), bsn in zip(people, TEST_BSNS, strict=True)
    }


PRACTITIONER = {
    "resourceType": "Practitioner",
    "id": "dr-huisarts",
    "meta": {
        "profile": [
            "http://nictiz.nl/fhir/StructureDefinition/nl-core-HealthProfessional-Practitioner"
        ]
    },
    "name": [{"use": "official", "family": "Huisarts", "given": ["D."]}],
}
