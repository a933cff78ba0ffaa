"""The rules for workshop choices, shared by registering and self-service.

A time slot allocated by preference takes up to three ranked wishes (REQUESTED
bookings, no seat taken) until registration closes or its allocation is
committed; every other slot books one seat, first come, first served. Workshops
take place where the event does: online participants of a hybrid event choose
none.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from events.models import Event, Places
from participants.models import Registration, WorkshopBooking
from participants.selectors import (
    MAX_WISHES,
    ONLINE_TAKES_NO_WORKSHOP,
    WISHES_CLOSED,
    SlotRules,
)
from participants.services.errors import InvalidChoice
from workshops.models import Workshop

Booking = WorkshopBooking.Status


def split_choices(
    event: Event, workshops: Sequence[Workshop], rules: SlotRules, *, mode: str
) -> tuple[list[Workshop], dict[int, list[Workshop]]]:
    """(workshops to book a seat in, {slot id: wishes in order of preference}).

    Raises InvalidChoice for another event's workshop, a workshop chosen online
    at a hybrid event, two seats in one slot, a workshop wished twice, more than
    MAX_WISHES wishes, or a wish in a slot whose wishes are closed.
    """
    if workshops and not event.workshops_open_to(mode):
        raise InvalidChoice(ONLINE_TAKES_NO_WORKSHOP)
    seats: list[Workshop] = []
    wishes: dict[int, list[Workshop]] = {}
    for workshop in workshops:
        if workshop.event_id != event.pk:
            raise InvalidChoice()
        slot = workshop.time_slot_id
        if slot in rules.waiting:
            raise InvalidChoice(WISHES_CLOSED)
        if slot in rules.wishes:
            ranked = wishes.setdefault(slot, [])
            if any(w.pk == workshop.pk for w in ranked):
                raise InvalidChoice(
                    _("Bitte wünschen Sie sich jeden Workshop nur einmal.")
                )
            if len(ranked) == MAX_WISHES:
                raise InvalidChoice(
                    _("Bitte geben Sie höchstens drei Wünsche je Zeitfenster an.")
                )
            ranked.append(workshop)
        elif any(w.time_slot_id == slot for w in seats):
            raise InvalidChoice(
                _("Bitte wählen Sie je Zeitfenster nur einen Workshop.")
            )
        else:
            seats.append(workshop)
    return seats, wishes


def seat_status(
    *, workshop: Workshop, holds_seat: bool, places: dict[int, Places]
) -> WorkshopBooking.Status:
    """BOOKED if the person holds an event seat and the workshop has a free one
    (counted at once, so the next choice sees it), else WAITLISTED."""
    if holds_seat and not places[workshop.pk].full:
        current = places[workshop.pk]
        places[workshop.pk] = replace(current, taken=current.taken + 1)
        return Booking.BOOKED
    return Booking.WAITLISTED


def wish_bookings(
    registration: Registration, wishes: dict[int, list[Workshop]], now: datetime
) -> list[WorkshopBooking]:
    """Unsaved REQUESTED bookings, ranked 1, 2, 3 per slot; they take no seat."""
    return [
        WorkshopBooking(
            registration=registration,
            workshop=workshop,
            status=Booking.REQUESTED,
            preference_rank=rank,
            queued_at=now,
        )
        for ranked in wishes.values()
        for rank, workshop in enumerate(ranked, start=1)
    ]


def seat_bookings(
    registration: Registration,
    workshops: dict[int, Workshop],
    places: dict[int, Places],
    now: datetime,
) -> list[WorkshopBooking]:
    """Unsaved bookings of one seat each: BOOKED where one is free, else
    WAITLISTED (see seat_status)."""
    holds_seat = registration.holds_seat(now)
    return [
        WorkshopBooking(
            registration=registration,
            workshop=workshop,
            status=seat_status(workshop=workshop, holds_seat=holds_seat, places=places),
            queued_at=now,
        )
        for workshop in workshops.values()
    ]
