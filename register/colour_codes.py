"""The one place that turns colour codes into CSS: one class per scale option (or
report cell), in a <style> element carrying the CSP nonce. Colours are validated
#RRGGBB values, so nothing else can reach the stylesheet."""

from collections.abc import Iterable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def style_element(rules: Iterable[tuple[str, str, str]], nonce: str | None) -> SafeString:
    """`rules` are (class name, background colour, text colour)."""
    css = format_html_join("", ".{}{{background:{};color:{}}}", rules)
    if nonce is None:  # a PDF: no CSP applies
        return format_html("<style>{}</style>", css)
    return format_html('<style nonce="{}">{}</style>', nonce, css)
