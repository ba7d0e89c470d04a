"""Planning screens and the private calendar feed. Thin: access through meetings.access,
reads through selectors, writes through services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.decorators import public
from config.http import require_form_methods
from meetings import selectors, services
from meetings.access import MeetingAction, may, meeting_for, require
from meetings.calendar import feed_ics
from meetings.followups import followups_for_group
from meetings.forms import MeetingSlotForm, MeetingSlotFormSet
from meetings.models import CalendarFeed
from register.access import membership_in_group


@require_safe
def meeting_list(request, group_id: int):
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, MeetingAction.READ)
    upcoming, past = selectors.group_meetings(group_id=group_id)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "group": membership.group,
            "upcoming": upcoming,
            "past": past,
            "may_plan": may(membership, MeetingAction.PLAN),
            "meetings_url": reverse("meetings:list", args=[group_id]),
            "followups": followups_for_group(membership.group),
        },
    )


@require_form_methods
def meeting_plan(request, group_id: int):
    membership = membership_in_group(user=request.user, group_id=group_id)
    require(membership, MeetingAction.PLAN)
    group = membership.group
    formset = MeetingSlotFormSet(request.POST or None, prefix="slots", form_kwargs={"group": group})
    if request.method == "POST" and formset.is_valid():
        try:
            meetings = services.meetings_plan(user=request.user, group=group, slots=formset.slots())
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d meeting planned; the members have been invited.",
                    "%(count)d meetings planned; the members have been invited.",
                    len(meetings),
                )
                % {"count": len(meetings)},
            )
            return redirect("meetings:list", group_id=group_id)
    return render(request, "meetings/meeting_plan.html", {"group": group, "formset": formset})


@require_form_methods
def meeting_edit(request, group_id: int, meeting_id: int):
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.PLAN
    )
    if meeting.status != meeting.Status.PLANNED:
        messages.error(request, _("This meeting can no longer be changed."))
        return redirect("meetings:list", group_id=group_id)
    form = MeetingSlotForm(
        request.POST or None,
        group=membership.group,
        meeting=meeting,
        initial=MeetingSlotForm.initial_for(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(user=request.user, meeting=meeting, **form.slot())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The meeting has been changed; the members are informed."))
            return redirect("meetings:list", group_id=group_id)
    return render(
        request,
        "meetings/meeting_edit.html",
        {"group": membership.group, "meeting": meeting, "form": form},
    )


@require_form_methods
def meeting_cancel(request, group_id: int, meeting_id: int):
    meeting, membership = meeting_for(
        user=request.user, group_id=group_id, meeting_id=meeting_id, action=MeetingAction.PLAN
    )
    if request.method == "POST":
        try:
            services.meeting_cancel(user=request.user, meeting=meeting)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("The meeting has been cancelled; the members are informed.")
            )
        return redirect("meetings:list", group_id=group_id)
    return render(
        request, "meetings/meeting_cancel.html", {"group": membership.group, "meeting": meeting}
    )


@require_safe
def calendar_feed_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "meetings/calendar_feed.html", {"feed": feed})


@require_POST
def calendar_feed_renew(request):
    token = services.calendar_feed_renew(user=request.user)
    feed_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("meetings:feed", args=[token])
    # Shown in the response to the POST only: only the token's hash is stored.
    return render(
        request,
        "meetings/calendar_feed.html",
        {"feed": CalendarFeed.objects.get(user=request.user), "feed_url": feed_url},
    )


@require_POST
def calendar_feed_revoke(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("Your calendar link has been switched off."))
    return redirect("meetings:feed_settings")


@public
@require_GET
@never_cache
def calendar_feed(request, token: str):
    """Public on purpose: calendar apps fetch it without a session. The secret token in
    the URL is the key; an unknown or revoked token is a 404."""
    user = services.feed_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        feed_ics(meetings=selectors.feed_meetings(user=user)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="mdo-overleggen.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
