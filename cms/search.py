"""Search over the public pages and public news (Wagtail search; 'dutch' on PostgreSQL)."""

from wagtail.models import Page

from news.models import NewsPage


def search_public_pages(query: str):
    members_only_news = NewsPage.objects.filter(is_public=False).values("pk")
    pages = Page.objects.live().public().exclude(pk__in=members_only_news).exclude(depth__lte=1)
    return pages.specific().search(query, operator="and")
