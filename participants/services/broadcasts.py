"""Messages from organisers to the confirmed participants of an event or workshop:
preview one as its first recipient would get it, then queue one email each."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants.models import Broadcast, EmailMessage, Registration, WorkshopBooking
from participants.outbox.queue import queue_email
from participants.outbox.rendering import build
from participants.services.errors import RegistrationError
from workshops.models import Workshop

Status = Registration.Status
Booking = WorkshopBooking.Status
Mail = EmailMessage.Kind


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


@dataclass(frozen=True)
class Preview:
    recipient_count: int
    subject: str
    text: str


class _Rollback(Exception):
    pass


def preview_broadcast(
    *, event: Event, subject: str, body: str, workshop: Workshop | None = None
) -> Preview:
    """The email as its first recipient would get it, rendered by the real
    pipeline inside a transaction that is rolled back: the links it mints are not
    kept. Writes nothing."""
    recipients = broadcast_recipients(event=event, workshop=workshop)
    sample = recipients.first()
    if sample is None:
        return Preview(0, subject, body)
    message = EmailMessage(
        registration=sample,
        event=event,
        kind=Mail.BROADCAST,
        recipient=sample.email,
        language=sample.language,
        context={"subject": subject, "body": body},
    )
    try:
        with transaction.atomic():
            email = build(message)
            raise _Rollback
    except _Rollback:
        pass
    return Preview(recipients.count(), email.subject, email.body)


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
