"""Registering and confirming the email address, by the person or on their behalf."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.webhooks import queue as webhooks
from events.models import Event
from participants import selectors, tokens
from participants.locking import SeatLock, seat_lock
from participants.models import (
    AccessToken,
    Answer,
    Consent,
    EmailMessage,
    Need,
    Needs,
    Registration,
    WorkshopBooking,
)
from participants.outbox.queue import queue_email
from participants.registration_data import RegistrationData
from participants.services.choices import seat_bookings, split_choices, wish_bookings
from participants.services.errors import (
    AlreadyConfirmed,
    AlreadyRegistered,
    InvalidChoice,
    InvalidLink,
    LinkExpired,
    NotChangeable,
    RegistrationCancelled,
    RegistrationClosed,
    RegistrationError,
)
from participants.services.waitlist import expire, hold_until
from workshops import services as workshop_services

Status = Registration.Status
Mail = EmailMessage.Kind


class NoSeat(NotChangeable):
    message = _("Kein Platz frei.")


class HealthDataConsentMissing(RegistrationError):
    message = _(
        "Sie haben Bedarfe angegeben. Bitte willigen Sie in die Verarbeitung "
        "dieser Gesundheitsdaten ein oder lassen Sie die Angaben zu Bedarfen leer; "
        "ohne Einwilligung speichern wir nichts."
    )


class ConsentRequired(RegistrationError):
    """A colleague registered by someone else confirms only with their own
    consent to the privacy notice."""

    message = _(
        "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis zur Kenntnis "
        "genommen haben."
    )

    def __init__(self, registration: Registration):
        super().__init__()
        self.registration = registration


def resolve_mode(event: Event, mode: str | None) -> str:
    """The mode a registration takes: the format decides, except at a hybrid
    event, where the person chooses."""
    if event.format == Event.Format.HYBRID:
        if mode in Registration.Mode.values:
            return mode
        if mode is not None:
            raise InvalidChoice()
    return event.offered_modes[0]


def check_needs_consent(data: RegistrationData) -> None:
    """Needs are health data: refused (nothing saved) without their own consent."""
    if data.has_needs and not data.consents.get(Consent.Kind.HEALTH_DATA):
        raise HealthDataConsentMissing()


def register(
    *, event: Event, data: RegistrationData, language: str = "de"
) -> Registration:
    """Create a registration holding a seat, or a waiting-list place when the
    mode is full, with its needs and consents; queue the confirmation request
    email."""
    check_needs_consent(data)
    mode = resolve_mode(event, data.mode)
    with seat_lock(event.pk) as lock:
        reason = lock.event.registration_closed_reason(lock.now)
        if reason:
            raise RegistrationClosed(reason)
        return register_locked(lock, data, mode=mode, language=language)


def register_locked(
    lock: SeatLock,
    data: RegistrationData,
    *,
    mode: str,
    language: str,
    group_lead: Registration | None = None,
) -> Registration:
    """register() inside a held seat_lock; participants.services.groups calls it
    once per person of a group."""
    event, now = lock.event, lock.now
    email = data.email.strip().lower()
    seats, wishes = split_choices(
        event, data.workshops, selectors.slot_rules(event, now), mode=mode
    )
    lapsed = None
    existing = Registration.objects.filter(
        event=event, email=email, status__in=Registration.ACTIVE_STATUSES
    ).first()
    if existing is not None:
        if not existing.has_lapsed(now):
            raise AlreadyRegistered()
        expire(existing, now, notify=False)
        lapsed = existing
    places = selectors.event_places(event=event, now=now)[mode]
    registration = Registration(
        event=event,
        first_name=data.first_name,
        last_name=data.last_name,
        email=email,
        organisation=data.organisation,
        participant_kind=data.participant_kind,
        municipality=data.municipality,
        mode=mode,
        status=Status.WAITLISTED if places.full else Status.PENDING,
        language=language,
        group_lead=group_lead,
        queued_at=now,
        hold_expires_at=hold_until(now),
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise AlreadyRegistered() from exc

    bookings = wish_bookings(registration, wishes, now)
    if seats:
        locked = lock.workshops(w.pk for w in seats)
        workshop_places = selectors.workshop_places(workshops=locked.values(), now=now)
        bookings += seat_bookings(registration, locked, workshop_places, now)
    WorkshopBooking.objects.bulk_create(bookings)
    Answer.objects.bulk_create(
        Answer(registration=registration, question=question, value=str(value))
        for question, value in data.answers.items()
    )
    if data.has_needs:
        Needs.objects.create(
            registration=registration,
            allergies=data.allergies.strip(),
            notes=data.needs_notes.strip(),
            **{need: True for need in data.needs if need in Need.values},
        )
    record_consents(registration, data.consents, now)
    queue_email(
        registration=registration,
        kind=Mail.CONFIRM_REQUEST,
        dedupe_key=f"confirm_request:{registration.pk}",
    )
    if lapsed is not None:
        workshop_services.remove_from_rotation_plans(registration=lapsed)
    return registration


def record_consents(registration: Registration, consents: dict, now) -> None:
    """One Consent row per consent given, with the version and wording shown."""
    Consent.objects.bulk_create(
        Consent(
            registration=registration,
            kind=kind,
            text_version=Consent.TEXTS[kind][0],
            text=str(Consent.TEXTS[kind][1]),
            given_at=now,
        )
        for kind, given in consents.items()
        if given
    )


def _confirm_locked(registration: Registration, now: datetime) -> None:
    """Stamp the confirmed address (a held seat becomes confirmed, a waiting
    person stays waiting) and queue the email that says which."""
    registration.confirmed_at = registration.confirmed_at or now
    if registration.status == Status.PENDING:
        registration.status = Status.CONFIRMED
    registration.save(update_fields=["confirmed_at", "status"])
    webhooks.registration(registration=registration, kind="registration.confirmed")
    queue_email(
        registration=registration,
        kind=(
            Mail.CONFIRMATION
            if registration.status == Status.CONFIRMED
            else Mail.WAITLISTED
        ),
        dedupe_key=f"confirmed:{registration.pk}",
    )


def confirm(*, raw_token: str, consents: dict | None = None) -> Registration:
    """Confirm the email address behind a confirmation link; queue the
    confirmation (or waiting-list) email. A colleague of a group gives their own
    ``consents`` here (ConsentRequired without the privacy notice)."""
    token = tokens.find_token(raw=raw_token, purpose=AccessToken.Purpose.CONFIRM)
    if token is None:
        raise InvalidLink()
    # The registration and its token only: the seat was taken when it was held,
    # so confirming never needs the event's lock.
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(
            pk=token.registration_id
        )
        token = AccessToken.objects.select_for_update().get(pk=token.pk)
        now = timezone.now()
        if registration.status == Status.CANCELLED:
            raise RegistrationCancelled(registration)
        if registration.confirmed_at is not None or token.used_at is not None:
            raise AlreadyConfirmed(registration)
        if registration.status not in (Status.PENDING, Status.WAITLISTED):
            raise LinkExpired()
        if tokens.is_expired(token, now) or registration.has_lapsed(now):
            raise LinkExpired()
        if _needs_own_consent(registration):
            if not (consents or {}).get(Consent.Kind.PRIVACY_NOTICE):
                raise ConsentRequired(registration)
            record_consents(registration, consents, now)
        token.used_at = now
        token.save(update_fields=["used_at"])
        _confirm_locked(registration, now)
    return registration


def _needs_own_consent(registration: Registration) -> bool:
    return (
        registration.group_lead_id is not None
        and not registration.consents.filter(kind=Consent.Kind.PRIVACY_NOTICE).exists()
    )


def confirm_registration(*, registration: Registration) -> Registration:
    """Confirm on the person's behalf (an organiser), as if they had clicked their
    link; a lapsed hold is confirmed only while a seat is free."""
    with seat_lock(registration.event_id) as lock:
        registration = lock.registration(registration.pk)
        now = lock.now
        if registration.status not in (Status.PENDING, Status.WAITLISTED):
            raise NotChangeable(_("Nur unbestätigte oder wartende Anmeldungen."))
        if registration.status == Status.PENDING and not registration.holds_seat(now):
            places = selectors.event_places(event=lock.event, now=now)
            if places[registration.mode].seats_left == 0:
                raise NoSeat(_("Die Reservierung ist verfallen und kein Platz frei."))
        if registration.status == Status.WAITLISTED and registration.confirmed_at:
            raise NotChangeable(_("Die Anmeldung ist bereits bestätigt."))
        _confirm_locked(registration, now)
    return registration
