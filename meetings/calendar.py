"""iCalendar files for meetings: invitations, updates, cancellations and the private feed.

Built with the icalendar library (escaping, folding). What goes in is only the
group's name, the date, the place or video link and a link that needs a login: never
anything from the register. See docs/meetings.md.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting

PRODID = "-//MDO-portaal//Overleggen//NL"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"


def meetings_url(group_id: int) -> str:
    """The group's meetings page: the one link mails and calendar files carry (login needed)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("meetings:list", args=[group_id])


def organizer_address() -> str:
    """The portal's own mailbox organises every meeting: it is also the sender of every
    invitation, so calendar clients accept its updates and cancellations."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def invitation_ics(*, meeting: Meeting, method: str, attendee_email: str, attendee_name: str):
    """One meeting for one recipient, as REQUEST (new or changed) or CANCEL."""
    calendar = _calendar(method)
    event = _event(meeting, cancelled=method == Method.CANCEL)
    event.add(
        "attendee",
        icalendar.vCalAddress.new(
            attendee_email,
            cn=attendee_name or attendee_email,
            role="REQ-PARTICIPANT",
            # No RSVP: a reply would go to the organiser, the portal's no-reply mailbox.
            partstat="NEEDS-ACTION",
        ),
    )
    calendar.add_component(event)
    return calendar.to_ical().decode()


def feed_ics(*, meetings) -> bytes:
    """A subscribed calendar: every meeting of the user's groups, cancelled ones marked so."""
    calendar = _calendar(Method.PUBLISH)
    calendar.add("x-wr-calname", _("MDO meetings"))
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, cancelled=meeting.status == Meeting.Status.CANCELLED)
        )
    return calendar.to_ical()


def _calendar(method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(amsterdam_timezone())
    return calendar


def amsterdam_timezone() -> icalendar.Timezone:
    """Europe/Amsterdam as two yearly rules (EU summer time since 1996), the way calendar
    clients expect it. icalendar's generated block lists every change 1970–2037 as dates,
    which vobject and Outlook misread (summer meetings an hour late)."""
    timezone_block = icalendar.Timezone()
    timezone_block.add("tzid", "Europe/Amsterdam")
    for component, name, offsets, start, month in (
        (icalendar.TimezoneDaylight, "CEST", (1, 2), datetime(1970, 3, 29, 2), 3),
        (icalendar.TimezoneStandard, "CET", (2, 1), datetime(1970, 10, 25, 3), 10),
    ):
        rule = component()
        rule.add("tzname", name)
        rule.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        rule.add("tzoffsetto", timedelta(hours=offsets[1]))
        rule.add("dtstart", start)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone_block.add_component(rule)
    return timezone_block


def _event(meeting: Meeting, *, cancelled: bool) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@mdo-portaal")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", meeting.ends_at.astimezone(AMSTERDAM))
    event.add("summary", _("MDO %(group)s") % {"group": meeting.group.name})
    place = meeting.location or meeting.video_link
    if place:
        event.add("location", place)
    link = meetings_url(meeting.group_id)
    lines = [_("Multidisciplinary meeting (MDO) of %(group)s.") % {"group": meeting.group.name}]
    if meeting.video_link:
        lines.append(_("Video link: %(link)s") % {"link": meeting.video_link})
    lines.append(_("Details in the MDO portal (sign-in required): %(link)s") % {"link": link})
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("organizer", icalendar.vCalAddress.new(organizer_address(), cn=meeting.group.name))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event
