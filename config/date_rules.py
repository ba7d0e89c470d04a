"""Plausibility rules for the dates people type, in one place. The register's patient
form and the meeting planning forms call these (and so can any later inline check);
each rule returns clear messages, so nothing implausible is saved or sent."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# How far ahead a meeting can be planned: further is a typing error (year 9999).
MEETING_HORIZON = timedelta(days=2 * 366)

# Dates of events in a patient's life that have happened: not in the future, not before birth.
PAST_EVENT_DATES = {
    "surprise_question_date": _("The date of the Surprise Question cannot be in the future."),
    "spict_date": _("The date of the SPICT cannot be in the future."),
    "consent_date": _("The date of consent cannot be in the future."),
    "date_of_death": _("A date of death cannot be in the future."),
}
BEFORE_BIRTH = {
    "surprise_question_date": _("The date of the Surprise Question is before the date of birth."),
    "spict_date": _("The date of the SPICT is before the date of birth."),
    "consent_date": _("The date of consent is before the date of birth."),
    "date_of_death": _("The date of death is before the date of birth."),
}


def patient_date_problems(values: dict, *, today: date | None = None) -> dict[str, str]:
    """{field name: message} for the patient dates in `values` that cannot be right.
    Missing (None) dates are left to the required-field checks."""
    today = today or timezone.localdate()
    problems = {}
    birth = values.get("date_of_birth")
    if birth is not None:
        if birth > today:
            problems["date_of_birth"] = _("A date of birth cannot be in the future.")
        elif birth < EARLIEST_BIRTH_DATE:
            problems["date_of_birth"] = _("Enter a date of birth after 1 January 1900.")
    for name, in_future in PAST_EVENT_DATES.items():
        value = values.get(name)
        if value is None:
            continue
        if value > today:
            problems[name] = in_future
        elif birth is not None and "date_of_birth" not in problems and value < birth:
            problems[name] = BEFORE_BIRTH[name]
    return problems


def meeting_start_problem(starts_at: datetime, *, now: datetime | None = None) -> str | None:
    """Why a meeting cannot start at `starts_at`, or None: not in the past, not beyond
    the planning horizon."""
    now = now or timezone.now()
    if starts_at <= now:
        return _("This moment has already passed: choose a date in the future.")
    if starts_at > now + MEETING_HORIZON:
        return _("A meeting can be planned at most two years ahead: check the year.")
    return None
