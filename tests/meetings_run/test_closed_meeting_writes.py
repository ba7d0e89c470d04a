"""Every meeting-mode write against a closed meeting is refused and changes nothing
(issue 10, point 25). A new write URL in meeting mode fails
`test_every_write_is_in_the_table` until it is added to WRITES.

Checked by breaking the code: skipping `_require_open` in any one service of
meetings/meeting_mode.py makes its row fail, except where a second check stands behind
it: `agenda_build_default` and `input_add` call `agenda_add` (which checks), and the close
page checks before `meeting_close` (whose own check has a test of its own below).
"""

import datetime as dt

import pytest
from django.urls import URLPattern
from django.utils import timezone

from meetings import urls_run
from meetings.models import (
    AfterDeathAnalysis,
    AgendaItem,
    Agreement,
    Attendance,
    AttentionPoint,
    Finding,
    Meeting,
    PreMeetingInput,
    PreparationMark,
    Report,
)
from meetings.reports import report_content
from register.anonymise import Anonymiser
from tests.factories import MembershipFactory
from tests.meetings_run.conftest import run_url
from tests.meetings_run.factories import AgendaItemFactory, RegisterPatientFactory, category
from toolslibrary.models import Tool

# Meeting-mode URLs that do not write to the meeting: the safe-view switch is a
# preference of the chair's session; the others are reads.
NOT_WRITES = {
    "report_list",
    "mode",
    "toggle_safe",
    "attendance_csv",
    "attendance_pdf",
    "item",
    "report",
    "report_pdf",
    "agenda",
    "agenda_build",
}


def _writes(w):
    """(url name, extra url args, valid post data) for every write."""
    item, chair, gp = w["item"], w["chair"], w["gp"]
    agreement = w["agreement"]
    return {
        "scribe": ((), {"scribe": gp.pk}),
        "attendance": ((), {"present": [chair.pk, gp.pk]}),
        "guest_add": ((), {"guest_name": "Gast", "guest_role": "Apotheker"}),
        "attendance_remove": ((w["attendance"].pk,), {}),
        "agenda_default": ((), {}),
        "agenda_add": ((), {"patient": w["other"].pk}),
        "finding_add": ((), {"kind": "bottleneck", "category": category().pk, "text": "Laat"}),
        "finding_remove": ((w["finding"].pk,), {}),
        "advice_save": ((item.pk,), {"advice": "Te laat", "discussed": "on", "version": 1}),
        "tools_save": ((item.pk,), {"tools": [w["tool"].pk]}),
        "agreement_add": (
            (item.pk,),
            {
                "new-what": "Bellen",
                "new-owner": f"m:{gp.pk}",
                "new-due_date": "",
                "new-status": "open",
            },
        ),
        "agreement_save": (
            (item.pk, agreement.pk),
            {
                f"agreement-{agreement.pk}-what": "Anders",
                f"agreement-{agreement.pk}-owner": f"m:{gp.pk}",
                f"agreement-{agreement.pk}-due_date": "",
                f"agreement-{agreement.pk}-status": "done",
            },
        ),
        "attention_add": ((item.pk,), {"category": category().pk, "text": "Te laat"}),
        "ada_save": (
            (item.pk,),
            {"identified_in_time": "true", "weeks_on_register": "4", "went_well": "Rust"},
        ),
        "input": ((), {"patient": w["other"].pk, "text": "Nog een vraag"}),
        "close": ((), {"plan_next": ""}),
        "agenda_change": ((), {"action": "accept", "patient": w["other"].pk}),
        "prepare": ((), {"patient": item.patient_id, "question": "Nieuw", "version": 1}),
    }


WRITE_NAMES = [
    "scribe",
    "attendance",
    "guest_add",
    "attendance_remove",
    "agenda_default",
    "agenda_add",
    "finding_add",
    "finding_remove",
    "advice_save",
    "tools_save",
    "agreement_add",
    "agreement_save",
    "attention_add",
    "ada_save",
    "input",
    "close",
    "agenda_change",
    "prepare",
]


