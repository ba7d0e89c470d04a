"""Editors' and visitors' input is rendered harmlessly everywhere on the public site."""

import pytest
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.editorial import add_news, build_site, news_form_data
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in
from toolslibrary.models import Tool

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(1)">klik</a>'


def _assert_harmless(html: str):
    assert "<script>alert" not in html
    assert "<img src=x" not in html and 'onerror="' not in html
    assert 'href="javascript:' not in html


def test_rich_text_streamfield_and_plain_fields_are_escaped(client):
    """Editors type into the admin's editor: rich text is whitelisted on the way in,
    plain text and StreamField text are escaped on the way out."""
    network = NetworkFactory(name="Netwerk XSS")
    site = build_site(network)
    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    item = add_news(site.sections[network.pk], title="Bericht")
    payload = f"<p>Tekst {SCRIPT} {LINK}</p>"
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    data = news_form_data(
        title=f"Titel {SCRIPT}",
        intro=IMG,
        body=[("heading", SCRIPT), ("paragraph", rich_text(payload))],
    )
    data["slug"] = "bericht"
    assert client.post(edit, data).status_code == 302
    application = reverse("wagtailadmin_pages:edit", args=[site.application.pk])
    form = nested_form_data(
        {
            "title": "Aanmelden",
            "slug": "aanmelden",
            "intro": rich_text(payload),
            "body": streamfield([("heading", SCRIPT), ("paragraph", rich_text(payload))]),
            "form_help": SCRIPT,
            "thank_you": rich_text(payload),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    assert client.post(application, form).status_code == 302
    site.video.description = RichText("<p>Uitleg</p>")
    site.video.transcript = SCRIPT
    site.video.audience = IMG
    site.video.save_revision().publish()
    tool = Tool.objects.create(title=SCRIPT, summary=IMG)
    client.logout()
    item.refresh_from_db()
    assert "Titel" in item.title
    for url in [
        site.home.url,
        item.url,
        site.news.url,
        site.news.url + "rss/",
        site.application.url,
        site.application.url + "?verzonden=1",
        site.video.url,
        site.videos.url,
        site.tools.url,
        f"{site.tools.url}{tool.pk}/",
        "/zoeken/?q=" + SCRIPT,
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_harmless(response.content.decode())


def test_form_submissions_are_never_echoed_unescaped(client):
    site = build_site()
    data = {
        "group_name": SCRIPT,
        "chair_name": IMG,
        "email": "geen-adres",
        "network": "",
        "patz_registered": "yes",
    }
    response = client.post(site.application.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    _assert_harmless(html)
    assert "&lt;script&gt;" in html
