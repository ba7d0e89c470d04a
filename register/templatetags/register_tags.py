from django import template
from django.utils.html import format_html

from register.colour_codes import style_element

register = template.Library()


@register.simple_tag(takes_context=True)
def colour_code_styles(context, patients):
    """A CSS class per scale option on this page (see register/colour_codes.py).
    Built from the options the patients already carry: no extra query."""
    options = {}
    for patient in patients:
        for kind in ("prognosis", "urgency"):
            option = getattr(patient, kind)
            if option is not None:
                options[(kind, option.pk)] = option
    rules = [
        (f"code-{kind}-{pk}", option.colour, option.text_colour)
        for (kind, pk), option in sorted(options.items())
    ]
    return style_element(rules, context["request"].csp_nonce)


@register.simple_tag
def colour_code(option, kind):
    """The colour code as a coloured label: colour *and* text, never colour alone.

    A simple tag rather than an inclusion template: it runs twice per register row.
    """
    if option is None:
        return format_html('<span class="colour-code colour-code--none">–</span>')
    return format_html(
        '<span class="colour-code code-{}-{}">{}</span>', kind, option.pk, option.label
    )


@register.filter
def filled_and_empty(rows):
    """(sub-field, entry) rows split into those with a problem or strength and the rest."""
    filled = [
        (field, entry) for field, entry in rows if entry and (entry.problem or entry.strength)
    ]
    empty = [(field, entry) for field, entry in rows if (field, entry) not in filled]
    return filled, empty


@register.simple_tag(takes_context=True)
def scale_option_styles(context, form):
    """A CSS class per prognosis and urgency option the form offers (radio cards)."""
    rules = [
        (f"code-{kind}-{option.pk}", option.colour, option.text_colour)
        for kind in ("prognosis", "urgency")
        if kind in form.fields
        for option in form.fields[kind].queryset
    ]
    return style_element(rules, context["request"].csp_nonce)
