"""Changes to an existing registration: cancelling it, its workshops, its mode.

The person makes them on the self-service page; organisers use the same
functions from the admin.
"""

from collections.abc import Sequence

from api.webhooks import queue as webhooks
from participants import selectors
from participants.locking import seat_lock
from participants.models import EmailMessage, Registration, WorkshopBooking
from participants.outbox.queue import queue_email
from participants.services.choices import (
    seat_status,
    split_choices,
    wish_bookings,
)
from participants.services.errors import (
    EventFull,
    InvalidChoice,
    NotChangeable,
    WorkshopFull,
)
from participants.services.waitlist import (
    fill_workshops,
    give_seat,
    promote_locked,
)
from workshops import services as workshop_services
from workshops.models import Workshop

Status = Registration.Status
Booking = WorkshopBooking.Status
Mail = EmailMessage.Kind


def cancel(*, registration: Registration) -> Registration:
    """Cancel a registration and its bookings, queue the cancellation email,
    promote the next people waiting and take the person out of the event's
    rotation plans."""
    with seat_lock(registration.event_id) as lock:
        registration = lock.registration(registration.pk)
        if registration.status not in Registration.ACTIVE_STATUSES:
            raise NotChangeable()
        registration.status = Status.CANCELLED
        registration.cancelled_at = lock.now
        registration.save(update_fields=["status", "cancelled_at"])
        webhooks.registration(registration=registration, kind="registration.cancelled")
        _cancel_bookings(registration)
        queue_email(
            registration=registration,
            kind=Mail.CANCELLED,
            dedupe_key=f"cancelled:{registration.pk}",
        )
        promote_locked(lock)
        workshop_services.remove_from_rotation_plans(registration=registration)
    return registration


def _cancel_bookings(registration: Registration) -> int:
    return registration.bookings.exclude(status=Booking.CANCELLED).update(
        status=Booking.CANCELLED
    )


def change_workshops(
    *, registration: Registration, workshops: Sequence[Workshop]
) -> Registration:
    """Replace the workshop choice within capacity; queue the change email and
    promote people waiting for a freed workshop seat.

    ``workshops`` holds one workshop per time slot, or for a slot allocated by
    preference up to three wishes in order (see choices.split_choices); a slot
    left out means no workshop there. Wishes change only while they are open; a
    slot whose wishes are closed awaiting allocation keeps them.

    A full workshop puts the person on its waiting list, unless that would cost
    them the seat they hold in the same time slot: then WorkshopFull is raised and
    nothing changes.
    """
    with seat_lock(registration.event_id) as lock:
        event, now = lock.event, lock.now
        registration = lock.registration(registration.pk)
        if not selectors.can_change(registration, now):
            raise NotChangeable()
        rules = selectors.slot_rules(event, now)
        seats, wishes = split_choices(event, workshops, rules, mode=registration.mode)
        current: dict = {}
        for booking in registration.bookings.exclude(
            status=Booking.CANCELLED
        ).select_related("workshop"):
            current.setdefault(booking.workshop.time_slot_id, []).append(booking)
        wanted = {w.time_slot_id: w for w in seats}
        seat_slots = (set(current) | set(wanted)) - rules.wishes - rules.waiting
        affected = {b.workshop_id for s in seat_slots for b in current.get(s, [])}
        locked = lock.workshops(affected | {w.pk for w in seats})
        places = selectors.workshop_places(workshops=locked.values(), now=now)
        has_seat = registration.holds_seat(now)
        changed = False
        for slot in sorted(seat_slots, key=lambda s: s or 0):
            old, new = current.get(slot, []), wanted.get(slot)
            if new is not None and [
                (b.workshop_id, b.status == Booking.REQUESTED) for b in old
            ] == [(new.pk, False)]:
                continue
            if new is not None:
                status = seat_status(
                    workshop=locked[new.pk], holds_seat=has_seat, places=places
                )
                if status == Booking.WAITLISTED and any(
                    b.status == Booking.BOOKED for b in old
                ):
                    raise WorkshopFull()
            _cancel(old)
            if new is not None:
                WorkshopBooking.objects.create(
                    registration=registration,
                    workshop=locked[new.pk],
                    status=status,
                    queued_at=now,
                )
            changed = True
        for slot in sorted(rules.wishes & (set(current) | set(wishes))):
            changed |= _replace_wishes(
                registration, current.get(slot, []), wishes.get(slot, []), now
            )
        if changed:
            queue_email(
                registration=registration,
                kind=Mail.WORKSHOP_CHANGED,
                dedupe_key=f"workshop_changed:{registration.pk}:{now.timestamp()}",
            )
            fill_workshops(lock, quiet={registration.pk})
    return registration


def _cancel(bookings) -> None:
    for booking in bookings:
        booking.status = Booking.CANCELLED
        booking.save(update_fields=["status"])


def _replace_wishes(registration, old, ranked, now) -> bool:
    """Make the slot's bookings the ranked wishes; False if they already are."""
    wanted = [(w.pk, Booking.REQUESTED, rank) for rank, w in enumerate(ranked, 1)]
    old = sorted(old, key=lambda b: (b.preference_rank or 0, b.pk))
    if [(b.workshop_id, b.status, b.preference_rank) for b in old] == wanted:
        return False
    _cancel(old)
    WorkshopBooking.objects.bulk_create(
        wish_bookings(registration, {0: list(ranked)}, now)
    )
    return True


def switch_mode(*, registration: Registration, mode: str) -> Registration:
    """Move a registration of a hybrid event between on-site and online, keeping
    the seat only if the other mode has one free; promote people waiting. Going
    online gives up the person's workshops (they take place on site)."""
    with seat_lock(registration.event_id) as lock:
        event, now = lock.event, lock.now
        registration = lock.registration(registration.pk)
        if not selectors.can_change(registration, now):
            raise NotChangeable()
        if len(event.offered_modes) < 2 or mode not in event.offered_modes:
            raise InvalidChoice()
        if mode == registration.mode:
            return registration
        free = not selectors.event_places(event=event, now=now)[mode].full
        if registration.holds_seat(now):
            if not free:
                raise EventFull()
        elif free:
            give_seat(registration, now)
        else:
            registration.queued_at = now
        registration.mode = mode
        registration.save(
            update_fields=["mode", "status", "hold_expires_at", "queued_at"]
        )
        if not event.workshops_open_to(mode):
            _cancel_bookings(registration)
        promote_locked(lock)
    return registration
