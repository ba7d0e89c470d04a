"""The public site passes axe; a coordinator's news reaches a member's dashboard."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from news.models import NetworkNewsIndexPage, NewsPage
from toolslibrary.models import Tool, ToolsLibraryPage

from .axe import assert_accessible
from .test_register_settings import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.mdo-portaal.nl"
GP = "huisarts@demo.mdo-portaal.nl"  # member of PaTz Kralingen (Rotterdam)
ROTTERDAM = "Netwerk Palliatieve Zorg Rotterdam & omstreken"


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    # The demo loader builds the whole editorial site (every page type, news, tools).
    call_command("load_demo_data", stdout=StringIO())


def _tool_url() -> str:
    library = ToolsLibraryPage.objects.get()
    return f"{library.url}{Tool.objects.get(title='SPICT-NL').pk}/"


PUBLIC_PAGES = {
    "home": (lambda: "/", "MDO-portaal"),
    "news page": (
        lambda: NewsPage.objects.get(slug="symposium-patz").url,
        "Lancering MDO-portaal op het PaTz-symposium",
    ),
    "news overview": (lambda: "/nieuws/", "Nieuws"),
    "video library": (lambda: "/instructiefilmpjes/", "Instructiefilmpjes"),
    "video page (self-hosted)": (
        lambda: "/instructiefilmpjes/werken-met-het-register/",
        "Hoe werk ik met het register?",
    ),
    "video page (external link)": (
        lambda: "/instructiefilmpjes/vergaderingen-plannen/",
        "Hoe plan ik de vergaderingen?",
    ),
    "tools library": (lambda: "/interventies-en-tools/", "Interventies en tools"),
    "tool page": (_tool_url, "SPICT-NL"),
    "application form": (lambda: "/aanmelden/", "Aanmelden als MDO-groep"),
    "contact form": (lambda: "/contact/", "Contact"),
    "content page": (lambda: "/wat-is-een-mdo/", "Wat is een MDO?"),
    "search": (lambda: "/zoeken/?q=portaal", None),
    "search finding the social map": (lambda: "/zoeken/?q=hospice", None),
    "social map": (lambda: "/sociale-kaart/?q=hospice", "Sociale kaart"),
}


def test_public_pages_pass_axe(page, live_server, demo_data):
    # One walk over the site (the demo loader is the slow part); every page is checked
    # and all failures are reported together.
    failures = []
    for name, (path, heading) in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + path())
        try:
            assert response.status == 200, f"status {response.status}"
            if heading:
                expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    # On a phone no public page scrolls sideways (long e-mail addresses on the social map
    # did, by 6 px).
    page.set_viewport_size({"width": 390, "height": 844})
    for name, (path, _heading) in PUBLIC_PAGES.items():
        page.goto(live_server.url + path())
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{name} at 390 px: scrolls sideways by {overflow} px")
    assert not failures, "\n\n".join(failures)


def test_application_form_errors_pass_axe(page, live_server, demo_data):
    page.goto(live_server.url + "/aanmelden/")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanmelden als MDO-groep")
    errors = page.locator("main .form-field__error")
    expect(errors.first).to_be_visible()
    group_name = page.locator("main form input[name=group_name]")
    expect(group_name).to_have_attribute("aria-invalid", "true")
    expect(group_name).to_have_accessible_description(re.compile(r"\S"))
    assert_accessible(page)


def test_coordinator_publishes_news_that_a_member_sees(browser, live_server, demo_data):
    section = NetworkNewsIndexPage.objects.get(network__name=ROTTERDAM)
    title = "Nieuwe werkafspraken met de huisartsenpost"

    coordinator = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    sign_in(coordinator, live_server.url, COORDINATOR)
    coordinator.goto(
        live_server.url + reverse("wagtailadmin_pages:add", args=("news", "newspage", section.pk))
    )
    coordinator.locator("#id_title").fill(title)
    coordinator.locator("#id_intro").fill("Vanaf 1 maart gelden nieuwe afspraken met de HAP.")
    coordinator.locator("footer [data-w-dropdown-target='toggle']").first.click()
    coordinator.locator("button[name=action-publish]").click()
    expect(coordinator.locator(".messages")).to_contain_text(title)

    item = NewsPage.objects.get(title=title)
    assert item.live and item.network.name == ROTTERDAM and not item.is_public

    member = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    sign_in(member, live_server.url, GP)
    news = member.locator("section[aria-labelledby=news-heading]")
    expect(news).to_contain_text(title)
    assert_accessible(member)

    news.get_by_role("link", name=title).click()
    expect(member.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(member)
