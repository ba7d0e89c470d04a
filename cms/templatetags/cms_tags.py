from django import template
from django.core.cache import cache
from wagtail.models import Site

from cms.caching import generation

register = template.Library()


@register.simple_tag(takes_context=True)
def public_menu(context):
    """The home page's live children as {"main": [...], "footer": [...]} of (title, url):
    "show in menus" pages in the main menu, the others (privacy, accessibility) in the
    footer. Cached until anything is published (cms.caching)."""
    request = context.get("request")
    key = f"public-menu:{generation()}"
    menu = cache.get(key)
    if menu is None:
        site = Site.find_for_request(request) if request else Site.objects.first()
        if site is None:
            return {"main": [], "footer": []}
        menu = {"main": [], "footer": []}
        for page in site.root_page.get_children().live().public().order_by("path"):
            menu["main" if page.show_in_menus else "footer"].append((page.title, page.url))
        cache.set(key, menu, 300)
    return menu
