"""The signed-in portal at three screen sizes: its own shell, no sideways scrolling, a
dense register, and no axe violations of any impact. Screenshots of the register, the
patient page and the patient form go to test-results/screenshots/ (git-ignored) for a
reviewer to look at."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from networks.models import MDOGroup
from register.models import Patient, TargetGroup

from .axe import axe_violations, format_violations
from .test_register_settings import GP, demo_data, sign_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080), (390, 844)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def problems_on(page) -> list[str]:
    """Sideways scrolling, public navigation and axe violations of any impact."""
    problems = []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    if page.locator("form[role=search], .site-header").count():
        problems.append("shows the public site's navigation or search")
    if violations := axe_violations(page):
        problems.append(format_violations(violations))
    return problems


def portal_pages(group, patient, target_group):
    return {
        "dashboard": reverse("networks:dashboard"),
        "register": reverse("register:list", args=[group.pk]),
        "patient": reverse("register:detail", args=[group.pk, patient.pk]),
        "form": reverse("register:create", args=[group.pk]) + f"?target_group={target_group.pk}",
        "edit": reverse("register:edit", args=[group.pk, patient.pk]),
        "meetings": reverse("meetings:list", args=[group.pk]),
        "account": reverse("accounts:account"),
        "registration_numbers": reverse("accounts:registration_numbers"),
        "news": reverse("networks:news"),
    }


def test_portal_pages_at_three_sizes(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    patient = Patient.objects.filter(group=group).order_by("pk").first()
    pages = portal_pages(group, patient, TargetGroup.objects.get(name="Palliatief"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    sign_in(page, live_server.url, GP)
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.locator("header.portal-header")).to_be_visible()
            problems += [f"{name} at {width}x{height}: {p}" for p in problems_on(page)]
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}x{height}.png", full_page=True)
    assert not problems, "\n".join(problems)


def test_register_shows_twelve_rows_above_the_fold(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    page = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, live_server.url, GP)
    page.goto(live_server.url + reverse("register:list", args=[group.pk]))
    bottoms = page.locator("table tbody tr").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().bottom)"
    )
    assert sum(1 for bottom in bottoms if bottom <= 768) >= 12, bottoms
    page.screenshot(path=SCREENSHOTS / "register-fold-1366x768.png")


def test_register_search_and_group_switcher(browser, live_server, demo_data):  # noqa: F811
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    patient = Patient.objects.filter(group=group).order_by("pk").first()
    page = browser.new_context(locale="nl-NL").new_page()
    sign_in(page, live_server.url, GP)
    page.goto(live_server.url + reverse("register:list", args=[group.pk]))
    page.get_by_label("Zoeken", exact=True).fill(patient.surname)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("table tbody")).to_contain_text(patient.surname)
    page.get_by_label("Zoeken", exact=True).fill("'%_\"" + "x" * 10_000)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen patiënten gevonden")).to_be_visible()
    # The GP is also consultant in another group: the switcher offers it.
    page.locator(".portal-group summary").click()
    page.get_by_role("link", name=re.compile("PaTz Hillegersberg")).click()
    expect(page.locator(".portal-group summary")).to_contain_text("PaTz Hillegersberg")
