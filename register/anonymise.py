"""The one anonymiser for free text that leaves the register (reports, insight, exports).

Clinicians type advice, findings, agreements and attention points; a name, a date or a
number that identifies someone can slip in. `Anonymiser` blanks, in this order:

- e-mail addresses;
- dates in every Dutch and numeric form: "3 maart 1938", "3 mrt.", "03-03-1938",
  "3/3/38", "3.3.1938", "1938-03-03" (any date, not only birth dates: a date of death or
  of an admission identifies just as well);
- Dutch phone numbers: 06-, +31 / 0031 (with or without "(0)"), 010-, in any grouping;
- postcodes, with the house number and addition when one follows ("3011 AB 12a");
- BSNs, with and without dots or spaces (123456782, 1234.56.782, 123 456 782);
- every surname and birth name of the group's register (also without its prefix such as
  "van der"), together with initials written before it ("J.P. de Vries", "JP Vries").
  The register holds no first names, so initials with a surname are what it knows.

It lives with the register because the register is what it knows names from. It is
applied once, when a meeting closes (meetings.anonymisation), and the results are stored;
reports, insight and every export read only those stored texts. See
docs/data-protection.md ("One anonymiser").
"""

import re
from collections.abc import Iterable

BLANK = "[…]"
# Prefixes of Dutch surnames ("tussenvoegsels"): "Van der Berg" is also written "Berg".
PREFIXES = frozenset(
    "van de der den het ter ten te op in 't d' da del della di du la le von zu vd v/d".split()
)
MIN_NAME_LENGTH = 2

_MONTHS = (
    r"jan(?:uari)?|feb(?:ruari)?|mrt|maart|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?"
    r"|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
GENERIC_PATTERNS = [
    # e-mail address
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # "3 maart 1938", "3 mrt. '38", "3 maart": day and month name, year optional
    re.compile(rf"(?<!\w)\d{{1,2}}\s*(?:{_MONTHS})\b\.?(?:\s*'?\d{{2,4}}\b)?", re.IGNORECASE),
    # "1938-03-03", "1938/3/3"
    re.compile(r"(?<![\d.\-/])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d.\-/])"),
    # "03-03-1938", "3/3/38", "3.3.1938"
    re.compile(r"(?<![\d.\-/])\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?![\d\-/]|\.\d)"),
    # phone: +31 6 12345678, 0031-10-1234567, +31 (0)10 123 4567
    re.compile(r"(?<![\w+])(?:\+|00)31[\s-]*(?:\(0\)[\s-]*)?\d(?:[\s-]?\d){8}(?!\d)"),
    # phone: 06-12345678, 010 - 123 45 67, 0612345678
    re.compile(r"(?<![\w+])0\d(?:\s?-?\s?\d){8}(?!\d)"),
    # postcode with an optional house number and addition: 3011 AB 12a, 3011AB 12-3
    re.compile(r"(?<!\w)[1-9]\d{3}\s?[A-Z]{2}(?:\s*\d+(?:[a-zA-Z]{1,2}\b|\s?-\s?\w{1,4}\b)?)?\b"),
    # BSN: 123456782, 123.456.782, 123 456 782, 1234.56.782
    re.compile(r"(?<![\d.])(?:\d{3}[.\s]?\d{3}[.\s]?\d{3}|\d{4}[.\s]\d{2}[.\s]\d{3})(?![\d]|\.\d)"),
]
# Initials written before a surname: "J.", "J.P.", "J. P. ", "JP " (capitals only).
_INITIALS = r"(?:(?-i:[A-Z])\.\s*){1,4}|(?-i:[A-Z]{1,3})\s+"


def name_variants(name: str) -> set[str]:
    """The name as written, and without its prefix ("van der Berg" → "Berg")."""
    name = " ".join(name.split())
    if len(name) < MIN_NAME_LENGTH:
        return set()
    variants = {name}
    words = name.split(" ")
    while len(words) > 1 and words[0].lower() in PREFIXES:
        words = words[1:]
    core = " ".join(words)
    if len(core) >= MIN_NAME_LENGTH:
        variants.add(core)
    return variants


class Anonymiser:
    """Blanks identifiers in free text; names come from the patients it is given."""

    def __init__(self, names: Iterable[str] = ()):
        variants = set()
        for name in names:
            variants |= name_variants(name or "")
        alternatives = sorted(variants, key=len, reverse=True)
        self.names = None
        if alternatives:
            joined = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in alternatives)
            self.names = re.compile(rf"(?<!\w)(?:{_INITIALS})?(?:{joined})(?!\w)", re.IGNORECASE)

    @classmethod
    def from_patients(cls, patients) -> "Anonymiser":
        """From patient rows (models or historical models in a migration)."""
        names = []
        for patient in patients:
            names += [patient.surname, patient.birth_name]
        return cls(names)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for pattern in GENERIC_PATTERNS:
            text = pattern.sub(BLANK, text)
        if self.names is not None:
            text = self.names.sub(BLANK, text)
        return text


def anonymiser_for_group(group_id: int) -> Anonymiser:
    """Knows every surname and birth name in the group's register (all statuses)."""
    from register.models import Patient

    return Anonymiser.from_patients(
        Patient.objects.filter(group_id=group_id).only("surname", "birth_name")
    )
