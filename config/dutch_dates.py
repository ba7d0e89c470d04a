"""The portal's one way of writing dates and times, in Dutch: "dinsdag 22 december 2026,
12.30 uur" for a moment, "dinsdag 22 december 2026" or "22 december 2026" for a day and
"12.30" for a time. Screens, e-mails and PDFs use these (as the template filters
`dutch_date`, `dutch_day` and `dutch_time` of networks/templatetags/portal.py), so a
date reads the same wherever it appears."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def _local(value):
    if isinstance(value, str):
        # Dates kept in JSON (a discussion's agreements) are ISO strings.
        value = datetime.date.fromisoformat(value)
    return timezone.localtime(value) if isinstance(value, datetime.datetime) else value


def dutch_day(value, with_weekday: bool = True) -> str:
    """The day of a date or moment: "dinsdag 22 december 2026" ("22 december 2026")."""
    if not value:
        return ""
    return date_format(_local(value), "l j F Y" if with_weekday else "j F Y")


def dutch_time(value) -> str:
    """The time of a moment: "12.30" (the Dutch separator is a full stop)."""
    if not value:
        return ""
    return date_format(_local(value), "H.i")


def dutch_date(value, with_weekday: bool = True) -> str:
    """A moment as "dinsdag 22 december 2026, 12.30 uur"; a date as its day."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return gettext("%(day)s at %(time)s") % {
            "day": dutch_day(value, with_weekday),
            "time": dutch_time(value),
        }
    return dutch_day(value, with_weekday)


def dutch_period(starts_at, ends_at) -> str:
    """A meeting's time: "dinsdag 22 december 2026, 12.30–13.30 uur"."""
    if not starts_at:
        return ""
    if not ends_at:
        return dutch_date(starts_at)
    return gettext("%(day)s from %(start)s to %(end)s") % {
        "day": dutch_day(starts_at),
        "start": dutch_time(starts_at),
        "end": dutch_time(ends_at),
    }
