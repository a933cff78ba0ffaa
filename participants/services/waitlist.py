"""Waiting lists: promotion into freed seats and the release of lapsed holds."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from events.models import Event
from participants import selectors
from participants.emails import queue_email
from participants.models import Registration, WorkshopBooking
from participants.services.base import (
    Booking,
    Mail,
    Status,
    capacity_transaction,
    expire,
    hold_until,
    lapsed_q,
    lock_event,
    lock_workshops,
    maybe_lock,
)
from workshops import services as workshop_services


def promote_waitlist(*, event: Event) -> list[Registration]:
    """Give free seats of the event and its workshops to the people waiting longest;
    queue an email to each. Call it after raising a capacity."""
    with capacity_transaction():
        event = lock_event(event.pk)
        return promote_locked(event, timezone.now())


def promote_locked(event: Event, now: datetime) -> list[Registration]:
    if event.status != Event.Status.PUBLISHED or event.start <= now:
        return []
    counts = selectors.event_counts(event=event, now=now)
    promoted = []
    for mode in Registration.Mode.values:
        capacity = selectors.capacity_for(event, mode)
        waiting = Registration.objects.filter(
            event=event, mode=mode, status=Status.WAITLISTED
        ).order_by("queued_at", "pk")
        if capacity is not None:
            free = capacity - counts[mode]["taken"]
            if free <= 0:
                continue
            waiting = waiting[:free]
        waiting = maybe_lock(waiting)
        for registration in waiting:
            if registration.confirmed_at:
                registration.status = Status.CONFIRMED
            else:
                registration.status = Status.PENDING
                registration.hold_expires_at = max(
                    registration.hold_expires_at or now, hold_until(now)
                )
            registration.save(update_fields=["status", "hold_expires_at"])
            queue_email(
                registration=registration,
                kind=Mail.PROMOTED,
                dedupe_key=f"promoted:{registration.pk}:{now.timestamp()}",
            )
            promoted.append(registration)
    fill_workshops(event, now, quiet={r.pk for r in promoted})
    return promoted


def fill_workshops(event: Event, now: datetime, *, quiet: set[int]) -> None:
    """Book waiting people who hold an event seat into freed workshop seats."""
    eligible = Q(status=Booking.WAITLISTED) & selectors.holding_q(now, "registration__")
    workshop_ids = set(
        WorkshopBooking.objects.filter(eligible, workshop__event=event).values_list(
            "workshop_id", flat=True
        )
    )
    if not workshop_ids:
        return
    locked = lock_workshops(workshop_ids)
    counts = selectors.workshop_counts(workshop_ids=locked.keys(), now=now)
    for workshop in locked.values():
        waiting = (
            WorkshopBooking.objects.filter(eligible, workshop=workshop)
            .select_related("registration")
            .order_by("queued_at", "pk")
        )
        if workshop.capacity is not None:
            free = workshop.capacity - counts[workshop.pk]["taken"]
            if free <= 0:
                continue
            waiting = waiting[:free]
        waiting = maybe_lock(waiting, of=("self",))
        for booking in waiting:
            booking.status = Booking.BOOKED
            booking.save(update_fields=["status"])
            if booking.registration_id not in quiet:
                queue_email(
                    registration=booking.registration,
                    kind=Mail.WORKSHOP_CHANGED,
                    dedupe_key=f"workshop_promoted:{booking.pk}",
                    context={"promoted_workshop": workshop.full_title},
                )


def release_expired_holds(*, now: datetime | None = None) -> int:
    """Expire unconfirmed registrations past their time, queue an email to each,
    promote people waiting for the freed seats and take the expired out of the
    rotation plans. Returns how many expired."""
    now = now or timezone.now()
    lapsed = set(
        Registration.objects.filter(lapsed_q(now)).values_list("event_id", flat=True)
    )
    upcoming = Event.objects.published().filter(start__gt=now)
    waiting = set(
        upcoming.filter(
            Q(registrations__status=Status.WAITLISTED)
            | Q(workshops__bookings__status=Booking.WAITLISTED)
        ).values_list("pk", flat=True)
    )
    expired = 0
    for event_id in sorted(lapsed | waiting):
        with capacity_transaction():
            event = lock_event(event_id)
            registrations = Registration.objects.filter(event=event).filter(
                lapsed_q(now)
            )
            registrations = list(maybe_lock(registrations))
            for registration in registrations:
                expire(registration, now, notify=True)
                expired += 1
            promote_locked(event, now)
            # Lock order: event, workshops, then the event's rotation plans.
            for registration in registrations:
                workshop_services.remove_from_rotation_plans(registration=registration)
    return expired
