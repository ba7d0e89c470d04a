"""A small editorial site for tests: the page tree the demo builds, without the demo."""

from types import SimpleNamespace

from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import ApplicationPage, ContactPage, HomePage, VideoLibraryPage, VideoPage
from news.models import NetworkNewsIndexPage, NewsIndexPage, NewsPage
from news.sections import ensure_all_network_sections
from toolslibrary.models import ToolsLibraryPage


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_site(*networks):
    home = HomePage.objects.get()
    news = publish_child(home, NewsIndexPage(title="Nieuws", slug="nieuws"))
    ensure_all_network_sections()
    sections = {n.pk: NetworkNewsIndexPage.objects.get(network=n) for n in networks}
    application = publish_child(
        home,
        ApplicationPage(
            title="Aanmelden", slug="aanmelden", thank_you=RichText("<p>Dank u wel.</p>")
        ),
    )
    contact = publish_child(
        home, ContactPage(title="Contact", slug="contact", thank_you=RichText("<p>Dank.</p>"))
    )
    videos = publish_child(home, VideoLibraryPage(title="Instructiefilmpjes", slug="filmpjes"))
    ensure_all_network_sections()  # now with the networks' video sections
    video = publish_child(
        videos,
        VideoPage(
            title="Hoe plan ik de vergaderingen?",
            slug="plannen",
            audience="voorzitter",
            duration_minutes=3,
            description=RichText("<p>Vergaderdata invoeren.</p>"),
            external_url="https://video.example.org/plannen",
            captions="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWelkom\n",
        ),
    )
    tools = publish_child(home, ToolsLibraryPage(title="Interventies en tools", slug="tools"))
    return SimpleNamespace(
        home=home,
        news=news,
        sections=sections,
        application=application,
        contact=contact,
        videos=videos,
        video=video,
        tools=tools,
    )


def add_news(section, *, title="Nieuwsbericht", is_public=True, intro="Korte samenvatting."):
    from django.utils.text import slugify

    return publish_child(
        section, NewsPage(title=title, slug=slugify(title)[:50], intro=intro, is_public=is_public)
    )


def news_form_data(*, title, intro="Samenvatting", is_public=True, body=(), publish=True):
    from django.utils.text import slugify

    data = {
        "title": title,
        "slug": slugify(title)[:50],
        "date": "2026-11-20",
        "intro": intro,
        "body": streamfield(list(body)),
        "comments": inline_formset([]),
    }
    if is_public:
        data["is_public"] = "on"
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)
