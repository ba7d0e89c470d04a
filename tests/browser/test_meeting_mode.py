"""The chair runs a meeting on the projector and closes it; a member reads the report.

Autosave must survive a reload, the PDF must download, the e-mail link must lead a
member (after signing in) to the report, and axe must pass on every page.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from networks.models import MDOGroup
from outbox.models import OutboundEmail

from .axe import assert_accessible
from .test_register_settings import sign_in

pytestmark = pytest.mark.browser

CHAIR = "voorzitter@demo.mdo-portaal.nl"
GP = "huisarts@demo.mdo-portaal.nl"


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback):
    call_command("load_demo_data", stdout=StringIO())


def test_chair_runs_and_closes_a_meeting_member_reads_the_report(browser, live_server, demo_data):
    group = MDOGroup.objects.get(name="PaTz Kralingen")
    now = timezone.now().replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        group=group, starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=1)
    )
    mode_url = live_server.url + reverse("meeting_run:mode", args=[group.pk, meeting.pk])

    chair = browser.new_context(locale="nl-NL", accept_downloads=True).new_page()
    sign_in(chair, live_server.url, CHAIR)
    chair.goto(mode_url)
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Overleg van PaTz Kralingen")

    chair.get_by_label(re.compile("^Marleen Visser")).check()
    expect(chair.locator("#aanwezig ~ form .save-status, form .save-status").first).to_contain_text(
        "Opgeslagen om"
    )
    chair.get_by_label(re.compile("^Anouk de Vries")).check()
    chair.get_by_role("button", name="Standaardagenda toevoegen").click()
    expect(chair.locator(".agenda-list li").first).to_be_visible()
    assert_accessible(chair)

    chair.locator(".agenda-list a").first.click()
    advice = chair.get_by_role("textbox", name=re.compile("^Advies"))
    advice.fill("Proactieve zorgplanning bespreken met de dochter.")
    expect(chair.locator("#advies ~ form .save-status, form .save-status").first).to_contain_text(
        "Opgeslagen om"
    )
    chair.get_by_role("checkbox", name="Besproken").check()
    expect(chair.locator("form .save-status").first).to_contain_text("Opgeslagen om")
    chair.wait_for_timeout(700)  # let the last queued save finish
    chair.reload()
    expect(chair.get_by_role("textbox", name=re.compile("^Advies"))).to_have_value(
        "Proactieve zorgplanning bespreken met de dochter."
    )
    expect(chair.get_by_role("checkbox", name="Besproken")).to_be_checked()
    assert_accessible(chair)

    chair.goto(mode_url)
    chair.get_by_role("link", name="Overleg afsluiten").first.click()
    expect(chair.locator("input[name=date]")).not_to_have_value("")
    assert_accessible(chair)
    chair.get_by_role("button", name="Overleg afsluiten en verslag versturen").click()
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Verslag van het overleg")
    expect(chair.locator("main")).to_contain_text("Proactieve zorgplanning bespreken")
    assert_accessible(chair)
    with chair.expect_download() as download:
        chair.get_by_role("link", name="Downloaden als pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Meeting.objects.filter(group=group, status="planned", starts_at__gt=now).exists()

    email = OutboundEmail.objects.get(to=GP, key__startswith=f"meeting-report:{meeting.pk}:")
    link = re.search(r"https?://\S+/verslag/", email.body_text).group(0)
    link = link.replace(settings.PORTAL_BASE_URL.rstrip("/"), live_server.url)
    member = browser.new_context(locale="nl-NL").new_page()
    member.goto(link)
    expect(member).to_have_url(re.compile(r"/account/inloggen/"))
    member.locator("main form input[name=username]").fill(GP)
    from networks.management.commands.load_demo_data import DEMO_PASSWORD

    from .test_login import current_code

    member.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    member.locator("main form button[type=submit]").click()
    member.locator("main form input[name=token]").fill(current_code(GP))
    member.locator("main form button[type=submit]").click()
    expect(member.get_by_role("heading", level=1)).to_contain_text("Verslag van het overleg")
    expect(member.locator("main")).to_contain_text("Proactieve zorgplanning bespreken")
    assert_accessible(member)

    # The member finds the reports and the next meeting's input form; both pass axe.
    member.goto(live_server.url + reverse("meeting_run:report_list", args=[group.pk]))
    expect(member.get_by_role("heading", level=1)).to_contain_text("Verslagen van PaTz Kralingen")
    assert_accessible(member)
    member.get_by_role("link", name="Inbreng geven voor het overleg").first.click()
    expect(member.get_by_role("heading", level=1)).to_contain_text("Inbreng voor het overleg")
    assert_accessible(member)
