"""What organisers do to registrations from the admin, beside the public flow.

Each function handles one registration in one transaction with the usual lock
order (event row, then workshops, then the registration), queues the email the
person should get, and raises a RegistrationError whose ``message`` the admin
shows when the step does not apply.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.emails import queue_email
from participants.models import Broadcast, EmailMessage, Registration
from participants.services.base import (
    Booking,
    Mail,
    Status,
    capacity_transaction,
    hold_until,
    holds_seat,
    lock_event,
    lock_registration,
)
from participants.services.errors import NotChangeable, RegistrationError
from participants.services.waitlist import fill_workshops, promote_locked
from workshops.models import Workshop


class NoSeat(RegistrationError):
    message = _("Kein Platz frei.")


def _stamp(now) -> str:
    return f"{now.timestamp():.6f}"


def confirm_registration(*, registration: Registration) -> Registration:
    """Confirm on the person's behalf, as if they had clicked their link: a held
    or free seat becomes confirmed, a waiting person stays waiting (confirmed
    address). Queues the confirmation or waiting-list email."""
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration.pk)
        now = timezone.now()
        if registration.status not in (Status.PENDING, Status.WAITLISTED):
            raise NotChangeable(_("Nur unbestätigte oder wartende Anmeldungen."))
        if registration.status == Status.PENDING and not holds_seat(registration, now):
            counts = selectors.event_counts(event=event, now=now)
            capacity = selectors.capacity_for(event, registration.mode)
            if capacity is not None and counts[registration.mode]["taken"] >= capacity:
                raise NoSeat(_("Die Reservierung ist verfallen und kein Platz frei."))
        if registration.status == Status.WAITLISTED and registration.confirmed_at:
            raise NotChangeable(_("Die Anmeldung ist bereits bestätigt."))
        registration.confirmed_at = registration.confirmed_at or now
        if registration.status == Status.PENDING:
            registration.status = Status.CONFIRMED
        registration.save(update_fields=["confirmed_at", "status"])
        queue_email(
            registration=registration,
            kind=(
                Mail.CONFIRMATION
                if registration.status == Status.CONFIRMED
                else Mail.WAITLISTED
            ),
            dedupe_key=f"confirmed:{registration.pk}",
        )
    return registration


def move_to_waitlist(*, registration: Registration) -> Registration:
    """Take the seat (and workshop seats) from a registration and put it at the
    end of the waiting list; the freed seat goes to whoever waited longest.
    Refused when the person would at once move up again because seats are free."""
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration.pk)
        now = timezone.now()
        if registration.status not in (Status.PENDING, Status.CONFIRMED):
            raise NotChangeable(_("Nur Anmeldungen mit Platz."))
        counts = selectors.event_counts(event=event, now=now)[registration.mode]
        capacity = selectors.capacity_for(event, registration.mode)
        free_after = None
        if capacity is not None:
            free_after = capacity - counts["taken"] + holds_seat(registration, now)
        if free_after is None or free_after > counts["waiting"]:
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
            dedupe_key=f"moved_to_waitlist:{registration.pk}:{_stamp(now)}",
        )
        promote_locked(event, now)
    return registration


def promote_registration(*, registration: Registration) -> bool:
    """Give a waiting person a seat now, ahead of the queue and even when the
    event is full (an organiser's decision); book their waiting workshops where
    seats are free; queue the promotion email. Returns True if this overbooks."""
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = lock_registration(registration.pk)
        now = timezone.now()
        if registration.status != Status.WAITLISTED:
            raise NotChangeable(_("Nur Anmeldungen auf der Warteliste."))
        counts = selectors.event_counts(event=event, now=now)[registration.mode]
        capacity = selectors.capacity_for(event, registration.mode)
        overbooked = capacity is not None and counts["taken"] >= capacity
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
            dedupe_key=f"promoted:{registration.pk}:{_stamp(now)}",
        )
        fill_workshops(event, now, quiet={registration.pk})
    return overbooked


def resend_confirmation(*, registration: Registration) -> EmailMessage:
    """Queue the email that fits the registration's state again: the request to
    confirm, the confirmation, or the waiting-list notice."""
    if registration.status not in Registration.ACTIVE_STATUSES:
        raise NotChangeable(_("Die Anmeldung ist nicht mehr aktiv."))
    if registration.confirmed_at is None:
        kind = Mail.CONFIRM_REQUEST
    elif registration.status == Status.CONFIRMED:
        kind = Mail.CONFIRMATION
    else:
        kind = Mail.WAITLISTED
    with transaction.atomic():
        return queue_email(
            registration=registration,
            kind=kind,
            dedupe_key=f"resend:{registration.pk}:{_stamp(timezone.now())}",
        )


def resend_email(*, message: EmailMessage) -> EmailMessage:
    """Queue a copy of a logged email (same kind and data) as a new outbox row."""
    if message.registration_id is None:
        raise RegistrationError(_("Diese E-Mail gehört zu keiner Anmeldung."))
    with transaction.atomic():
        copy = queue_email(
            registration=message.registration,
            kind=message.kind,
            dedupe_key=f"resend_email:{message.pk}:{_stamp(timezone.now())}",
            context=message.context,
        )
        if message.broadcast_id and copy.broadcast_id != message.broadcast_id:
            EmailMessage.objects.filter(pk=copy.pk).update(
                broadcast_id=message.broadcast_id
            )
            copy.broadcast_id = message.broadcast_id
    return copy


# Broadcasts -----------------------------------------------------------------


def broadcast_recipients(*, event: Event, workshop: Workshop | None = None):
    """Confirmed participants of the event, or of one workshop (booked seat)."""
    recipients = Registration.objects.filter(
        event=event, status=Status.CONFIRMED, anonymised_at__isnull=True
    )
    if workshop is not None:
        recipients = recipients.filter(
            bookings__workshop=workshop, bookings__status=Booking.BOOKED
        ).distinct()
    return recipients.order_by("last_name", "first_name", "pk")


def send_broadcast(
    *, event: Event, subject: str, body: str, workshop=None, user=None
) -> Broadcast:
    """Save the message and queue one BROADCAST email per confirmed recipient."""
    if workshop is not None and workshop.event_id != event.pk:
        raise RegistrationError(_("Der Workshop gehört nicht zu dieser Veranstaltung."))
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            event=event,
            workshop=workshop,
            subject=subject,
            body=body,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        ids = []
        for registration in broadcast_recipients(event=event, workshop=workshop):
            message = queue_email(
                registration=registration,
                kind=Mail.BROADCAST,
                dedupe_key=f"broadcast:{broadcast.pk}:{registration.pk}",
                context={"subject": subject, "body": body},
            )
            ids.append(message.pk)
        EmailMessage.objects.filter(pk__in=ids).update(broadcast=broadcast)
    return broadcast
