"""Personal links: opening one, and sending a registration's emails again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants import tokens
from participants.models import AccessToken, EmailMessage, Registration, lapsed_q
from participants.outbox.queue import queue_email
from participants.services.errors import InvalidLink, LinkExpired, NotChangeable
from participants.services.waitlist import stamp

Status = Registration.Status
Mail = EmailMessage.Kind


def open_manage_link(*, raw_token: str) -> Registration:
    """The registration a self-service link belongs to; no side effects."""
    token = tokens.find_token(raw=raw_token, purpose=AccessToken.Purpose.MANAGE)
    if token is None:
        raise InvalidLink()
    if tokens.is_expired(token):
        raise LinkExpired()
    return token.registration


def resend_links(*, email: str) -> int:
    """Queue each active registration's personal link for this address, at most
    once per ten minutes per registration; returns how many were queued."""
    now = timezone.now()
    bucket = f"{now:%Y%m%d%H}{now.minute // 10}"
    registrations = (
        Registration.objects.active()
        .filter(email=email.strip().lower(), event__end__gte=now)
        .exclude(lapsed_q(now))
    )
    queued = 0
    with transaction.atomic():
        for registration in registrations:
            kind = (
                Mail.CONFIRM_REQUEST
                if registration.confirmed_at is None
                else Mail.MANAGE_LINK
            )
            queue_email(
                registration=registration,
                kind=kind,
                dedupe_key=f"resend:{registration.pk}:{bucket}",
            )
            queued += 1
    return queued


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
            dedupe_key=f"resend:{registration.pk}:{stamp(timezone.now())}",
        )


def resend_email(*, message: EmailMessage) -> EmailMessage:
    """Queue a copy of a logged email (same kind and data) as a new outbox row."""
    if message.registration_id is None:
        raise NotChangeable(_("Diese E-Mail gehört zu keiner Anmeldung."))
    with transaction.atomic():
        copy = queue_email(
            registration=message.registration,
            kind=message.kind,
            dedupe_key=f"resend_email:{message.pk}:{stamp(timezone.now())}",
            context=message.context,
        )
        if message.broadcast_id and copy.broadcast_id != message.broadcast_id:
            EmailMessage.objects.filter(pk=copy.pk).update(
                broadcast_id=message.broadcast_id
            )
            copy.broadcast_id = message.broadcast_id
    return copy
