"""Name data from an nl-core-Patient (FHIR R4): initials, surname as used, birth name,
date of birth and sex, in the register's fields. Nothing else is taken (no BSN)."""

import datetime
from dataclasses import asdict, dataclass

from fhir.resources.R4B.patient import Patient as FHIRPatient
from pydantic import ValidationError

EXT = "http://hl7.org/fhir/StructureDefinition/"
OWN_PREFIX = EXT + "humanname-own-prefix"
OWN_NAME = EXT + "humanname-own-name"
PARTNER_PREFIX = EXT + "humanname-partner-prefix"
PARTNER_NAME = EXT + "humanname-partner-name"
ASSEMBLY_ORDER = EXT + "humanname-assembly-order"
QUALIFIER = EXT + "iso21090-EN-qualifier"
SEXES = {"female", "male", "other", "unknown"}


class NameDataError(ValueError):
    """The Patient resource lacks a name or a full date of birth, or is not a Patient."""


@dataclass(frozen=True)
class NameData:
    initials: str
    surname: str
    birth_name: str
    date_of_birth: datetime.date
    sex: str
    name_usage: str

    def as_session(self) -> dict:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        return data

    @classmethod
    def from_session(cls, data: dict) -> "NameData":
        return cls(**{**data, "date_of_birth": datetime.date.fromisoformat(data["date_of_birth"])})

    def register_fields(self) -> dict:
        """The values for register.Patient's fields of the same names."""
        return {
            "initials": self.initials,
            "surname": self.surname,
            "birth_name": self.birth_name,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
        }


def name_data(resource: dict) -> NameData:
    try:
        patient = FHIRPatient.model_validate(resource)
    except (ValidationError, ValueError, TypeError) as error:
        raise NameDataError(f"not a Patient: {type(error).__name__}") from None
    name = _official_name(patient.name or [])
    birth = patient.birthDate
    if name is None or not isinstance(birth, datetime.date):
        raise NameDataError("name or birth date missing")
    own = _join(_ext(name.family__ext, OWN_PREFIX), _ext(name.family__ext, OWN_NAME))
    partner = _join(_ext(name.family__ext, PARTNER_PREFIX), _ext(name.family__ext, PARTNER_NAME))
    if not own:
        own = (name.family or "").strip()
    usage = _ext(name.extension, ASSEMBLY_ORDER, "valueCode") or "NL1"
    surname = _assemble(usage, own, partner)
    initials = _initials(name)
    if not surname or not initials:
        raise NameDataError("name parts missing")
    return NameData(
        initials=initials[:20],
        surname=surname[:100],
        birth_name=own[:100] if own != surname else "",
        date_of_birth=birth,
        sex=patient.gender if patient.gender in SEXES else "unknown",
        name_usage=usage,
    )


def _official_name(names):
    usable = [name for name in names if name.family or name.family__ext]
    for name in usable:
        if name.use == "official":
            return name
    return usable[0] if usable else None


def _assemble(usage: str, own: str, partner: str) -> str:
    """NL1 own name, NL2 partner's, NL3 partner's–own, NL4 own–partner's."""
    if not partner:
        return own
    return {
        "NL2": partner,
        "NL3": f"{partner}-{own}",
        "NL4": f"{own}-{partner}",
    }.get(usage, own)


def _initials(name) -> str:
    given = name.given or []
    qualifiers = name.given__ext or []
    marked = [
        value
        for value, ext in zip(given, qualifiers, strict=False)
        if ext is not None and _ext(ext.extension, QUALIFIER, "valueCode") == "IN"
    ]
    if marked:
        return " ".join(value.strip() for value in marked)
    return "".join(f"{part[0].upper()}." for value in given for part in value.split() if part)


def _ext(holder, url: str, field: str = "valueString") -> str:
    extensions = getattr(holder, "extension", holder) or []
    for extension in extensions:
        if extension.url == url:
            return (getattr(extension, field, None) or "").strip()
    return ""


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
