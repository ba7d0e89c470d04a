"""The scribe's bar on the meeting-mode pages: what the room shows, what moves it
(previous/next, the target-group filter), the keyboard shortcuts. See meetings/room.py."""

from django import template

from meetings import room
from register.models import TargetGroup

register = template.Library()


def _filter(request, meeting) -> int | None:
    raw = request.GET.get("doelgroep", "")
    return int(raw) if raw.isdigit() else meeting.room_target_group_id


@register.inclusion_tag("meetings/room/_scribe_bar.html", takes_context=True)
def room_scribe_bar(context, meeting, item=None):
    request = context["request"]
    target_group_id = _filter(request, meeting)
    ids = [row.pk for row in room.agenda_list(meeting, target_group_id)]
    index = ids.index(item.pk) if item is not None and item.pk in ids else None
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "item": item,
        "state": room.state(meeting),
        "on_screen": item is not None and meeting.current_item_id == item.pk,
        "previous_id": ids[index - 1] if index else None,
        "next_id": ids[index + 1] if index is not None and index + 1 < len(ids) else None,
        "first_id": ids[0] if ids else None,
        "target_groups": TargetGroup.objects.filter(is_active=True),
        "target_group_id": target_group_id,
        "leads": context.get("leads"),
    }
