"""iCalendar (RFC 5545) files for one event and for subscribable feeds.

Times are written in Europe/Berlin with a VTIMEZONE, so calendar apps show the local
time of the conference and no reader has to guess the zone.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event

PRODID = "-//Smart Cities Suedwestfalen//Konferenzen//DE"
BERLIN = ZoneInfo(settings.TIME_ZONE)


def _location(event: Event) -> str:
    parts = []
    if event.venue and event.has_onsite:
        parts.append(event.venue.address)
    if event.has_online:
        parts.append(_("Online"))
    return " / ".join(parts)


def _description(event: Event, url: str) -> str:
    parts = [event.motto, event.summary]
    if event.status == Event.Status.CANCELLED:
        parts.insert(0, _("Abgesagt."))
    if event.livestream_url:
        parts.append(_("Livestream: %(url)s") % {"url": event.livestream_url})
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def event_component(event: Event, *, base_url: str) -> icalendar.Event:
    """A VEVENT for `event`; `base_url` (scheme and host) makes its links absolute."""
    url = base_url + event.get_absolute_url()
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{urlsplit(base_url).hostname}")
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("last-modified", event.updated_at or timezone.now())
    component.add("summary", event.full_title)
    component.add("dtstart", event.start.astimezone(BERLIN))
    component.add("dtend", event.end.astimezone(BERLIN))
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("description", _description(event, url))
    component.add("url", url)
    component.add("categories", [event.get_kind_display()])
    component.add(
        "status",
        "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED",
    )
    return component


def calendar_for(events, *, name: str, base_url: str) -> bytes:
    """A VCALENDAR holding `events`, named for subscribers' calendar lists."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Subscribed calendars ask again after this interval.
    calendar.add(
        "refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT6H")
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, base_url=base_url))
    if events:
        first = min(event.start for event in events).date()
        last = max(event.end for event in events).date()
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366),
            last_date=last + timedelta(days=366),
        )
    return calendar.to_ical()
