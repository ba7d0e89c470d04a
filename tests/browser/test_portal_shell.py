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


# The words of the page's table cells drawn on more than one line: a word squeezed into
# a too narrow column is broken letter by letter. Screen-reader-only text (clipped to
# 1px: .visually-hidden, a stacked table's head) is left out.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    const head = cell.closest("thead");
    if (head && head.getBoundingClientRect().width <= 1) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".visually-hidden")) continue;
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def test_patient_page_on_a_phone_stacks_its_tables(browser, live_server, demo_data):  # noqa: F811
    """At 390×844 the problems and the care providers are stacked cards, full width, with
    each column's name above its value: no sideways scrolling and no word broken."""
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    patient = (
        Patient.objects.filter(group=group, problems__isnull=False, care_providers__isnull=False)
        .order_by("pk")
        .first()
    )
    page = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 390, "height": 844}
    ).new_page()
    sign_in(page, live_server.url, GP)
    page.goto(live_server.url + reverse("register:detail", args=[group.pk, patient.pk]))
    assert problems_on(page) == []
    assert page.evaluate(BROKEN_WORDS) == []
    for table in (".problem-table", "#involved-heading ~ table"):
        cells = page.locator(f"{table} tbody td")
        assert cells.count() > 0, table
        widths = cells.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().width)")
        assert min(widths) >= 250, (table, widths)  # full width of the card, not a column
        labels = cells.evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert all(label not in ("none", '""') for label in labels), (table, labels)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "patient-stacked-390x844.png", full_page=True)
