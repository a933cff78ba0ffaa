"""Registering, confirming the email address, and the personal links."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event
from participants import selectors, tokens
from participants.emails import queue_email
from participants.models import (
    AccessToken,
    Answer,
    Consent,
    Registration,
    WorkshopBooking,
)
from participants.services.base import (
    Mail,
    Status,
    booking_status,
    capacity_transaction,
    check_workshops,
    expire,
    hold_until,
    lapsed_q,
    lock_event,
    lock_registration,
    lock_workshops,
    resolve_mode,
)
from participants.services.consents import CONSENT_TEXTS
from participants.services.errors import (
    AlreadyConfirmed,
    AlreadyRegistered,
    EventFull,
    InvalidLink,
    LinkExpired,
    RegistrationClosed,
)


def register(*, event: Event, data: dict, language: str = "de") -> Registration:
    """Create a registration holding a seat or a waiting-list place; queue the
    confirmation request email.

    `data` holds the cleaned form fields: first_name, last_name, email,
    organisation, participant_kind, municipality, mode, workshops (one per time
    slot), accessibility_needs, catering_notes, answers ({Question: value}) and
    consents ({Consent.Kind: bool}).
    """
    email = data["email"].strip().lower()
    workshops = list(data.get("workshops") or [])
    with capacity_transaction():
        event = lock_event(event.pk)
        now = timezone.now()
        reason = selectors.closed_reason(event, now)
        if reason:
            raise RegistrationClosed(reason)
        check_workshops(event, workshops)
        existing = Registration.objects.filter(
            event=event, email=email, status__in=Registration.ACTIVE_STATUSES
        ).first()
        if existing is not None:
            if (
                not Registration.objects.filter(pk=existing.pk)
                .filter(lapsed_q(now))
                .exists()
            ):
                raise AlreadyRegistered()
            expire(existing, now, notify=False)
        mode = resolve_mode(event, data.get("mode"))
        counts = selectors.event_counts(event=event, now=now)
        holds_seat = not selectors.mode_is_full(event=event, mode=mode, counts=counts)
        if not holds_seat and not data.get("wants_waitlist", True):
            raise EventFull()

        registration = Registration(
            event=event,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=email,
            organisation=data.get("organisation", ""),
            participant_kind=data["participant_kind"],
            municipality=data.get("municipality"),
            mode=mode,
            status=Status.PENDING if holds_seat else Status.WAITLISTED,
            wants_waitlist=data.get("wants_waitlist", True),
            language=language,
            accessibility_needs=data.get("accessibility_needs", ""),
            catering_notes=data.get("catering_notes", ""),
            queued_at=now,
            hold_expires_at=hold_until(now),
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise AlreadyRegistered() from exc

        if workshops:
            locked = lock_workshops(w.pk for w in workshops)
            workshop_counts = selectors.workshop_counts(
                workshop_ids=locked.keys(), now=now
            )
            WorkshopBooking.objects.bulk_create(
                WorkshopBooking(
                    registration=registration,
                    workshop=workshop,
                    status=booking_status(
                        workshop=workshop,
                        holds_seat=holds_seat,
                        counts=workshop_counts,
                    ),
                    queued_at=now,
                )
                for workshop in locked.values()
            )
        answers = [
            Answer(registration=registration, question=question, value=str(value))
            for question, value in (data.get("answers") or {}).items()
        ]
        Answer.objects.bulk_create(answers)
        Consent.objects.bulk_create(
            Consent(
                registration=registration,
                kind=kind,
                text_version=CONSENT_TEXTS[kind][0],
                text=str(CONSENT_TEXTS[kind][1]),
                given_at=now,
            )
            for kind, given in (data.get("consents") or {}).items()
            if given
        )
        queue_email(
            registration=registration,
            kind=Mail.CONFIRM_REQUEST,
            dedupe_key=f"confirm_request:{registration.pk}",
        )
    return registration


def confirm(*, raw_token: str) -> Registration:
    """Confirm the email address behind a confirmation link; queue the
    confirmation (or waiting-list) email."""
    token = tokens.find_token(raw=raw_token, purpose=AccessToken.Purpose.CONFIRM)
    if token is None:
        raise InvalidLink()
    with transaction.atomic():
        registration = lock_registration(token.registration_id)
        token = AccessToken.objects.select_for_update().get(pk=token.pk)
        now = timezone.now()
        if registration.confirmed_at is not None or token.used_at is not None:
            raise AlreadyConfirmed(registration)
        if registration.status not in (Status.PENDING, Status.WAITLISTED):
            raise LinkExpired()
        lapsed = registration.hold_expires_at and registration.hold_expires_at <= now
        if tokens.is_expired(token, now) or lapsed:
            raise LinkExpired()
        token.used_at = now
        token.save(update_fields=["used_at"])
        registration.confirmed_at = now
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
    registrations = Registration.objects.filter(
        email=email.strip().lower(),
        status__in=Registration.ACTIVE_STATUSES,
        event__end__gte=now,
    ).exclude(lapsed_q(now))
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
