from django import template

from socialmap.selectors import entries_for_picker

register = template.Library()


@register.inclusion_tag("socialmap/_picker.html")
def social_map_picker(group):
    """The group's network's social map as a datalist for the care provider rows' name
    fields: the browser offers the entries while typing (no JavaScript needed) and any
    other name can still be typed. social-map-picker.js fills the contact details."""
    return {"entries": entries_for_picker(group.network_id)}
