"""Ids that arrive from outside (URL parts, query strings, posted forms).

A primary key is a 64-bit signed integer in the database. A longer number is not an id:
SQLite cannot even bind it (OverflowError, a 500). Every id the project reads from a
request passes here: `IdConverter` for URL parts (`<id:...>`), `parse_id` for query and
form values. See docs/access-policy.md ("Ids and search queries from outside").
"""

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(raw) -> int | None:
    """The id in `raw`, or None when it is not a positive 64-bit integer in ASCII digits."""
    text = str(raw) if raw is not None else ""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """All ids of `values`, or None when any of them is not an id."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids


class IdConverter:
    """`<id:name>` in URL patterns: like `<int:...>`, but out of range is no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # no match: the resolver tries on, then answers 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
