"""Colour codes of a frozen report: colour *and* text, styled under the CSP nonce."""

from django import template
from django.utils.html import format_html

from register.colour_codes import style_element
from register.models import hex_colour

register = template.Library()
KINDS = ("urgency", "prognosis")


def _valid(colour: str) -> bool:
    try:
        hex_colour(colour)
    except Exception:  # noqa: BLE001 - any invalid value is simply not styled
        return False
    return True


@register.simple_tag(takes_context=True)
def report_colour_styles(context, patients, with_nonce=True):
    """One CSS class per patient and scale, from the colours frozen in the report."""
    rules = []
    for index, patient in enumerate(patients):
        for kind in KINDS:
            code = patient.get(kind)
            if code and _valid(code["colour"]) and _valid(code["text_colour"]):
                rules.append((f"report-{kind}-{index}", code["colour"], code["text_colour"]))
    return style_element(rules, context["request"].csp_nonce if with_nonce else None)


@register.simple_tag
def report_colour_code(patient, kind, index):
    code = patient.get(kind)
    if not code:
        return format_html('<span class="colour-code colour-code--none">–</span>')
    return format_html(
        '<span class="colour-code report-{}-{}">{}</span>', kind, index, code["label"]
    )
