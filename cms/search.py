"""Search over the public pages and public news (Wagtail search; 'dutch' on PostgreSQL)."""

from wagtail.models import Page

from news.models import NewsPage


def search_public_pages(query: str):
    members_only_news = NewsPage.objects.filter(is_public=False).values("pk")
    pages = Page.objects.live().public().exclude(pk__in=members_only_news).exclude(depth__lte=1)
    return pages.specific().search(query, operator="and")


def search_tools(query: str, *, limit: int = 20) -> list:
    """Tools matching the query (the library's own selector), each with its page URL."""
    from toolslibrary.models import ToolsLibraryPage
    from toolslibrary.selectors import select_tools

    library = ToolsLibraryPage.objects.live().public().first()
    if library is None:
        return []
    return [
        (tool, f"{library.url}{tool.pk}/")
        for tool in select_tools(query=query).order_by("title")[:limit]
    ]


def search_social_map(query: str, *, limit: int = 20) -> list:
    """Social map entries matching the query (the social map's own selector)."""
    from socialmap.selectors import select_entries

    return list(select_entries(query=query)[:limit])
