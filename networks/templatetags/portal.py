"""The signed-in portal's shell and design-system helpers (docs/design.md).

`{% portal_shell %}` renders the header of every signed-in page: the current MDO group
with a switcher, the primary navigation and the user menu. `{% icon "name" %}` inlines
one of the vendored Lucide icons (static/vendor/icons/, `make vendor-icons`), always
decorative: the text label next to it carries the meaning.
"""

import re
from functools import cache

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from config import dutch_dates
from networks.selectors import coordinates_any_network, memberships_for_user

register = template.Library()

ICON_DIR = settings.BASE_DIR / "static" / "vendor" / "icons"
# The primary navigation's sections, by URL namespace.
SECTIONS = {
    "register": "register",
    "meetings": "meetings",
    "meeting_run": "meetings",
    "insight": "insight",
}


@cache
def _icon_svg(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"not an icon name: {name!r}")
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S).strip()
    svg = re.sub(r'\s(class|width|height)="[^"]*"', "", svg)
    svg = re.sub(r"\s+", " ", svg)
    return svg.replace(
        "<svg ", '<svg class="icon" aria-hidden="true" focusable="false" ', 1
    ).replace("> <", "><")


@register.simple_tag
def icon(name: str):
    return mark_safe(_icon_svg(name))  # noqa: S308 - vendored files, names checked above


@register.inclusion_tag("portal/_shell_header.html", takes_context=True)
def portal_shell(context):
    request = context["request"]
    user = request.user
    memberships = list(memberships_for_user(user=user)) if user.is_authenticated else []
    group = context.get("group")
    current = next((m for m in memberships if group and m.group_id == group.pk), None)
    if current is None and memberships:
        current = memberships[0]
    match = getattr(request, "resolver_match", None)
    section = SECTIONS.get(match.app_name if match else "", "")
    if match and match.url_name == "news":
        section = "news"
    return {
        "request": request,
        "user": user,
        "memberships": memberships,
        "current": current,
        "section": section,
        "shows_insight": user.is_authenticated
        and (user.is_superuser or coordinates_any_network(user)),
        "shows_cms_link": context.get("shows_cms_link"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (sort links, pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


@register.filter
def dutch_date(value, with_weekday=True):
    """The portal's one date format: "dinsdag 22 december 2026, 12.30 uur" for a moment,
    "dinsdag 22 december 2026" for a day ("22 december 2026" with `:False`)."""
    return dutch_dates.dutch_date(value, with_weekday)


@register.filter
def dutch_day(value, with_weekday=True):
    """Only the day, also of a moment: "dinsdag 22 december 2026" ("22 december 2026")."""
    return dutch_dates.dutch_day(value, with_weekday)


@register.filter
def dutch_period(starts_at, ends_at):
    """A meeting's time: "dinsdag 22 december 2026, 12.30–13.30 uur"."""
    return dutch_dates.dutch_period(starts_at, ends_at)


@register.filter
def dutch_time(value):
    """Only the time of a moment: "12.30"."""
    return dutch_dates.dutch_time(value)
