"""Everything the portal holds about one patient, for a data request (AVG art. 15/20).

One definition, two forms: JSON (machine-readable: field names, stored codes, ISO dates)
and a PDF (Dutch labels, choice labels, dates written out). Callers check access
(`Action.EXPORT`) and write the audit event.
"""

from datetime import date, datetime

from django.db.models import Prefetch

from config.dutch_dates import dutch_date, dutch_day
from meetings.models import AgendaItem
from register.models import Patient

# Internal columns that say nothing about the person.
SKIPPED_FIELDS = {"id", "group", "version", "homecare_organisations", "extra_disciplines"}


def patient_fields(patient: Patient) -> list[tuple[str, str, object]]:
    """(field name, label, value as shown to a person) for every field of the record:
    choices as their label, dates and times formatted in Dutch, people by name."""
    return [(field.name, str(field.verbose_name), _shown(patient, field)) for field in _fields()]


def patient_values(patient: Patient) -> dict:
    """The same fields for a machine: stored codes and ISO dates, people by name."""
    return {field.name: _value(patient, field) for field in _fields()}


def _fields():
    return [
        field
        for field in Patient._meta.concrete_fields + Patient._meta.many_to_many
        if field.name not in SKIPPED_FIELDS
    ]


def _value(patient: Patient, field):
    if field.is_relation:
        return _display(getattr(patient, field.name))
    return getattr(patient, field.attname)


def _shown(patient: Patient, field):
    if field.choices:
        return getattr(patient, f"get_{field.name}_display")()
    value = _value(patient, field)
    if isinstance(value, datetime):
        return dutch_date(value)
    if isinstance(value, date):
        return dutch_day(value, with_weekday=False)
    return value


def patient_record(patient: Patient) -> dict:
    """The record with everything hanging off it, including what meetings recorded."""
    items = (
        AgendaItem.objects.filter(patient=patient)
        .select_related("meeting", "after_death_analysis")
        .prefetch_related("agreements", "attention_points__category", "tools", Prefetch("inputs"))
        .order_by("meeting__starts_at")
    )
    return {
        "patient": patient_values(patient),
        "homecare_organisations": [o.name for o in patient.homecare_organisations.all()],
        "extra_disciplines": [d.name for d in patient.extra_disciplines.all()],
        "care_providers": [
            {
                "name": p.name,
                "discipline": _display(p.discipline),
                "organisation": _display(p.organisation),
                "contact": p.contact,
                "care_coordinator": p.is_care_coordinator,
            }
            for p in patient.care_providers.all()
        ],
        "problems_and_strengths": [
            {
                "dimension": entry.sub_field.dimension.name,
                "sub_field": entry.sub_field.name,
                "problem": entry.problem,
                "strength": entry.strength,
            }
            for entry in patient.problems.all()
        ],
        "target_group_history": [
            {
                "changed_at": change.changed_at,
                "from": change.from_target_group.name,
                "to": change.to_target_group.name,
            }
            for change in patient.target_group_changes.all()
        ],
        "meetings": [_meeting_entry(item) for item in items],
    }


def _meeting_entry(item: AgendaItem) -> dict:
    entry = {
        "meeting_date": item.meeting.starts_at,
        "discussed": item.discussed,
        "advice": item.advice,
        "agreements": [
            {"what": a.what, "who": a.who, "due_date": a.due_date, "status": a.status}
            for a in item.agreements.all()
        ],
        "attention_points": [
            {"category": p.category.name, "text": p.text} for p in item.attention_points.all()
        ],
        "interventions_and_tools": [tool.title for tool in item.tools.all()],
        "pre_meeting_input": [i.text for i in item.inputs.all()],
    }
    analysis = getattr(item, "after_death_analysis", None)
    if analysis is not None:
        entry["after_death_analysis"] = {
            "identified_in_time": analysis.identified_in_time,
            "weeks_on_register": analysis.weeks_on_register,
            "preferred_place_of_death": analysis.preferred_place_of_death,
            "actual_place_of_death": analysis.actual_place_of_death,
            "went_well": analysis.went_well,
            "could_be_better": analysis.could_be_better,
        }
    return entry


def _display(related) -> str:
    if related is None:
        return ""
    return getattr(related, "full_name", None) or str(related)
