"""Locks and small rules shared by the registration services.

Seats are guarded by row locks taken in one fixed order inside each transaction:
the event row first, then workshop rows ordered by id, then registration rows.
Every capacity change for an event therefore queues behind the event's row lock,
so two people never take the last seat together and no two services deadlock.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.emails import queue_email
from participants.models import EmailMessage, Registration, WorkshopBooking
from participants.services.errors import InvalidChoice, TryAgain
from workshops.models import TimeSlot, Workshop

# Test-only switch: with False no row is locked, which lets the concurrency tests
# prove that they would notice overbooking.
LOCKING = True

Status = Registration.Status
Booking = WorkshopBooking.Status
Mail = EmailMessage.Kind


def _lock_failure(exc: OperationalError) -> bool:
    # 55P03 lock_not_available (lock_timeout), 40P01 deadlock_detected.
    return getattr(exc.__cause__, "pgcode", None) in ("55P03", "40P01")


@contextmanager
def capacity_transaction() -> Iterator[None]:
    """A transaction whose lock waits end after REGISTRATION_LOCK_TIMEOUT."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)",
                        [getattr(settings, "REGISTRATION_LOCK_TIMEOUT", "10s")],
                    )
            yield
    except OperationalError as exc:
        if _lock_failure(exc):
            raise TryAgain() from exc
        raise


def maybe_lock(queryset, **kwargs):
    """select_for_update() unless the test-only switch turned locking off."""
    return queryset.select_for_update(**kwargs) if LOCKING else queryset


def lock_event(event_id: int) -> Event:
    events = Event.objects.filter(pk=event_id)
    if LOCKING:
        events = events.select_for_update()
    return events.get()


def lock_workshops(workshop_ids) -> dict[int, Workshop]:
    workshops = Workshop.objects.filter(pk__in=list(workshop_ids)).order_by("pk")
    if LOCKING:
        workshops = workshops.select_for_update(of=("self",))
    return {w.pk: w for w in workshops.select_related("time_slot")}


def lock_registration(registration_id: int) -> Registration:
    registrations = Registration.objects.filter(pk=registration_id)
    if LOCKING:
        registrations = registrations.select_for_update()
    return registrations.get()


# Helpers --------------------------------------------------------------------


def hold_until(now: datetime) -> datetime:
    return now + timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)


def holds_seat(registration: Registration, now: datetime) -> bool:
    return registration.status == Status.CONFIRMED or (
        registration.status == Status.PENDING
        and registration.hold_expires_at is not None
        and registration.hold_expires_at > now
    )


def lapsed_q(now: datetime) -> Q:
    """Unconfirmed registrations whose time to confirm has run out."""
    return Q(
        status__in=(Status.PENDING, Status.WAITLISTED),
        confirmed_at__isnull=True,
        hold_expires_at__lte=now,
    )


def resolve_mode(event: Event, mode: str | None) -> str:
    if event.format == Event.Format.ONLINE:
        return Registration.Mode.ONLINE
    if event.format == Event.Format.HYBRID and mode in Registration.Mode.values:
        return mode
    if event.format == Event.Format.HYBRID and mode is not None:
        raise InvalidChoice()
    return Registration.Mode.ONSITE


def check_workshops(event: Event, workshops: Sequence[Workshop]) -> None:
    slots = set()
    for workshop in workshops:
        if workshop.event_id != event.pk:
            raise InvalidChoice()
        slot = workshop.time_slot_id
        if slot in slots:
            raise InvalidChoice(
                _("Bitte wählen Sie je Zeitfenster nur einen Workshop.")
            )
        slots.add(slot)


def booking_status(
    *, workshop: Workshop, holds_seat: bool, counts: dict
) -> WorkshopBooking.Status:
    slot = workshop.time_slot
    if slot is not None and slot.allocation == TimeSlot.Allocation.PREFERENCE:
        return Booking.REQUESTED
    if holds_seat and not selectors.workshop_is_full(workshop, counts):
        # Count this seat at once, so the next choice in the loop sees it.
        counts.setdefault(workshop.pk, {"taken": 0, "waiting": 0})["taken"] += 1
        return Booking.BOOKED
    return Booking.WAITLISTED


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
