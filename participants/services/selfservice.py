"""Changes a person makes on the self-service page."""

from collections.abc import Sequence

from django.utils import timezone

from events.models import Event
from participants import selectors
from participants.emails import queue_email
from participants.models import Registration, WorkshopBooking
from participants.services.base import (
    Booking,
    Mail,
    Status,
    booking_status,
    capacity_transaction,
    check_workshops,
    hold_until,
    holds_seat,
    lock_event,
    lock_registration,
    lock_workshops,
)
from participants.services.errors import (
    EventFull,
    InvalidChoice,
    NotChangeable,
    WorkshopFull,
)
from participants.services.waitlist import fill_workshops, promote_locked
from workshops.models import Workshop


def cancel(*, registration: Registration) -> Registration:
    """Cancel a registration and its bookings, queue the cancellation email and
    promote the next people waiting."""
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration.pk)
        if registration.status not in Registration.ACTIVE_STATUSES:
            raise NotChangeable()
        now = timezone.now()
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        registration.bookings.exclude(status=Booking.CANCELLED).update(
            status=Booking.CANCELLED
        )
        queue_email(
            registration=registration,
            kind=Mail.CANCELLED,
            dedupe_key=f"cancelled:{registration.pk}",
        )
        promote_locked(event, now)
    return registration


def change_workshops(
    *, registration: Registration, workshops: Sequence[Workshop]
) -> Registration:
    """Replace the workshop choice (one per time slot) within capacity; queue the
    change email and promote people waiting for a freed workshop seat.

    A full workshop puts the person on its waiting list, unless that would cost
    them the seat they hold in the same time slot: then WorkshopFull is raised and
    nothing changes.
    """
    with capacity_transaction():
        event = lock_event(registration.event_id)
        now = timezone.now()
        registration = lock_registration(registration.pk)
        registration.event = event
        if not selectors.can_change(registration, now):
            raise NotChangeable()
        check_workshops(event, workshops)
        current = {
            b.workshop.time_slot_id: b
            for b in registration.bookings.exclude(
                status=Booking.CANCELLED
            ).select_related("workshop")
        }
        wanted = {w.time_slot_id: w for w in workshops}
        affected = {b.workshop_id for b in current.values()} | {w.pk for w in workshops}
        locked = lock_workshops(affected)
        counts = selectors.workshop_counts(workshop_ids=locked.keys(), now=now)
        has_seat = holds_seat(registration, now)
        changed = False
        for slot in sorted(set(current) | set(wanted), key=lambda s: s or 0):
            old, new = current.get(slot), wanted.get(slot)
            if old is not None and new is not None and old.workshop_id == new.pk:
                continue
            if new is not None:
                status = booking_status(
                    workshop=locked[new.pk], holds_seat=has_seat, counts=counts
                )
                if status == Booking.WAITLISTED and (
                    old is not None and old.status == Booking.BOOKED
                ):
                    raise WorkshopFull()
            if old is not None:
                old.status = Booking.CANCELLED
                old.save(update_fields=["status"])
            if new is not None:
                WorkshopBooking.objects.create(
                    registration=registration,
                    workshop=locked[new.pk],
                    status=status,
                    queued_at=now,
                )
            changed = True
        if changed:
            queue_email(
                registration=registration,
                kind=Mail.WORKSHOP_CHANGED,
                dedupe_key=f"workshop_changed:{registration.pk}:{now.timestamp()}",
            )
            fill_workshops(event, now, quiet={registration.pk})
    return registration


def switch_mode(*, registration: Registration, mode: str) -> Registration:
    """Move a registration of a hybrid event between on-site and online, keeping
    the seat only if the other mode has one free; promote people waiting."""
    with capacity_transaction():
        event = lock_event(registration.event_id)
        now = timezone.now()
        registration = lock_registration(registration.pk)
        registration.event = event
        if not selectors.can_change(registration, now):
            raise NotChangeable()
        if event.format != Event.Format.HYBRID or mode not in Registration.Mode.values:
            raise InvalidChoice()
        if mode == registration.mode:
            return registration
        counts = selectors.event_counts(event=event, now=now)
        free = not selectors.mode_is_full(event=event, mode=mode, counts=counts)
        if holds_seat(registration, now):
            if not free:
                raise EventFull()
        elif free:
            registration.status = (
                Status.CONFIRMED if registration.confirmed_at else Status.PENDING
            )
            registration.hold_expires_at = max(
                registration.hold_expires_at or now, hold_until(now)
            )
        else:
            registration.queued_at = now
        registration.mode = mode
        registration.save(
            update_fields=["mode", "status", "hold_expires_at", "queued_at"]
        )
        promote_locked(event, now)
    return registration
