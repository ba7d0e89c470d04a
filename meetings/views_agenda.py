"""The next meeting's agenda: the page every member reads once it is published, and the
chair's page that builds it from proposals. Thin: rules in meetings.agenda."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from audit.services import audit_record
from config.http import require_form_methods
from config.ids import parse_id
from meetings import agenda, meeting_mode, preparation
from meetings.access import MeetingAction, meeting_for
from meetings.models import Meeting
from meetings.views_run import patient_label
from register.access import Action, may


def _agenda_url(meeting, name="agenda_build"):
    return reverse(f"meeting_run:{name}", args=[meeting.group_id, meeting.pk])


@require_safe
def agenda_page(request, group_id: int, meeting_id: int):
    """Every member, from publication on: the agenda in order, full for patients they may
    view, initial + birth year + target-group colour otherwise."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.READ
    )
    if not agenda.may_read_agenda(membership, meeting):
        raise Http404
    rows = agenda.agenda_rows(meeting, membership)
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    patients = [row.item.patient for row in rows]
    return render(
        request,
        "meetings/agenda/agenda.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "membership": membership,
            "rows": rows,
            "budget": agenda.time_budget(meeting, rows),
            "patients": patients,
        },
    )


@require_safe
def agenda_build(request, group_id: int, meeting_id: int):
    """The chair's page: proposals with reasons, the agenda with order and minutes."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.PLAN
    )
    rows = agenda.agenda_rows(meeting, membership)
    for row in rows:
        row.label = patient_label(row.item.patient, safe=False)
    proposals = agenda.proposals(meeting)
    patients = [row.item.patient for row in rows] + [p.patient for p in proposals]
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    return render(
        request,
        "meetings/agenda/build.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "rows": rows,
            "proposals": [(p, patient_label(p.patient, safe=False)) for p in proposals],
            "budget": agenda.time_budget(meeting, rows),
            "stale_after": agenda.stale_after(group_id),
            "patients": patients,
        },
    )


def _chair_post(request, group_id, meeting_id):
    return meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.PLAN
    )


def _id(request, name) -> int:
    value = parse_id(request.POST.get(name))
    if value is None:
        raise Http404
    return value


def _number(request, name) -> int:
    """A small whole number (minutes, a version); anything else is no request of ours."""
    value = request.POST.get(name, "")
    if not (value.isdigit() and len(value) <= 9):
        raise Http404
    return int(value)


@require_POST
def agenda_change(request, group_id: int, meeting_id: int):
    """One button on the build page: accept, skip, up, down, minutes or publish."""
    meeting, membership = _chair_post(request, group_id, meeting_id)
    action = request.POST.get("action", "")
    anchor = "#agenda"
    try:
        if action == "accept":
            agenda.proposal_accept(
                request=request,
                membership=membership,
                meeting=meeting,
                patient_id=_id(request, "patient"),
            )
        elif action == "skip":
            agenda.proposal_skip(
                request=request,
                membership=membership,
                meeting=meeting,
                patient_id=_id(request, "patient"),
            )
            anchor = "#voorstellen"
        elif action in ("up", "down"):
            item_id = _id(request, "item")
            agenda.item_move(meeting=meeting, item_id=item_id, direction=action)
            anchor = f"#item-{item_id}-{action}"
        elif action == "minutes":
            item_id = _id(request, "item")
            agenda.item_minutes(
                meeting=meeting, item_id=item_id, minutes=_number(request, "minutes")
            )
            anchor = f"#item-{item_id}-minutes"
        elif action == "publish":
            agenda.publish(request=request, meeting=meeting)
            messages.success(request, _("The agenda has been published; members were e-mailed."))
        else:
            raise Http404
    except meeting_mode.MeetingModeError as error:
        messages.error(request, str(error))
    return redirect(_agenda_url(meeting) + anchor)


@require_form_methods
def prepare(request, group_id: int, meeting_id: int):
    """ "Mijn voorbereiding": one form per own patient on the agenda; each save returns
    here, so three patients take three saves."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.READ
    )
    url = reverse("meeting_run:prepare", args=[group_id, meeting_id])
    if request.method == "POST":
        patient_id = _id(request, "patient")
        try:
            preparation.preparation_save(
                request=request,
                membership=membership,
                meeting=meeting,
                patient_id=patient_id,
                data=_prep_input(request),
            )
        except meeting_mode.MeetingModeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Updated."))
        return redirect(f"{url}#patient-{patient_id}")
    closed = meeting.status == Meeting.Status.CLOSED
    rows = [] if closed else preparation.preparation_rows(meeting, membership)
    journal = preparation.journal_after_close(meeting, membership) if closed else []
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    return render(
        request,
        "meetings/agenda/prepare.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "rows": rows,
            "all_done": not closed and all(row.done for row in rows),
            "closed": closed,
            "journal": journal,
            "may_edit": may(membership, Action.EDIT),
            "patients": [row.item.patient for row in rows],
        },
    )


def _optional_id(request, name) -> int | None:
    if request.POST.get(name, "") == "":
        return None
    return _id(request, name)


def _prep_input(request) -> preparation.PrepInput:
    return preparation.PrepInput(
        question=request.POST.get("question", ""),
        urgency_id=_optional_id(request, "urgency"),
        prognosis_id=_optional_id(request, "prognosis"),
        version=_number(request, "version"),
        done_agreements=[i for i in map(parse_id, request.POST.getlist("done")) if i is not None],
    )
