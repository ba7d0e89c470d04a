"""The coordinator's side in a browser (issue 15): a Dutch, branded admin; a bottleneck
moved to "opgepakt" with a response that a GP of the group then sees; demo videos play."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from meetings.anonymisation import meeting_texts_anonymise
from meetings.models import Category, Finding, Meeting
from tests.cms.test_admin_dutch import english_in
from tests.factories import MeetingFactory

from .axe import assert_accessible
from .test_register_settings import COORDINATOR, GP, demo_data, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def test_coordinator_follows_up_a_bottleneck_in_a_dutch_admin(browser, live_server, demo_data):  # noqa: F811
    gp_membership = User.objects.get(email=GP).memberships.select_related("group").first()
    meeting = MeetingFactory(group=gp_membership.group, status=Meeting.Status.CLOSED)
    finding = Finding.objects.create(
        meeting=meeting,
        kind=Finding.Kind.BOTTLENECK,
        category=Category.objects.first(),
        text="Geen apotheek met avonddienst in de wijk",
    )
    meeting_texts_anonymise(meeting)  # as closing does

    page = browser.new_context(locale="nl-NL").new_page()
    sign_in(page, live_server.url, COORDINATOR)
    for path in [
        reverse("wagtailadmin_home"),
        reverse("wagtailmedia:index"),
        reverse("wagtailsnippets_toolslibrary_tool:list"),
        reverse("wagtailsnippets_meetings_finding:list"),
    ]:
        page.goto(live_server.url + path)
        expect(page).to_have_title(re.compile("MDO-portaal"))
        assert english_in(page.content()) == [], path
        assert_accessible(page)

    page.goto(live_server.url + reverse("wagtailadmin_home"))
    expect(page.locator(".coordinator-panel")).to_contain_text("Geen apotheek met avonddienst")
    page.goto(live_server.url + reverse("wagtailsnippets_meetings_finding:edit", args=[finding.pk]))
    page.locator("select[name=followup_status]").select_option("taken_up")
    page.locator("textarea[name=followup_response]").fill("Besproken met de apothekers.")
    page.locator("button.button-longrunning[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()
    assert english_in(page.content()) == []

    gp = browser.new_context(locale="nl-NL").new_page()
    sign_in(gp, live_server.url, GP)
    gp.goto(live_server.url + reverse("meetings:list", args=[gp_membership.group.pk]))
    followups = gp.locator("section[aria-labelledby=followups-title]")
    expect(followups).to_contain_text("Opgepakt")
    expect(followups).to_contain_text("Besproken met de apothekers.")
    assert_accessible(gp)


def test_demo_videos_play(page, live_server, demo_data):  # noqa: F811
    from cms.models import VideoPage

    video_pages = list(VideoPage.objects.live())
    assert len(video_pages) == 5
    for video_page in video_pages:
        page.goto(live_server.url + video_page.url)
        video = page.locator("video")
        duration = video.evaluate(
            "v => v.readyState >= 1 ? v.duration : new Promise((resolve) => {"
            " v.addEventListener('loadedmetadata', () => resolve(v.duration));"
            " v.load(); })"
        )
        assert duration > 0, video_page.url
        expect(page.locator(".transcript")).to_be_visible()
    assert_accessible(page)
