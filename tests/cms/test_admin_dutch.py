"""The coordinator's editor is the portal's and Dutch (issue 15, point 1): branding, the
dashboard panel, wagtailmedia's screens and booleans as ja/nee."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import Category, Finding, Meeting
from tests.editorial import build_site
from tests.factories import MeetingFactory, NetworkFactory, UserFactory
from tests.helpers import sign_in
from toolslibrary.models import Tool

pytestmark = pytest.mark.django_db

# Texts Wagtail or wagtailmedia show in English when a Dutch translation is missing.
KNOWN_ENGLISH = [
    "localhost",
    "Media files",
    "created in",
    "Add audio",
    "Add video",
    "Search media",
    "You haven't uploaded",
    "editor guide",
    "Editor Guide",
    "Bold",
    "Italic",
    "- Wagtail",
    "True",
    "False",
]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", "\n", html)
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def english_in(html: str) -> list[str]:
    text = visible_text(html)
    return [phrase for phrase in KNOWN_ENGLISH if re.search(rf"\b{re.escape(phrase)}", text)]


@pytest.fixture
def coordinator(client):
    network = NetworkFactory(name="Netwerk Noord")
    build_site(network)
    user = UserFactory(with_authenticator=True)
    network.coordinators.add(user)
    sign_in(client, user)
    return user, network


def test_admin_pages_a_coordinator_visits_are_dutch_and_branded(client, coordinator):
    _user, network = coordinator
    tool = Tool.objects.create(title="Eigen tool", summary="x", network=network)
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailmedia:index"),
        reverse("wagtailmedia:add", args=["video"]),
        reverse("wagtailsnippets_toolslibrary_tool:list"),
        reverse("wagtailsnippets_toolslibrary_tool:edit", args=[tool.pk]),
        reverse("wagtailsnippets_toolslibrary_tool:inspect", args=[tool.pk]),
        reverse("wagtailadmin_explore", args=[network.news_section.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert english_in(html) == [], url
        assert "<title>" in html and "- MDO-portaal</title>" in re.sub(r"\s+", " ", html), url


def test_booleans_read_ja_nee_in_an_inspect_view(client):
    from register.models import TargetGroup

    sign_in(client, UserFactory(with_authenticator=True, is_superuser=True, is_staff=True))
    group = TargetGroup.objects.first()
    html = client.get(
        reverse("wagtailsnippets_register_targetgroup:inspect", args=[group.pk])
    ).content.decode()
    text = visible_text(html)
    assert "True" not in text and "False" not in text
    assert re.search(r"\b(ja|nee)\b", text)


def test_dashboard_panel_lists_what_needs_the_coordinators_attention(client, coordinator):
    _user, network = coordinator
    meeting = MeetingFactory(group__network=network, status=Meeting.Status.CLOSED)
    Finding.objects.create(
        meeting=meeting,
        kind=Finding.Kind.BOTTLENECK,
        category=Category.objects.first(),
        text="Geen avondapotheek",
    )
    meeting_texts_anonymise(meeting)  # as closing does
    other = MeetingFactory(status=Meeting.Status.CLOSED)  # another network's meeting
    Finding.objects.create(
        meeting=other, kind="bottleneck", category=Category.objects.first(), text="Elders"
    )
    Tool.objects.create(
        title="Oude tool",
        summary="x",
        network=network,
        reviewed_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    Tool.objects.create(title="Verse tool", summary="x", network=network)
    text = visible_text(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "1 open knelpunt" in text and "Geen avondapotheek" in text
    assert "Elders" not in text
    assert "Oude tool" in text and "Verse tool" not in text
    assert "Geanonimiseerd inzicht" in text
