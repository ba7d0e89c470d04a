import datetime

from django import forms
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from cms.caching import PublicPageCacheMixin
from networks.models import Network
from register.models import Dimension, TargetGroup


class Tool(index.Indexed, models.Model):
    """An intervention or tool, shown next to patients of its target groups."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="tools"
    )
    dimensions = models.ManyToManyField(
        Dimension,
        verbose_name=_("dimensions"),
        blank=True,
        related_name="tools",
        help_text=_("Problems this tool helps with; shown first for patients with those problems."),
    )
    link = models.URLField(_("link"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tools",
        help_text=_("Leave empty for a national tool."),
    )

    reviewed_on = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("Tools not reviewed for a year are listed on the coordinator's dashboard."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("dimensions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("link"),
        FieldPanel("document"),
        FieldPanel("network"),
        FieldPanel("reviewed_on"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("dimensions", [index.SearchField("name")]),
        index.FilterField("network"),  # the admin's search within a coordinator's tools
    ]

    class Meta:
        verbose_name = _("intervention or tool")
        verbose_name_plural = _("interventions and tools")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ToolsLibraryPage(PublicPageCacheMixin, RoutablePageMixin, Page):
    """Browse and search the interventions & tools; each tool has its own page here."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("tools library")

    @path("")
    def browse(self, request):
        from toolslibrary.forms import ToolFilterForm

        form = ToolFilterForm(request.GET or None)
        tools = form.filtered()
        return self.render(
            request,
            context_overrides={"filter_form": form, "tools": tools, "filtered": bool(request.GET)},
        )

    @path("<id:tool_id>/")
    def tool(self, request, tool_id: int):
        tool = get_object_or_404(
            Tool.objects.select_related("network", "document").prefetch_related(
                "target_groups", "dimensions"
            ),
            pk=tool_id,
        )
        return self.render(
            request, context_overrides={"tool": tool}, template="toolslibrary/tool_page.html"
        )
