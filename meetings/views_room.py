"""The room view (projector), what moves it, and room display pairing. Thin: reads and
writes in meetings/room.py and meetings/pairing.py; access in meetings/access.py and,
for the room itself, meetings/room_access.py (which also writes the access log).

The room view is open to members who may run the meeting (chair, vice-chair, the scribe)
and to a browser paired with a one-time code (meetings/pairing.py); nobody else, and
nothing else for that paired browser (accounts/middleware.py).
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import public, room_display
from config.http import require_form_methods
from meetings import pairing, room, rows
from meetings.access import MeetingAction, meeting_for
from meetings.meeting_mode import MeetingModeError
from meetings.models import AgendaItem
from meetings.room_access import room_shown, room_viewer_for
from register.models import TargetGroup


def _render_room(request, template, viewer, **extra):
    context = room_shown(request, viewer)
    meeting = viewer.meeting
    context.update(
        group=meeting.group,
        display=viewer.display,
        budget=room.minutes(context["budget_seconds"]),
        **extra,
    )
    response = render(request, template, context)
    response["X-Room-Version"] = str(meeting.room_version)
    return response


@room_display
@require_safe
def room_view(request, group_id: int, meeting_id: int):
    viewer = room_viewer_for(request, group_id=group_id, meeting_id=meeting_id)
    return _render_room(
        request, "meetings/room/room.html", viewer, colour_holders=room.colour_holders()
    )


@room_display
@require_safe
def room_poll(request, group_id: int, meeting_id: int):
    """204 while nothing changed (the access check's one query is all it costs); the
    room's body when it did."""
    viewer = room_viewer_for(request, group_id=group_id, meeting_id=meeting_id)
    if request.GET.get("v") == str(viewer.meeting.room_version):
        return HttpResponse(status=204)
    return _render_room(request, "meetings/room/_body.html", viewer)


def _back(request, fallback: str) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return fallback


def _item_url(meeting, item_id, target_group_id=None) -> str:
    url = reverse("meeting_run:item", args=[meeting.group_id, meeting.pk, item_id])
    return url + (f"?doelgroep={target_group_id}" if target_group_id else "")


@require_POST
def current_set(request, group_id: int, meeting_id: int):
    """The scribe chose a patient: the room follows; the scribe goes to its page."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.RUN
    )
    raw_item, raw_group = request.POST.get("item", ""), request.POST.get("doelgroep", "")
    target_group_id = int(raw_group) if raw_group.isdigit() else None
    if target_group_id and not TargetGroup.objects.filter(pk=target_group_id).exists():
        target_group_id = None
    try:
        item = room.current_item_set(
            meeting=meeting,
            item_id=int(raw_item) if raw_item.isdigit() else None,
            target_group_id=target_group_id,
        )
    except MeetingModeError as error:
        messages.error(request, str(error))
        return redirect(reverse("meeting_run:mode", args=[group_id, meeting_id]))
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204)
    return redirect(_item_url(meeting, item.pk, target_group_id))


@require_POST
def start(request, group_id: int, meeting_id: int):
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.PLAN
    )
    try:
        room.meeting_start(meeting=meeting, user=request.user)
    except MeetingModeError as error:
        messages.error(request, str(error))
    fallback = reverse("meeting_run:mode", args=[group_id, meeting_id])
    if meeting.current_item_id:
        fallback = _item_url(meeting, meeting.current_item_id)
    return redirect(_back(request, fallback))


@require_form_methods
def displays(request, group_id: int, meeting_id: int):
    """The scribe's screen: a new one-time code (POST) and the paired displays."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.RUN
    )
    code = None
    if request.method == "POST":
        try:
            code = pairing.pairing_create(request=request, membership=membership, meeting=meeting)
        except MeetingModeError as error:
            messages.error(request, str(error))
    return render(
        request,
        "meetings/room/displays.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "code": code,
            "displays": pairing.active_displays(meeting),
            "pair_url": request.build_absolute_uri(reverse("meeting_room:pair")),
        },
    )


@require_POST
def display_revoke(request, group_id: int, meeting_id: int, display_id: int):
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.RUN
    )
    pairing.pairing_revoke(
        request=request, membership=membership, meeting=meeting, display_id=display_id
    )
    messages.success(request, _("The display has been disconnected."))
    return redirect("meeting_room:displays", group_id=group_id, meeting_id=meeting_id)


@public
@room_display
@require_form_methods
def pair(request):
    """On the projector PC: type the code shown on the scribe's screen."""
    error, status = None, 200
    if request.method == "POST":
        if request.user.is_authenticated:
            error, status = _("Sign out first: a room display is not signed in."), 400
        else:
            try:
                display = pairing.pairing_claim(request=request, code=request.POST.get("code", ""))
            except pairing.PairingThrottled as throttled:
                error, status = str(throttled), 429
            except pairing.PairingRefused as refused:
                error, status = str(refused), 400
            else:
                meeting = display.meeting
                return redirect(
                    "meeting_room:room", group_id=meeting.group_id, meeting_id=meeting.pk
                )
    return render(request, "meetings/room/pair.html", {"error": error}, status=status)


@public
@room_display
@require_POST
def unpair(request):
    request.session.flush()
    return redirect("meeting_room:pair")


@require_POST
def row_save(request, group_id: int, meeting_id: int, kind: str, item_id: int | None = None):
    """A new agreement, attention point or finding, saved from its first keystroke on
    (meetings/rows.py). Accepts a beacon: a form-encoded body with the CSRF token."""
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.RUN
    )
    on_item = rows.KINDS.get(kind, (None, None, None, False))[3]
    if kind not in rows.KINDS or bool(on_item) != (item_id is not None):
        raise Http404
    item = None
    if item_id is not None:
        item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
        if item is None:
            raise Http404
        item.meeting = meeting
    try:
        row, created = rows.row_save(
            request=request,
            membership=membership,
            meeting=meeting,
            item=item,
            kind=kind,
            key=request.POST.get("row_key", ""),
            data=request.POST,
        )
    except MeetingModeError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"id": row.pk, "created": created}, status=201 if created else 200)
