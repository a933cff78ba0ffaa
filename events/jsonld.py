"""schema.org `Event` data for search engines, embedded as JSON-LD."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Event

_MODES = {
    Event.Format.ONSITE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
# A <script> element must not be closed or confused by the data inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _place(event: Event) -> dict | None:
    venue = event.venue
    if venue is None:
        return None
    address = {"@type": "PostalAddress", "addressLocality": venue.city}
    if venue.street:
        address["streetAddress"] = venue.street
    if venue.postal_code:
        address["postalCode"] = venue.postal_code
    address["addressCountry"] = "DE"
    return {"@type": "Place", "name": venue.name or venue.city, "address": address}


def event_data(event: Event, *, url: str, organizer_url: str) -> dict:
    locations = []
    if event.has_onsite and (place := _place(event)):
        locations.append(place)
    if event.has_online:
        locations.append(
            {"@type": "VirtualLocation", "url": event.livestream_url or url}
        )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.full_title,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventAttendanceMode": _MODES[event.format],
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if event.status == Event.Status.CANCELLED
            else "https://schema.org/EventScheduled"
        ),
        "organizer": {
            "@type": "Organization",
            "name": event.host_project.name,
            "url": event.host_project.website or organizer_url,
        },
        "url": url,
        "inLanguage": "de",
    }
    description = event.motto or event.summary
    if description:
        data["description"] = description
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data


def as_script_content(data: dict) -> SafeString:
    """JSON safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    # nosec B308 B703: every <, > and & is \u-escaped (_SCRIPT_ESCAPES), so the
    # JSON cannot end the <script type="application/ld+json"> element.
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308  # nosec
