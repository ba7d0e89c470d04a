from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.caching import PublicPageCacheMixin


class HomePage(PublicPageCacheMixin, Page):
    """The public front page: what the portal is, the latest public news, the way in."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ContentPage",
        "cms.ApplicationPage",
        "cms.ContactPage",
        "cms.VideoLibraryPage",
        "news.NewsIndexPage",
        "toolslibrary.ToolsLibraryPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from news.selectors import latest_public_news

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = latest_public_news(limit=3)
        context["menu_pages"] = self.get_children().live().in_menu()
        return context


class ContentPage(PublicPageCacheMixin, Page):
    """A page of text: what an MDO is, privacy statement, accessibility statement."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class Submission(models.Model):
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ApplicationSubmission(Submission):
    """An MDO group that wants to join the portal; the support desk follows it up."""

    group_name = models.CharField(_("name of the MDO group"), max_length=200)
    chair_name = models.CharField(_("name of the chair"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    patz_registered = models.BooleanField(_("registered with Stichting PaTz"))

    class Meta(Submission.Meta):
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return self.group_name


class ContactMessage(Submission):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"), max_length=4000)

    class Meta(Submission.Meta):
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d})"


class FormPage(Page):
    """A page with a fixed form whose submissions are stored and mailed to the desk.

    Not cached: the form carries a CSRF token. Repeated posts from one address are
    refused (cms.ratelimit); a filled-in honeypot is thanked and dropped.
    """

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    form_help = models.TextField(
        _("help text above the form"),
        blank=True,
        max_length=600,
        help_text=_("For example which details you need and what happens next."),
    )
    thank_you = RichTextField(
        _("thank-you text"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after the form was sent."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("form_help"), FieldPanel("thank_you")], heading=_("Form")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = []
    template = "cms/form_page.html"
    rate_limit_scope = "form"

    class Meta:
        abstract = True

    def get_form_class(self):
        raise NotImplementedError

    def notify_support_desk(self, submission) -> None:
        raise NotImplementedError

    def serve(self, request, *args, **kwargs):
        from cms.ratelimit import over_limit

        form_class = self.get_form_class()
        status = 200
        if request.method == "POST":
            form = form_class(request.POST)
            if over_limit(request, self.rate_limit_scope):
                form.add_error(
                    None, _("Too many messages from your address. Please try again later.")
                )
                status = 429
            elif form.is_spam():
                return HttpResponseRedirect(self.url + "?verzonden=1")
            elif form.is_valid():
                with transaction.atomic():
                    submission = form.save()
                    self.notify_support_desk(submission)
                return HttpResponseRedirect(self.url + "?verzonden=1")
            else:
                status = 400
        else:
            form = form_class()
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        context["sent"] = request.GET.get("verzonden") == "1"
        return TemplateResponse(request, self.get_template(request), context, status=status)


def _queue_support_email(*, key: str, subject: str, template: str, context: dict) -> None:
    from django.template.loader import render_to_string

    from outbox.services import email_queue

    email_queue(
        key=key,
        to=settings.SUPPORT_DESK_EMAIL,
        subject=subject,
        text=render_to_string(template, context),
    )


class ApplicationPage(FormPage):
    """How to join: the application form for a new MDO group."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    content_panels = [
        *FormPage.content_panels[:2],
        FieldPanel("body"),
        *FormPage.content_panels[2:],
    ]
    search_fields = [*FormPage.search_fields, index.SearchField("body")]
    max_count = 1
    rate_limit_scope = "application"
    template = "cms/form_page.html"

    class Meta:
        verbose_name = _("application page")

    def get_form_class(self):
        from cms.forms import ApplicationForm

        return ApplicationForm

    def notify_support_desk(self, submission) -> None:
        _queue_support_email(
            key=f"cms-application-{submission.pk}",
            subject=str(_("New application: %(group)s") % {"group": submission.group_name}),
            template="cms/email/application.txt",
            context={"submission": submission},
        )


class ContactPage(FormPage):
    address = models.TextField(_("address and phone number"), blank=True, max_length=600)
    content_panels = [*FormPage.content_panels, FieldPanel("address")]
    max_count = 1
    rate_limit_scope = "contact"
    template = "cms/form_page.html"

    class Meta:
        verbose_name = _("contact page")

    def get_form_class(self):
        from cms.forms import ContactForm

        return ContactForm

    def notify_support_desk(self, submission) -> None:
        _queue_support_email(
            key=f"cms-contact-{submission.pk}",
            subject=str(_("Contact form: message from %(name)s") % {"name": submission.name}),
            template="cms/email/contact.txt",
            context={"submission": submission},
        )


class VideoLibraryPage(PublicPageCacheMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.VideoPage", "cms.NetworkVideoLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("video library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["videos"] = (
            VideoPage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("poster")
            .order_by("path")
        )
        return context


class NetworkVideoLibraryPage(PublicPageCacheMixin, Page):
    """One network's videos. Its coordinators may add, edit and publish videos only here
    (news.sections gives their editors' group page permissions on this page); national
    videos, directly below the library, are for administrators."""

    network = models.OneToOneField(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="video_section",
    )
    parent_page_types = ["cms.VideoLibraryPage"]
    subpage_types = ["cms.VideoPage"]

    class Meta:
        verbose_name = _("network's videos")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect(self.get_parent().url)


def validate_webvtt(value: str) -> None:
    if value and not value.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValidationError(_("Captions must be in WebVTT format: the text starts with WEBVTT."))


class VideoPage(PublicPageCacheMixin, RoutablePageMixin, Page):
    """An instructional video: a self-hosted file, or a link to elsewhere shown with a
    poster image (never an embedded player that needs the internet to render)."""

    audience = models.CharField(
        _("intended audience"),
        max_length=100,
        help_text=_('For example "chair" or "GP or nurse".'),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(
        _("link to the video elsewhere"),
        blank=True,
        help_text=_("Used when there is no video file; shown as a link with the poster."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captions = models.TextField(
        _("captions (WebVTT)"),
        blank=True,
        validators=[validate_webvtt],
        help_text=_("Subtitles in WebVTT format, shown in the player."),
    )
    transcript = models.TextField(_("transcript"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("external_url"), FieldPanel("poster")],
            heading=_("Video"),
        ),
        FieldPanel("captions"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("audience"),
        index.SearchField("description"),
        index.SearchField("transcript"),
    ]
    parent_page_types = ["cms.VideoLibraryPage", "cms.NetworkVideoLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("video page")

    def clean(self):
        super().clean()
        if not self.video_id and not self.external_url:
            raise ValidationError(_("Choose a video file or give a link to the video."))

    @path("ondertiteling/")
    def captions_file(self, request):
        if not self.captions:
            return HttpResponse(status=404)
        response = HttpResponse(self.captions, content_type="text/vtt; charset=utf-8")
        response["Cache-Control"] = "public, max-age=300"
        return response