@pytest.fixture
def closed(group, chair, gp):
    """A closed meeting with something of every kind, and a patient still addable."""
    meeting = Meeting.objects.create(
        group=group,
        starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() - dt.timedelta(hours=22),
        location="Zaal 1",
    )
    deceased = RegisterPatientFactory(
        group=group,
        responsible_gp=chair.user,  # the chair's own patient: "Mijn voorbereiding" has it
        status="deceased",
        date_of_death=timezone.localdate() - dt.timedelta(days=5),
        question_for_meeting="Hoe verliep het?",
    )
    item = AgendaItemFactory(meeting=meeting, patient=deceased)
    other = RegisterPatientFactory(group=group, question_for_meeting="Pijnbeleid?")
    tool = Tool.objects.create(title="Zorgpad Stervensfase")
    tool.target_groups.add(deceased.target_group)
    world = {
        "meeting": meeting,
        "item": item,
        "chair": chair,
        "gp": gp,
        "other": other,
        "tool": tool,
        "attendance": Attendance.objects.create(meeting=meeting, membership=chair),
        "agreement": Agreement.objects.create(agenda_item=item, what="Bellen", who="Huisarts"),
        "finding": Finding.objects.create(
            meeting=meeting, kind="bottleneck", category=category(), text="Wachttijd"
        ),
    }
    AttentionPoint.objects.create(agenda_item=item, category=category(), text="Afstemming")
    Meeting.objects.filter(pk=meeting.pk).update(status="closed", closed_at=timezone.now())
    meeting.refresh_from_db()
    Report.objects.create(meeting=meeting, content=report_content(meeting, Anonymiser()))
    return world


def _state(meeting):
    """Everything meeting mode can change, as plain values."""
    models = [
        Attendance,
        AgendaItem,
        Agreement,
        AttentionPoint,
        Finding,
        AfterDeathAnalysis,
        PreparationMark,
    ]
    state = {model.__name__: sorted(map(str, model.objects.values())) for model in models}
    state["tools"] = sorted(AgendaItem.tools.through.objects.values_list("pk", flat=True))
    state["inputs"] = PreMeetingInput.objects.count()
    state["meetings"] = sorted(map(str, Meeting.objects.values()))
    state["reports"] = Report.objects.count()
    return state


def test_every_write_is_in_the_table():
    names = {
        entry.name for entry in urls_run.urlpatterns if isinstance(entry, URLPattern)
    } - NOT_WRITES
    assert names == set(WRITE_NAMES)


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("name", WRITE_NAMES)
def test_a_closed_meeting_refuses_every_write(signed_in, closed, name, htmx):
    client = signed_in(closed["chair"])
    args, data = _writes(closed)[name]
    before = _state(closed["meeting"])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(run_url(name, closed["meeting"], *args), data, **headers)
    assert _state(closed["meeting"]) == before, name
    assert response.status_code in (200, 302, 400, 409), response.status_code
    page = (
        client.get(response["Location"], follow=True) if response.status_code == 302 else response
    )
    assert "Dit overleg is gesloten" in page.content.decode(), name


def test_the_same_writes_succeed_on_an_open_meeting(signed_in, closed):
    """The table's data is valid: on the meeting reopened, every write changes something
    (so a refusal above is the closed check, not a form error)."""
    Meeting.objects.filter(pk=closed["meeting"].pk).update(status="planned")
    client = signed_in(closed["chair"])
    for name in WRITE_NAMES:
        if name in {"close", "agenda_default", "agenda_change"}:
            # close ends the meeting; agenda_default and accepting a proposal add only
            # missing patients (agenda_add above already added this one)
            continue
        args, data = _writes(closed)[name]
        before = _state(closed["meeting"])
        client.post(run_url(name, closed["meeting"], *args), data)
        assert _state(closed["meeting"]) != before, name


@pytest.fixture
def gp(group):
    return MembershipFactory(group=group, role="gp", user__full_name="Bram Huisarts")


def test_the_close_service_itself_refuses_a_closed_meeting(closed):
    """The close page checks first; the service must hold on its own as well."""
    from django.test import RequestFactory

    from meetings import meeting_mode

    request = RequestFactory().post("/")
    request.user = closed["chair"].user
    before = _state(closed["meeting"])
    with pytest.raises(meeting_mode.MeetingClosed):
        meeting_mode.meeting_close(
            request=request, membership=closed["chair"], meeting=closed["meeting"], next_slot=None
        )
    assert _state(closed["meeting"]) == before
