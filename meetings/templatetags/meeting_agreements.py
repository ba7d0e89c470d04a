"""Template tags for the includes other pages embed (the patient page)."""

from django import template

from meetings import agreements, history

register = template.Library()


@register.simple_tag
def patient_agreements(patient):
    """The patient's open agreements; the page including this has checked access."""
    return agreements.open_for_patient(patient)


@register.simple_tag
def patient_discussions(patient):
    """The patient's discussion history; the page including this has checked access."""
    return history.patient_discussions(patient)


@register.simple_tag(takes_context=True)
def journal_texts(context, patient):
    """The "Kopieer voor het HIS-journaal" texts, only for the patient's responsible GP."""
    return history.journal_for_gp(context["request"].user, patient)
