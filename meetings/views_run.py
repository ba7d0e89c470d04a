"""Meeting mode, closing and reports. Thin: access via meetings.access, reads via
selectors, writes via meeting_mode (which also writes the audit events).

Autosave endpoints answer htmx with a small status fragment; without JavaScript the same
forms post normally and come back to the page, so everything works from the keyboard.
"""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from audit.services import audit_record
from config.http import require_form_methods
from config.ids import parse_id, parse_ids
from meetings import agreements, history, meeting_mode, reports, selectors
from meetings.access import (
    MeetingAction,
    agenda_item_for,
    may,
    may_put_on_agenda,
    meeting_for,
    require,
)
from meetings.forms_run import (
    AdaForm,
    AdviceForm,
    AgreementForm,
    AttentionPointForm,
    FindingForm,
    GuestForm,
    InputForm,
    NextMeetingForm,
)
from meetings.models import (
    AfterDeathAnalysis,
    AgendaItem,
    Agreement,
    Meeting,
    PreMeetingInput,
    Report,
)
from register.access import membership_in_group, visible_patients
from register.models import Patient, TargetGroup

SAFE_SESSION_KEY = "meeting_projector_safe"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe(request) -> bool:
    # Projector-safe by default: only initials and birth year until the chair opts out.
    return request.session.get(SAFE_SESSION_KEY, True)


def patient_label(patient: Patient, *, safe: bool) -> str:
    if safe:
        return f"{patient.initials} ({patient.date_of_birth.year})"
    return f"{patient.initials} {patient.surname} ({patient.date_of_birth.year})"


def _mode_url(meeting, anchor=""):
    return reverse("meeting_run:mode", args=[meeting.group_id, meeting.pk]) + anchor


def _item_url(meeting, item_id, anchor=""):
    return reverse("meeting_run:item", args=[meeting.group_id, meeting.pk, item_id]) + anchor


def _refused(request, error, fallback_url, status=400):
    if _is_htmx(request):
        return render(request, "meetings/run/_status.html", {"error": str(error)}, status=status)
    messages.error(request, str(error))
    return redirect(fallback_url)


def _saved(request, fallback_url, **extra):
    if _is_htmx(request):
        return render(
            request, "meetings/run/_status.html", {"saved_at": timezone.localtime(), **extra}
        )
    messages.success(request, _("Saved."))
    return redirect(fallback_url)


class BadInput(meeting_mode.MeetingModeError):
    """Input the form refused: always a 400, whatever a view answers a refused change."""


