"""The outbox: queue a message with the change that causes it, deliver it later.

Personal links are minted at delivery time: the raw token exists only in the sent
email, never in the outbox row.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participants import selectors, tokens
from participants.models import AccessToken, EmailMessage, Registration

logger = logging.getLogger(__name__)

Kind = EmailMessage.Kind

SUBJECTS = {
    Kind.CONFIRM_REQUEST: _("Bitte bestätigen Sie Ihre Anmeldung: {event}"),
    Kind.CONFIRMATION: _("Anmeldung bestätigt: {event}"),
    Kind.WAITLISTED: _("Sie stehen auf der Warteliste: {event}"),
    Kind.PROMOTED: _("Ein Platz ist frei geworden: {event}"),
    Kind.CANCELLED: _("Ihre Anmeldung ist storniert: {event}"),
    Kind.EXPIRED: _("Ihre Reservierung ist verfallen: {event}"),
    Kind.MANAGE_LINK: _("Ihr persönlicher Link: {event}"),
    Kind.WORKSHOP_CHANGED: _("Ihre Workshops: {event}"),
    Kind.EVENT_CANCELLED: _("Abgesagt: {event}"),
}

# Kinds whose email carries a link that confirms the registration; all others
# carry the personal self-service link while the registration is active.
CONFIRM_LINK_KINDS = {Kind.CONFIRM_REQUEST}


def queue_email(
    *,
    registration: Registration,
    kind: str,
    dedupe_key: str,
    context: dict | None = None,
) -> EmailMessage:
    """Write an outbox row in the current transaction; send it after commit."""
    message, created = EmailMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "registration": registration,
            "event_id": registration.event_id,
            "kind": kind,
            "recipient": registration.email,
            "language": registration.language,
            "context": context or {},
        },
    )
    if created:
        from participants.tasks import send_email

        message_id = message.pk
        transaction.on_commit(lambda: send_email.delay(message_id))
    return message


def deliver(*, message_id: int) -> None:
    """Send one outbox message unless it was sent already; stamp the outcome."""
    with transaction.atomic():
        message = (
            EmailMessage.objects.select_for_update(of=("self",))
            .select_related("registration__event__venue", "event")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status == EmailMessage.Status.SENT:
            return
        message.attempts += 1
        try:
            # A savepoint: tokens minted for an email that failed are rolled back.
            with transaction.atomic():
                email = build(message)
                email.send()
        except Exception as exc:  # noqa: BLE001 - any fault is recorded, not raised
            logger.warning("Email %s failed: %s", message.correlation_id, exc)
            message.status = EmailMessage.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["status", "attempts", "last_error"])
            return
        message.status = EmailMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "attempts", "last_error", "sent_at"])


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _event_url(event) -> str:
    try:
        return absolute_url(event.get_absolute_url())
    except NoReverseMatch:  # the public event pages are not installed
        return settings.SITE_URL


def _links(registration: Registration, kind: str) -> dict:
    """Mint the personal links this email needs and return their absolute URLs."""
    links = {}
    active = registration.status in Registration.ACTIVE_STATUSES
    needs_confirmation = active and registration.confirmed_at is None
    if needs_confirmation and (
        kind in CONFIRM_LINK_KINDS or kind in (Kind.PROMOTED, Kind.MANAGE_LINK)
    ):
        expires = registration.hold_expires_at or timezone.now() + timedelta(
            hours=settings.REGISTRATION_CONFIRM_HOURS
        )
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.CONFIRM,
            expires_at=expires,
        )
        links["confirm_url"] = absolute_url(
            reverse("participants:confirm", kwargs={"token": raw})
        )
    elif active:
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.MANAGE,
            expires_at=registration.event.end + timedelta(days=1),
        )
        links["manage_url"] = absolute_url(
            reverse("participants:manage_link", kwargs={"token": raw})
        )
    return links


def build(message: EmailMessage) -> EmailMultiAlternatives:
    """Render the message in the recipient's language, with fresh personal links."""
    registration = message.registration
    event = message.event
    with translation.override(message.language):
        context = {
            "registration": registration,
            "event": event,
            "site_url": settings.SITE_URL,
            "event_url": _event_url(event),
            "resend_url": absolute_url(reverse("participants:resend")),
            "data": message.context,
        }
        if registration is not None:
            context["bookings"] = selectors.active_bookings(registration)
            context["position"] = selectors.waitlist_position(registration)
            context.update(_links(registration, message.kind))
        if message.kind == Kind.BROADCAST and message.context.get("subject"):
            subject = message.context["subject"]  # written by the organiser
        else:
            subject = str(SUBJECTS.get(message.kind, "{event}")).format(
                event=event.full_title
            )
        subject = " ".join(subject.split())
        text = render_to_string(f"participants/emails/{message.kind}.txt", context)
        html = render_to_string(f"participants/emails/{message.kind}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-Correlation-ID": str(message.correlation_id)},
    )
    email.attach_alternative(html, "text/html")
    return email
