"""Reads for the public pages: each fetches everything its template touches at once.

The query count of a page must not grow with its rows, so every relation a template
follows is either `select_related` or prefetched here (see tests/events/test_views.py).
"""

from itertools import groupby

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from participants.models import Registration, WorkshopBooking, seat_q, waiting_q
from projects.models import Municipality, Project
from workshops.models import Station, Workshop, WorkshopContribution

from .models import Event, Material, Places, ProgrammeContribution, ProgrammeItem


def public_events() -> QuerySet[Event]:
    """Published and cancelled events with what an event card shows."""
    return (
        Event.objects.visible()
        .select_related("venue__municipality", "host_project")
        .prefetch_related("co_host_municipalities")
    )


def filter_events(
    events: QuerySet[Event],
    *,
    place: Municipality | None = None,
    municipality: Municipality | None = None,
    project: Project | None = None,
    year: int | None = None,
    format: str = "",
    kind: str = "",
) -> QuerySet[Event]:
    """Narrow events down: `place` is the town the event takes place in (its
    venue's municipality), `municipality` one that co-hosts it."""
    if place is not None:
        events = events.filter(venue__municipality=place)
    if municipality is not None:
        events = events.filter(pk__in=_co_hosted_by(municipality))
    if project is not None:
        events = events.filter(host_project=project)
    if year:
        events = events.filter(start__year=year)
    if format:
        events = events.filter(format=format)
    if kind:
        events = events.filter(kind=kind)
    return events


def _co_hosted_by(municipality: Municipality):
    return Event.co_host_municipalities.through.objects.filter(
        municipality=municipality
    ).values("event_id")


def event_places() -> QuerySet[Municipality]:
    """Towns with a visible event held there, for the place filter."""
    held = Event.objects.visible().values("venue__municipality")
    return Municipality.objects.filter(pk__in=held).order_by("name")


def participating_municipalities() -> QuerySet[Municipality]:
    """Municipalities co-hosting a visible event, for the municipality filter."""
    through = Event.co_host_municipalities.through.objects
    hosting = through.filter(event__in=Event.objects.visible())
    return Municipality.objects.filter(pk__in=hosting.values("municipality")).order_by(
        "name"
    )


def split_upcoming_past(events, now=None) -> tuple[list[Event], list[Event]]:
    """Upcoming events soonest first, then past events latest first (one query)."""
    now = now or timezone.now()
    events = list(events.order_by("start", "pk"))
    upcoming = [event for event in events if event.end >= now]
    past = [event for event in reversed(events) if event.end < now]
    return upcoming, past


def event_years() -> list[int]:
    return [d.year for d in Event.objects.visible().dates("start", "year", "DESC")]


def events_at_municipality(municipality: Municipality) -> QuerySet[Event]:
    """Events held in the municipality or co-hosted by it (its own page)."""
    return public_events().filter(
        Q(venue__municipality=municipality) | Q(pk__in=_co_hosted_by(municipality))
    )


def events_hosted_by(project: Project) -> QuerySet[Event]:
    return filter_events(public_events(), project=project)


def _speaker_select():
    return ("speaker__organisation", "speaker__project", "speaker__municipality")


def event_for_page(slug: str) -> Event:
    """One visible event with its programme, workshops, people and free places.

    Adds `onsite_places`/`online_places` and `waitlist_only` (every mode full) to
    the event and `places` to each workshop.
    """
    now = timezone.now()
    # A workshop seat only counts (taken or waiting) for someone who holds a seat
    # at the event.
    booking_holds = seat_q(now, "bookings__registration__")
    workshop_counts = {
        "places_taken": Count(
            "bookings",
            filter=Q(bookings__status=WorkshopBooking.Status.BOOKED) & booking_holds,
        ),
        "places_waiting": Count(
            "bookings",
            filter=Q(bookings__status=WorkshopBooking.Status.WAITLISTED)
            & booking_holds,
        ),
    }
    event_counts = {}
    for mode in Registration.Mode.values:
        in_mode = Q(registrations__mode=mode)
        event_counts[f"{mode}_taken"] = Count(
            "registrations", filter=seat_q(now, "registrations__") & in_mode
        )
        event_counts[f"{mode}_waiting"] = Count(
            "registrations", filter=waiting_q(now, "registrations__") & in_mode
        )
    programme_items = ProgrammeItem.objects.order_by(
        F("start").asc(nulls_last=True), "order", "pk"
    ).prefetch_related(
        Prefetch(
            "contributions",
            queryset=ProgrammeContribution.objects.select_related(*_speaker_select()),
        )
    )
    workshops = (
        Workshop.objects.select_related("time_slot")
        .annotate(**workshop_counts)
        .order_by(
            F("time_slot__start").asc(nulls_last=True),
            "time_slot_id",
            "order",
            "code",
            "pk",
        )
        .prefetch_related(
            "designed_by",
            Prefetch(
                "contributions",
                queryset=WorkshopContribution.objects.select_related(
                    *_speaker_select()
                ),
            ),
            Prefetch(
                "stations",
                queryset=Station.objects.select_related("city_lab__municipality"),
            ),
        )
    )
    events = (
        Event.objects.visible()
        .select_related("venue__municipality", "host_project", "parent")
        .annotate(**event_counts)
        .prefetch_related(
            "co_host_municipalities",
            Prefetch("programme_items", queryset=programme_items),
            Prefetch("workshops", queryset=workshops),
            Prefetch("materials", queryset=Material.objects.order_by("order", "pk")),
            Prefetch(
                "side_events",
                queryset=Event.objects.visible().order_by("start"),
            ),
        )
    )
    event = get_object_or_404(events, slug=slug)
    if event.parent and event.parent.status == Event.Status.DRAFT:
        event.parent = None
    event.onsite_places = Places(
        event.capacity_onsite, event.onsite_taken, event.onsite_waiting
    )
    event.online_places = Places(
        event.capacity_online, event.online_taken, event.online_waiting
    )
    places = {"onsite": event.onsite_places, "online": event.online_places}
    event.waitlist_only = event.is_full(places)
    for workshop in event.workshops.all():
        workshop.places = Places(
            workshop.capacity, workshop.places_taken, workshop.places_waiting
        )
    return event


def programme_by_day(event: Event) -> list[tuple]:
    """Programme items grouped by their local date (None for items without a time)."""

    def day(item):
        return timezone.localdate(item.start) if item.start else None

    return [
        (key, list(items))
        for key, items in groupby(event.programme_items.all(), key=day)
    ]


def workshops_by_slot(event: Event) -> list[tuple]:
    """Workshops grouped by time slot, in slot order (None for unscheduled ones)."""
    return [
        (slot, list(items))
        for slot, items in groupby(
            event.workshops.all(), key=lambda workshop: workshop.time_slot
        )
    ]


def speakers_of(event: Event) -> list:
    """Everyone named in the programme or a workshop, once, sorted by name."""
    people = {}
    for item in event.programme_items.all():
        for contribution in item.contributions.all():
            people.setdefault(contribution.speaker_id, contribution.speaker)
    for workshop in event.workshops.all():
        for contribution in workshop.contributions.all():
            people.setdefault(contribution.speaker_id, contribution.speaker)
    return sorted(
        people.values(), key=lambda s: (s.last_name.lower(), s.first_name.lower())
    )