def refusals(anchor: str = "", *, on_item: bool = False, status: int = 400):
    """The one answer to a refused write: a closed meeting, a rule of meeting_mode or bad
    input (BadInput) come back as the htmx status fragment or, without JavaScript, as a
    message on the page the form was on (meeting mode, or the item's page when `on_item`,
    at `anchor`). Not found stays a 404: the access functions raise it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except meeting_mode.MeetingModeError as error:
                ids = [kwargs["group_id"], kwargs["meeting_id"]]
                name = "meeting_run:mode"
                if on_item:
                    name = "meeting_run:item"
                    ids.append(kwargs["item_id"])
                code = 400 if isinstance(error, BadInput) else status
                return _refused(request, error, reverse(name, args=ids) + anchor, status=code)

        return wrapper

    return decorate


def _runnable(request, group_id, meeting_id, action=MeetingAction.RUN):
    return meeting_for(user=request.user, group_id=group_id, meeting_id=meeting_id, action=action)


# --- meeting mode -----------------------------------------------------------------------


@require_safe
def mode(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    if meeting.status == Meeting.Status.CLOSED:
        return redirect("meeting_run:report", group_id=group_id, meeting_id=meeting_id)
    target_group_id = parse_id(request.GET.get("doelgroep"))
    items = list(selectors.agenda(meeting, target_group_id=target_group_id))
    attendances = list(selectors.attendances(meeting))
    present = {a.membership_id for a in attendances if a.membership_id}
    on_agenda = set(meeting.agenda_items.values_list("patient_id", flat=True))
    addable = [
        p
        for p in visible_patients(membership)
        .exclude(status=Patient.Status.ARCHIVED)
        .select_related("target_group")
        .order_by("initials", "pk")
        if p.pk not in on_agenda
    ]
    safe = _safe(request)
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    return render(
        request,
        "meetings/run/mode.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "membership": membership,
            "items": items,
            "patients": [item.patient for item in items],
            "members": selectors.members_of(meeting),
            "present": present,
            "guests": [a for a in attendances if a.is_guest],
            "addable": [(p.pk, patient_label(p, safe=safe)) for p in addable],
            "target_groups": TargetGroup.objects.filter(is_active=True),
            "target_group_id": target_group_id,
            "findings": selectors.findings(meeting),
            "followups": selectors.followups_for_meeting_mode(meeting),
            "finding_form": FindingForm(),
            "guest_form": GuestForm(),
            "safe": safe,
            "may_close": may(membership, MeetingAction.CLOSE, meeting),
            "leads": membership.leads_group,
        },
    )


@require_POST
def toggle_safe(request, group_id: int, meeting_id: int):
    _runnable(request, group_id, meeting_id)
    request.session[SAFE_SESSION_KEY] = not _safe(request)
    back = request.POST.get("next", "")
    # Only back to a page of this portal (no open redirect).
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _mode_url_by_ids(group_id, meeting_id)
    return redirect(back)


def _mode_url_by_ids(group_id, meeting_id):
    return reverse("meeting_run:mode", args=[group_id, meeting_id])


@require_POST
@refusals()
def scribe(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.PLAN)
    scribe_id = parse_id(request.POST.get("scribe"))
    chosen = selectors.members_of(meeting).filter(pk=scribe_id).first() if scribe_id else None
    meeting_mode.scribe_assign(meeting=meeting, scribe=chosen)
    return _saved(request, _mode_url(meeting, "#aanwezig"))


@require_POST
@refusals("#aanwezig")
def attendance(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    ids = parse_ids(request.POST.getlist("present"))
    # Ids of other groups' members are not found here, so they are refused below.
    members = list(selectors.members_of(meeting).filter(pk__in=ids)) if ids else []
    if ids is None or len(members) != len(set(ids)):
        raise meeting_mode.MeetingModeError(
            _("Only members of this group can be recorded as present.")
        )
    meeting_mode.attendance_set(meeting=meeting, present=members)
    return _saved(request, _mode_url(meeting, "#aanwezig"))


@require_POST
@refusals()
def guest_add(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    form = GuestForm(request.POST)
    if not form.is_valid():
        raise BadInput(_("Enter the guest's name and role."))
    meeting_mode.attendance_add_guest(
        meeting=meeting,
        name=form.cleaned_data["guest_name"],
        role=form.cleaned_data["guest_role"],
    )
    return redirect(_mode_url(meeting, "#aanwezig"))


@require_POST
@refusals()
def attendance_remove(request, group_id: int, meeting_id: int, attendance_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    meeting_mode.attendance_remove(meeting=meeting, attendance_id=attendance_id)
    return redirect(_mode_url(meeting, "#aanwezig"))


@require_POST
@refusals()
def agenda_default(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    added = meeting_mode.agenda_build_default(
        request=request, membership=membership, meeting=meeting
    )
    messages.success(request, _("%(count)s patients added to the agenda.") % {"count": added})
    return redirect(_mode_url(meeting, "#agenda"))


@require_POST
@refusals("#agenda")
def agenda_add(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    patient_id = parse_id(request.POST.get("patient"))
    # Only patients the chair may see; another group's patient is simply not found.
    patient = visible_patients(membership).filter(pk=patient_id).first() if patient_id else None
    if patient is None:
        raise meeting_mode.MeetingModeError(_("This patient is not in this group's register."))
    meeting_mode.agenda_add(
        request=request, membership=membership, meeting=meeting, patient=patient
    )
    return redirect(_mode_url(meeting, "#agenda"))


@require_POST
@refusals("#bevindingen")
def finding_add(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    form = FindingForm(request.POST)
    if not form.is_valid():
        raise BadInput(_("Choose a kind and category and describe it."))
    meeting_mode.finding_add(meeting=meeting, **form.cleaned_data)
    return redirect(_mode_url(meeting, "#bevindingen"))


@require_POST
@refusals("#bevindingen")
def finding_remove(request, group_id: int, meeting_id: int, finding_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    meeting_mode.finding_remove(meeting=meeting, finding_id=finding_id)
    return redirect(_mode_url(meeting, "#bevindingen"))


# --- one patient on the agenda ----------------------------------------------------------


def _item(request, group_id, meeting_id, item_id):
    """For a save: the row, its meeting and its patient in one query, with the same 404s
    as the page. The change itself is logged by its meeting_mode service."""
    membership = membership_in_group(user=request.user, group_id=group_id)
    agenda_item = (
        AgendaItem.objects.select_related("meeting", "patient__group")
        .filter(pk=item_id, meeting_id=meeting_id, meeting__group_id=group_id)
        .first()
    )
    if agenda_item is None:
        raise Http404
    meeting = agenda_item.meeting
    require(membership, MeetingAction.RUN, meeting)
    return meeting, membership, agenda_item


@require_safe
def item(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id)
    if meeting.status == Meeting.Status.CLOSED:
        return redirect("meeting_run:report", group_id=group_id, meeting_id=meeting_id)
    agenda_item = agenda_item_for(
        request=request, meeting=meeting, membership=membership, item_id=item_id
    )
    patient = agenda_item.patient
    ids = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    index = ids.index(agenda_item.pk)
    ada_form = None
    if patient.status == Patient.Status.DECEASED:
        existing = AfterDeathAnalysis.objects.filter(agenda_item=agenda_item).first()
        ada_form = AdaForm(
            instance=existing,
            initial=None if existing else meeting_mode.ada_initial(patient),
        )
    from toolslibrary.selectors import tools_for_patient

    chosen = {tool.pk for tool in agenda_item.tools.all()}
    owners = agreements.owner_choices(patient)
    advice_form = AdviceForm(
        initial={
            "advice": agenda_item.advice,
            "discussed": agenda_item.discussed,
            "version": agenda_item.version,
        }
    )
    if not agenda_item.advice:
        # The scribe types straight away on arriving at the next patient.
        advice_form.fields["advice"].widget.attrs["autofocus"] = True
    return render(
        request,
        "meetings/run/item.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "item": agenda_item,
            "patient": patient,
            "patients": [patient],
            "label": patient_label(patient, safe=_safe(request)),
            "safe": _safe(request),
            "advice_form": advice_form,
            "agreements": [
                (agreement, _agreement_form(agreement, owners))
                for agreement in agenda_item.agreements.all()
            ],
            "agreement_form": AgreementForm(
                prefix="new", owners=owners, initial=agreements.new_agreement_defaults(agenda_item)
            ),
            "earlier_agreements": agreements.open_for_patient(patient, exclude_item=agenda_item),
            "attention_form": AttentionPointForm(),
            "tools": [(tool, tool.pk in chosen) for tool in tools_for_patient(patient)],
            "ada_form": ada_form,
            "previous_id": ids[index - 1] if index > 0 else None,
            "next_id": ids[index + 1] if index + 1 < len(ids) else None,
            "position": index + 1,
            "count": len(ids),
            "may_close": may(membership, MeetingAction.CLOSE, meeting),
        },
    )


def _agreement_form(agreement: Agreement, owners, data=None) -> AgreementForm:
    owner = next(
        (
            f"{kind}:{getattr(agreement, field + '_id')}"
            for kind, field in agreements.OWNER_KINDS.items()
            if getattr(agreement, field + "_id")
        ),
        "",
    )
    return AgreementForm(
        data,
        initial={
            "what": agreement.what,
            "owner": owner,
            "due_date": agreement.due_date,
            "status": agreement.status,
            "advance_care_planning": agreement.advance_care_planning,
        },
        prefix=f"agreement-{agreement.pk}",
        owners=owners,
    )


@require_POST
@refusals("#advies", on_item=True, status=409)
def advice_save(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    form = AdviceForm(request.POST)
    if not form.is_valid():
        raise BadInput(form.problem())
    try:
        saved = meeting_mode.advice_save(
            request=request,
            membership=membership,
            item=agenda_item,
            advice=form.cleaned_data["advice"],
            discussed=form.cleaned_data["discussed"],
            expected_version=form.cleaned_data["version"],
        )
    except meeting_mode.StaleSave as stale:
        if _is_htmx(request):
            return render(
                request,
                "meetings/run/_status.html",
                {"error": str(stale), "conflict": stale.current, "item": agenda_item},
                status=409,
            )
        # Without JavaScript: both texts on one page, the user's own still editable.
        return render(
            request,
            "meetings/run/conflict.html",
            {
                "meeting": meeting,
                "group": membership.group,
                "item": agenda_item,
                "conflict": stale.current,
                "mine": form.cleaned_data["advice"],
                "discussed": form.cleaned_data["discussed"],
            },
            status=409,
        )
    return _saved(
        request, _item_url(meeting, item_id, "#advies"), item=saved, version=saved.version
    )


@require_POST
@refusals("#tools", on_item=True)
def tools_save(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    ids = parse_ids(request.POST.getlist("tools"))
    if ids is None:
        raise meeting_mode.MeetingModeError(
            _("Only interventions & tools for the patient's target group can be chosen.")
        )
    meeting_mode.tools_save(request=request, membership=membership, item=agenda_item, tool_ids=ids)
    return _saved(request, _item_url(meeting, item_id, "#tools"))


@require_POST
@refusals("#afspraken", on_item=True)
def agreement_add(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    form = AgreementForm(
        request.POST, prefix="new", owners=agreements.owner_choices(agenda_item.patient)
    )
    if not form.is_valid():
        raise BadInput(_("Enter what is agreed and who does it."))
    meeting_mode.agreement_add(
        request=request,
        membership=membership,
        item=agenda_item,
        data=meeting_mode.AgreementData(**form.cleaned_data),
    )
    return redirect(_item_url(meeting, item_id, "#afspraken"))


@require_POST
@refusals("#afspraken", on_item=True)
def agreement_save(request, group_id: int, meeting_id: int, item_id: int, agreement_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    agreement = get_object_or_404(Agreement, pk=agreement_id, agenda_item=agenda_item)
    form = _agreement_form(
        agreement, agreements.owner_choices(agenda_item.patient), data=request.POST
    )
    if not form.is_valid():
        raise BadInput(_("Enter what is agreed and who does it."))
    meeting_mode.agreement_save(
        request=request,
        membership=membership,
        item=agenda_item,
        agreement=agreement,
        data=meeting_mode.AgreementData(**form.cleaned_data),
    )
    return _saved(request, _item_url(meeting, item_id, "#afspraken"))


@require_POST
@refusals("#aandachtspunten", on_item=True)
def attention_add(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    form = AttentionPointForm(request.POST)
    if not form.is_valid():
        raise BadInput(_("Choose a category and describe the attention point."))
    meeting_mode.attention_point_add(
        request=request, membership=membership, item=agenda_item, **form.cleaned_data
    )
    return redirect(_item_url(meeting, item_id, "#aandachtspunten"))


@require_POST
@refusals("#ada", on_item=True)
def ada_save(request, group_id: int, meeting_id: int, item_id: int):
    meeting, membership, agenda_item = _item(request, group_id, meeting_id, item_id)
    form = AdaForm(request.POST)
    if not form.is_valid():
        raise BadInput(_("The After Death Analysis could not be saved."))
    meeting_mode.ada_save(
        request=request, membership=membership, item=agenda_item, values=form.cleaned_data
    )
    return _saved(request, _item_url(meeting, item_id, "#ada"))


# --- pre-meeting input ------------------------------------------------------------------


@require_form_methods
def pre_meeting_input(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.GIVE_INPUT)
    patients = selectors.input_patients(meeting, membership)
    form = InputForm(
        request.POST or None,
        patients=patients,
        safe_label=lambda p: patient_label(p, safe=False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_mode.input_add(
                request=request,
                membership=membership,
                meeting=meeting,
                patient_id=form.cleaned_data["patient"],
                text=form.cleaned_data["text"],
            )
        except meeting_mode.MeetingModeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your input has been added to the agenda."))
            return redirect("meeting_run:input", group_id=group_id, meeting_id=meeting_id)
    audit_record(request=request, action="list", group_id=group_id, membership=membership)
    mine = [
        (patient_label(i.agenda_item.patient, safe=False), i)
        for i in PreMeetingInput.objects.filter(
            agenda_item__meeting=meeting, author=membership
        ).select_related("agenda_item__patient")
    ]
    return render(
        request,
        "meetings/run/input.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "form": form,
            "mine": mine,
            "closed": meeting.status != Meeting.Status.PLANNED,
            "may_put_on_agenda": may_put_on_agenda(membership),
        },
    )


# --- closing ----------------------------------------------------------------------------


@require_form_methods
def close(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.CLOSE)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, str(meeting_mode.MeetingClosed()))
        return redirect("meeting_run:report", group_id=group_id, meeting_id=meeting_id)
    following = selectors.next_planned_meeting(meeting)
    form = NextMeetingForm(
        request.POST if request.method == "POST" else None,
        initial=_next_initial(meeting, following),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = None
        if data["plan_next"]:
            slot = meeting_mode.NextSlot(
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                video_link=data["video_link"],
            )
        try:
            meeting_mode.meeting_close(
                request=request, membership=membership, meeting=meeting, next_slot=slot
            )
        except meeting_mode.MeetingModeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _closed_message(meeting))
            return redirect("meeting_run:report", group_id=group_id, meeting_id=meeting_id)
    items = list(selectors.agenda(meeting))
    return render(
        request,
        "meetings/run/close.html",
        {
            "meeting": meeting,
            "group": membership.group,
            "form": form,
            "following": following,
            "discussed": sum(1 for i in items if i.discussed),
            "undiscussed": sum(1 for i in items if not i.discussed),
            "attendance_count": meeting.attendances.count(),
        },
        status=400 if form.errors else 200,
    )


def _next_initial(meeting: Meeting, following: Meeting | None) -> dict:
    start = history.next_meeting_start(meeting.starts_at, selectors.usual_interval(meeting))
    end = timezone.localtime(start + (meeting.ends_at - meeting.starts_at))
    return {
        "date": start.date(),
        "start": start.time().replace(second=0, microsecond=0),
        "end": end.time().replace(second=0, microsecond=0),
        "location": meeting.location,
        "video_link": meeting.video_link,
        # A meeting already planned ahead: no need for another one.
        "plan_next": following is None,
    }


# --- reports ----------------------------------------------------------------------------


def _report(request, group_id, meeting_id):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.READ)
    report = Report.objects.filter(meeting=meeting).first()
    if report is None:
        raise Http404
    return meeting, membership, report


def _closed_message(meeting) -> str:
    """True when it is shown: the e-mails are queued, not yet delivered (the report page
    shows the chair their state); guests get none."""
    if selectors.report_deliveries(meeting):
        return _("The meeting has been closed. The participants will receive an e-mail.")
    return _("The meeting has been closed.")


@require_safe
def report(request, group_id: int, meeting_id: int):
    meeting, membership, report = _report(request, group_id, meeting_id)
    audit_record(request=request, action="report_view", group_id=group_id, membership=membership)
    return render(
        request,
        "meetings/run/report.html",
        {
            **reports.report_context(report),
            "meeting": meeting,
            "group": membership.group,
            "may_export_attendance": may(membership, MeetingAction.READ, meeting),
            "deliveries": (
                selectors.report_deliveries(meeting)
                if may(membership, MeetingAction.CLOSE, meeting)
                else None
            ),
        },
    )


@require_safe
def report_pdf(request, group_id: int, meeting_id: int):
    meeting, membership, report = _report(request, group_id, meeting_id)
    pdf = reports.report_pdf(report)
    audit_record(request=request, action="report_export", group_id=group_id, membership=membership)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="verslag-{day}.pdf"'
    return response


@require_safe
def report_list(request, group_id: int):
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, MeetingAction.READ)
    audit_record(request=request, action="report_view", group_id=group_id, membership=membership)
    planned = [
        (meeting, may(membership, MeetingAction.RUN, meeting))
        for meeting in selectors.planned_meetings(group_id)
    ]
    return render(
        request,
        "meetings/run/report_list.html",
        {
            "group": membership.group,
            "reports": selectors.reports_of_group(group_id),
            "planned": planned,
            "leads": membership.leads_group,
        },
    )


@require_safe
def attendance_csv(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.READ)
    headers = [
        _("MDO group"),
        _("Date"),
        _("Name"),
        _("E-mail address"),
        _("Role"),
        _("Organisation"),
        _("BIG or registration number"),
        _("AGB code"),
        _("Duration (minutes)"),
        _("Chair"),
    ]
    body = reports.attendance_csv(meeting, [str(h) for h in headers])
    audit_record(request=request, action="report_export", group_id=group_id, membership=membership)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="aanwezigheid-{day}.csv"'
    return response


@require_safe
def attendance_pdf(request, group_id: int, meeting_id: int):
    meeting, membership = _runnable(request, group_id, meeting_id, MeetingAction.READ)
    pdf = reports.attendance_pdf(meeting)
    audit_record(request=request, action="report_export", group_id=group_id, membership=membership)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="aanwezigheid-{day}.pdf"'
    return response
