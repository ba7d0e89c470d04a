"""Coordinators create and edit instructional videos for their own network (issue 15,
point 5); national videos and other networks' videos are refused."""

import pytest
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.models import NetworkVideoLibraryPage, VideoPage
from tests.editorial import build_site, publish_child
from tests.factories import NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWelkom\n"


def video_form(title="Eigen filmpje", captions=CAPTIONS):
    return nested_form_data(
        {
            "title": title,
            "slug": "eigen-filmpje",
            "audience": "huisarts",
            "duration_minutes": 2,
            "description": rich_text("<p>Uitleg.</p>"),
            "external_url": "https://video.example.org/eigen",
            "captions": captions,
            "transcript": "Welkom.",
            "action-publish": "action-publish",
        }
    )


def video(parent, title):
    return publish_child(
        parent,
        VideoPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            audience="allen",
            duration_minutes=1,
            description=RichText("<p>x</p>"),
            external_url="https://video.example.org/x",
        ),
    )


@pytest.fixture
def setting(client):
    own, other = NetworkFactory(name="Netwerk Eigen"), NetworkFactory(name="Netwerk Ander")
    site = build_site(own, other)
    own_section = NetworkVideoLibraryPage.objects.get(network=own)
    other_section = NetworkVideoLibraryPage.objects.get(network=other)
    coordinator = UserFactory(with_authenticator=True)
    own.coordinators.add(coordinator)
    sign_in(client, coordinator)
    return {
        "site": site,
        "own_section": own_section,
        "other_section": other_section,
        "own_video": video(own_section, "Eigen video"),
        "other_video": video(other_section, "Andere video"),
    }


def _add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("cms", "videopage", parent.pk))


def test_coordinator_adds_and_edits_a_video_of_their_network(client, setting):
    response = client.post(_add_url(setting["own_section"]), video_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    created = VideoPage.objects.get(title="Eigen filmpje")
    assert created.live and created.get_parent().pk == setting["own_section"].pk
    edit = reverse("wagtailadmin_pages:edit", args=[setting["own_video"].pk])
    assert client.get(edit).status_code == 200
    # and the public library lists it
    assert "Eigen filmpje" in client.get(setting["site"].videos.url).content.decode()


@pytest.mark.parametrize("where", ["other_section", "national"])
def test_coordinator_cannot_add_elsewhere(client, setting, where):
    parent = setting["site"].videos if where == "national" else setting[where]
    response = client.post(_add_url(parent), video_form(title="Gekaapt"))
    assert (
        response.status_code in (302, 403)
        and not VideoPage.objects.filter(title="Gekaapt").exists()
    )


@pytest.mark.parametrize(
    "view", ["edit", "delete", "unpublish", "move", "copy", "history", "revisions_index"]
)
@pytest.mark.parametrize("which", ["other_video", "national"])
def test_coordinator_opens_no_admin_view_of_other_videos(client, setting, view, which):
    page = setting["site"].video if which == "national" else setting[which]
    response = client.get(reverse(f"wagtailadmin_pages:{view}", args=[page.pk]))
    assert response.status_code in (302, 403, 404), view
    if response.status_code == 302:
        assert "/login" not in response["Location"]
        assert response["Location"] != reverse(f"wagtailadmin_pages:{view}", args=[page.pk])


def test_captions_that_are_not_webvtt_are_refused_in_dutch(client, setting):
    response = client.post(
        _add_url(setting["own_section"]),
        video_form(captions="1\n00:00:01,000 --> 00:00:02,000\nHoi"),
    )
    assert response.status_code == 200
    assert "WebVTT" in response.content.decode()
    assert not VideoPage.objects.filter(title="Eigen filmpje").exists()
