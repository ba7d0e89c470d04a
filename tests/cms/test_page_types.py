"""Page types: where each may live, that each renders, and what the forms do."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import (
    ApplicationPage,
    ApplicationSubmission,
    ContactMessage,
    ContactPage,
    ContentPage,
    HomePage,
    NetworkVideoLibraryPage,
    VideoLibraryPage,
    VideoPage,
)
from news.models import NetworkNewsIndexPage, NewsIndexPage, NewsPage
from outbox.models import OutboundEmail
from tests.editorial import add_news, build_site
from tests.factories import NetworkFactory
from toolslibrary.models import ToolsLibraryPage


class TestPageTree(WagtailPageTestCase):
    def test_the_home_page_holds_the_public_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ContentPage,
                ApplicationPage,
                ContactPage,
                VideoLibraryPage,
                NewsIndexPage,
                ToolsLibraryPage,
            },
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_news_lives_only_in_a_network_section(self):
        self.assertAllowedParentPageTypes(NewsPage, {NetworkNewsIndexPage})
        self.assertAllowedParentPageTypes(NetworkNewsIndexPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NetworkNewsIndexPage, {NewsPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, NewsPage)

    def test_videos_live_in_the_video_library(self):
        # national videos directly in the library, a network's in its own section
        self.assertAllowedParentPageTypes(VideoPage, {VideoLibraryPage, NetworkVideoLibraryPage})
        self.assertAllowedSubpageTypes(VideoLibraryPage, {VideoPage, NetworkVideoLibraryPage})
        self.assertAllowedSubpageTypes(NetworkVideoLibraryPage, {VideoPage})
        self.assertAllowedSubpageTypes(VideoPage, set())
        self.assertCanNotCreateAt(ContentPage, VideoPage)

    def test_forms_and_text_pages(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ApplicationPage, set())
        self.assertCanCreateAt(HomePage, ContentPage)

    def test_every_page_of_the_site_renders(self):
        network = NetworkFactory(name="Netwerk Testregio")
        site = build_site(network)
        item = add_news(site.sections[network.pk], title="Openbaar bericht")
        pages = [
            site.home,
            site.news,
            site.sections[network.pk],
            item,
            site.application,
            site.contact,
            site.videos,
            site.video,
            site.tools,
        ]
        for page in pages:
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(site.video, "ondertiteling/")


pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site(NetworkFactory(name="Netwerk Testregio"))


APPLICATION = {
    "group_name": "PaTz Blijdorp",
    "chair_name": "Dr. J. de Jong",
    "email": "voorzitter@blijdorp.example",
    "network": "",
    "patz_registered": "yes",
}


def test_an_application_is_stored_and_mailed_to_the_support_desk(client, site, settings):
    settings.SUPPORT_DESK_EMAIL = "support@example.org"
    response = client.post(site.application.url, APPLICATION)
    assert response.status_code == 302
    submission = ApplicationSubmission.objects.get()
    assert submission.group_name == "PaTz Blijdorp"
    assert submission.patz_registered is True
    email = OutboundEmail.objects.get(key=f"cms-application-{submission.pk}")
    assert email.to == "support@example.org"
    assert "PaTz Blijdorp" in email.subject
    assert "Dr. J. de Jong" in email.body_text
    thanks = client.get(response["Location"])
    assert "Dank u wel." in thanks.content.decode()


def test_an_incomplete_application_shows_errors_and_stores_nothing(client, site):
    response = client.post(site.application.url, {**APPLICATION, "email": "geen-adres"})
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in" in response.content.decode()
    assert not ApplicationSubmission.objects.exists()


def test_a_contact_message_is_stored_and_mailed(client, site):
    data = {"name": "Els", "email": "els@example.org", "message": "Hoe meld ik mij aan?"}
    assert client.post(site.contact.url, data).status_code == 302
    message = ContactMessage.objects.get()
    assert OutboundEmail.objects.get(key=f"cms-contact-{message.pk}")
    assert len(mail.outbox) <= 1


def test_a_filled_honeypot_is_thanked_and_dropped(client, site):
    response = client.post(site.application.url, {**APPLICATION, "website": "http://spam"})
    assert response.status_code == 302
    assert not ApplicationSubmission.objects.exists()
    assert not OutboundEmail.objects.exists()


@override_settings(PUBLIC_FORM_RATE_LIMIT=2)
def test_one_address_cannot_flood_the_support_desk(client, site):
    for _ in range(2):
        assert (
            client.post(
                site.contact.url, {"name": "A", "email": "a@example.org", "message": "x"}
            ).status_code
            == 302
        )
    response = client.post(
        site.contact.url, {"name": "A", "email": "a@example.org", "message": "x"}
    )
    assert response.status_code == 429
    assert "Te veel berichten" in response.content.decode()
    assert ContactMessage.objects.count() == 2


def test_video_page_needs_a_file_or_a_link(site):
    from django.core.exceptions import ValidationError

    site.video.external_url = ""
    with pytest.raises(ValidationError):
        site.video.full_clean()


def test_captions_must_be_webvtt(site):
    from django.core.exceptions import ValidationError

    site.video.captions = "1\n00:00:01,000 --> 00:00:02,000\nSRT"
    with pytest.raises(ValidationError):
        site.video.full_clean()


def test_the_external_video_is_a_link_with_a_poster_and_needs_no_internet(client, site):
    html = client.get(site.video.url).content.decode()
    assert 'href="https://video.example.org/plannen"' in html
    assert "<iframe" not in html
    assert "voorzitter" in html and "3 minuten" in html


def _upload(client, name, content, content_type="video/mp4"):
    return client.post(
        "/cms/media/video/add/",
        {
            "title": "Film",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
            "duration": "60",
            "tags": "",
        },
    )


@pytest.fixture
def admin_client(client):
    from tests.factories import UserFactory
    from tests.helpers import sign_in

    admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    return client


def test_a_real_video_upload_is_accepted(admin_client):
    from wagtailmedia.models import Media

    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
    response = _upload(admin_client, "film.mp4", mp4)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Media.objects.filter(title="Film").exists()


def test_a_non_video_file_is_refused_with_a_message(admin_client):
    from wagtailmedia.models import Media

    response = _upload(admin_client, "film.mp4", b"%PDF-1.7 not a film" + b"\x00" * 64)
    assert "Dit is geen MP4- of WebM-videobestand." in response.content.decode()
    response = _upload(admin_client, "brief.pdf", b"%PDF-1.7", "application/pdf")
    assert response.status_code == 200
    assert not Media.objects.exists()


@override_settings(VIDEO_MAX_UPLOAD_SIZE=1024)
def test_an_oversize_video_is_refused_with_a_message(admin_client):
    from wagtailmedia.models import Media

    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2048
    response = _upload(admin_client, "film.mp4", mp4)
    assert "Dit bestand is te groot" in response.content.decode()
    assert not Media.objects.exists()
