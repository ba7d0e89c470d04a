"""RSS and Atom feeds of the public news (members-only items never appear)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from news.selectors import latest_public_news


class PublicNewsRssFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return _("News from the MDO portal")

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.intro or _("Public news from the networks.")

    def items(self):
        return latest_public_news(limit=30)

    def author_name(self):
        # Atom requires an author on the feed when its entries have none (RFC 4287 4.1.1).
        return _("MDO portal")

    # Titles are plain text (the feed generator escapes them for XML, once). Descriptions
    # are HTML to feed readers: the editors' text is escaped to stay text.
    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.intro)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        # Atom entries need <updated> (RFC 4287 4.1.2); RSS ignores it.
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return [item.network.name] if item.network else []


class PublicNewsAtomFeed(PublicNewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
