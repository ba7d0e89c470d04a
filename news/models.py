from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.caching import PublicPageCacheMixin


class NewsIndexPage(PublicPageCacheMixin, RoutablePageMixin, Page):
    """All public news, with RSS and Atom feeds; one section per network below it."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.NetworkNewsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news overview")

    def get_context(self, request, *args, **kwargs):
        from news.selectors import latest_public_news

        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = latest_public_news(limit=20)
        context["sections"] = self.get_children().live().specific()
        return context

    @path("rss/")
    def rss_feed(self, request):
        from news.feeds import PublicNewsRssFeed

        return PublicNewsRssFeed(self)(request)

    @path("atom/")
    def atom_feed(self, request):
        from news.feeds import PublicNewsAtomFeed

        return PublicNewsAtomFeed(self)(request)


class NetworkNewsIndexPage(PublicPageCacheMixin, Page):
    """One network's news section. Its coordinators may add and publish only here
    (news.sections gives their group page permissions on this page)."""

    network = models.OneToOneField(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="news_section",
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("network news section")

    def get_context(self, request, *args, **kwargs):
        from news.selectors import news_visible_to

        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = news_visible_to(request.user).child_of(self)[:30]
        return context


class NewsPage(PublicPageCacheMixin, Page):
    """A news item of one network: for its members, and on the public site if marked public."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    is_public = models.BooleanField(
        _("also on the public website"),
        default=False,
        help_text=_("Otherwise only members of the network's MDO groups see this item."),
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="news",
        editable=False,
        null=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("is_public"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("is_public"),
        index.FilterField("network"),
    ]
    parent_page_types = ["news.NetworkNewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def save(self, *args, **kwargs):
        # The network follows from the section the item sits in.
        parent = self.get_parent() if self.path else None
        if parent is not None and isinstance(parent.specific, NetworkNewsIndexPage):
            self.network_id = parent.specific.network_id
        super().save(*args, **kwargs)

    def is_cacheable_for(self, request) -> bool:
        return self.is_public and super().is_cacheable_for(request)

    def serve(self, request, *args, **kwargs):
        from news.selectors import may_read_news

        if not self.is_public and not may_read_news(request.user, self):
            if not request.user.is_authenticated:
                return redirect(f"{_login_url()}?next={self.url}")
            raise Http404
        return super().serve(request, *args, **kwargs)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)
