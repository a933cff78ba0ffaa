"""Waiting lists: who moves up into a freed seat, and who is moved down.

``give_seat`` is the one rule of moving a waiting person up (``move_up`` also
tells them); the sweeper, a cancellation, a raised capacity, an organiser's
decision and a change of mode all go through it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.webhooks import queue as webhooks
from events.models import Event
from participants import selectors
from participants.locking import SeatLock, seat_lock
from participants.models import EmailMessage, Registration, WorkshopBooking, seat_q
from participants.outbox.queue import queue_email
from participants.services.errors import NotChangeable
from workshops import services as workshop_services

Status = Registration.Status
Booking = WorkshopBooking.Status
Mail = EmailMessage.Kind


def hold_until(now: datetime) -> datetime:
    return now + timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)


def stamp(now: datetime) -> str:
    """A part of a dedupe key that differs for each moment something happens."""
    return f"{now.timestamp():.6f}"


def give_seat(registration: Registration, now: datetime) -> None:
    """Move a waiting person up: a confirmed address is confirmed at once, else
    the seat is held for REGISTRATION_CONFIRM_HOURS from now."""
    if registration.confirmed_at:
        registration.status = Status.CONFIRMED
    else:
        registration.status = Status.PENDING
        registration.hold_expires_at = max(
            registration.hold_expires_at or now, hold_until(now)
        )


def move_up(registration: Registration, now: datetime) -> None:
    """give_seat, saved, and the email that tells the person."""
    give_seat(registration, now)
    registration.save(update_fields=["status", "hold_expires_at"])
    webhooks.registration(registration=registration, kind="registration.promoted")
    queue_email(
        registration=registration,
        kind=Mail.PROMOTED,
        dedupe_key=f"promoted:{registration.pk}:{stamp(now)}",
    )


def expire(registration: Registration, now: datetime, *, notify: bool) -> None:
    registration.status = Status.EXPIRED
    registration.save(update_fields=["status"])
    registration.bookings.exclude(status=Booking.CANCELLED).update(
        status=Booking.CANCELLED
    )
    if notify:
        queue_email(
            registration=registration,
            kind=Mail.EXPIRED,
            dedupe_key=f"expired:{registration.pk}",
        )


def promote_waitlist(*, event: Event) -> list[Registration]:
    """Give free seats of the event and its workshops to the people waiting longest;
    queue an email to each. Call it after raising a capacity."""
    with seat_lock(event.pk) as lock:
        return promote_locked(lock)


def promote_locked(lock: SeatLock) -> list[Registration]:
    event, now = lock.event, lock.now
    if event.status != Event.Status.PUBLISHED or event.start <= now:
        return []
    places = selectors.event_places(event=event, now=now)
    promoted = []
    for mode in Registration.Mode.values:
        free = places[mode].seats_left
        if free == 0:
            continue
        waiting = (
            Registration.objects.waiting(now)
            .filter(event=event, mode=mode)
            .order_by("queued_at", "pk")
        )
        if free is not None:
            waiting = waiting[:free]
        for registration in lock.registrations(waiting):
            move_up(registration, now)
            promoted.append(registration)
    fill_workshops(lock, quiet={r.pk for r in promoted})
    return promoted


def fill_workshops(lock: SeatLock, *, quiet: set[int]) -> None:
    """Book waiting people who hold an event seat into freed workshop seats."""
    now = lock.now
    eligible = Q(status=Booking.WAITLISTED) & seat_q(now, "registration__")
    workshop_ids = set(
        WorkshopBooking.objects.filter(
            eligible, workshop__event=lock.event
        ).values_list("workshop_id", flat=True)
    )
    if not workshop_ids:
        return
    locked = lock.workshops(workshop_ids)
    places = selectors.workshop_places(workshops=locked.values(), now=now)
    for workshop in locked.values():
        free = places[workshop.pk].seats_left
        if free == 0:
            continue
        waiting = (
            WorkshopBooking.objects.filter(eligible, workshop=workshop)
            .select_related("registration")
            .order_by("queued_at", "pk")
            .select_for_update(of=("self",))
        )
        if free is not None:
            waiting = waiting[:free]
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
    lapsed = set(Registration.objects.lapsed(now).values_list("event_id", flat=True))
    upcoming = Event.objects.published().filter(start__gt=now)
    waiting = set(
        upcoming.filter(
            Q(registrations__status=Status.WAITLISTED)
            | Q(workshops__bookings__status=Booking.WAITLISTED)
        ).values_list("pk", flat=True)
    )
    expired = 0
    for event_id in sorted(lapsed | waiting):
        with seat_lock(event_id) as lock:
            lock.now = now
            registrations = lock.registrations(
                Registration.objects.filter(event_id=event_id).lapsed(now)
            )
            for registration in registrations:
                expire(registration, now, notify=True)
                expired += 1
            promote_locked(lock)
            for registration in registrations:
                workshop_services.remove_from_rotation_plans(registration=registration)
    return expired


def move_to_waitlist(*, registration: Registration) -> Registration:
    """Take the seat (and workshop seats) from a registration and put it at the
    end of the waiting list; the freed seat goes to whoever waited longest.
    Refused when the person would at once move up again because seats are free."""
    with seat_lock(registration.event_id) as lock:
        registration = lock.registration(registration.pk)
        now = lock.now
        if registration.status not in (Status.PENDING, Status.CONFIRMED):
            raise NotChangeable(_("Nur Anmeldungen mit Platz."))
        places = selectors.event_places(event=lock.event, now=now)[registration.mode]
        if places.capacity is None or (
            places.capacity - places.taken + registration.holds_seat(now)
            > places.waiting
        ):
            raise NotChangeable(
                _("Es sind Plätze frei: die Person würde sofort wieder nachrücken.")
            )
        registration.status = Status.WAITLISTED
        registration.queued_at = now
        registration.save(update_fields=["status", "queued_at"])
        registration.bookings.filter(status=Booking.BOOKED).update(
            status=Booking.WAITLISTED, queued_at=now
        )
        queue_email(
            registration=registration,
            kind=Mail.WAITLISTED,
            dedupe_key=f"moved_to_waitlist:{registration.pk}:{stamp(now)}",
        )
        promote_locked(lock)
    return registration


def promote_registration(*, registration: Registration) -> bool:
    """Give a waiting person a seat now, ahead of the queue and even when the
    event is full (an organiser's decision); book their waiting workshops where
    seats are free; queue the promotion email. Returns True if this overbooks."""
    with seat_lock(registration.event_id) as lock:
        registration = lock.registration(registration.pk)
        now = lock.now
        if registration.status != Status.WAITLISTED:
            raise NotChangeable(_("Nur Anmeldungen auf der Warteliste."))
        places = selectors.event_places(event=lock.event, now=now)[registration.mode]
        overbooked = places.seats_left == 0
        move_up(registration, now)
        fill_workshops(lock, quiet={registration.pk})
    return overbooked
