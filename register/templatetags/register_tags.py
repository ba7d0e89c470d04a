from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def colour_code_styles(context, patients):
    """A CSS class per scale option on this page, in a <style> with the CSP nonce.

    Built from the options the patients already carry: no extra query. Colours are
    validated #RRGGBB values, so nothing else can reach the stylesheet.
    """
    request = context["request"]
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
    css = format_html_join("", ".{}{{background:{};color:{}}}", rules)
    return format_html('<style nonce="{}">{}</style>', request.csp_nonce, css)


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
