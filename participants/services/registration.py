"""Registering, confirming the email address, and the personal links.

Also the rules for workshop choices shared with the self-service page: a time
slot allocated by preference takes up to three ranked wishes (REQUESTED
bookings, no seat taken) until registration closes or its allocation is
committed; every other slot books one seat, first come, first served.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    Booking,
    Mail,
    Status,
    capacity_transaction,
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
    InvalidChoice,
    InvalidLink,
    LinkExpired,
    RegistrationClosed,
)
from workshops import services as workshop_services
from workshops.models import AllocationRun, TimeSlot, Workshop

MAX_WISHES = 3

WISHES_CLOSED = _(
    "Die Anmeldung ist geschlossen: Ihre Workshop-Wünsche können nicht mehr "
    "geändert werden. Die Plätze werden jetzt zugeteilt; Sie bekommen eine E-Mail."
)


@dataclass(frozen=True)
class SlotRules:
    """How the event's preference slots take choices right now.

    ``wishes``: slots whose workshops are ranked (up to MAX_WISHES), because
    registration is open and no allocation has been committed. ``waiting``:
    slots whose wishes are closed while the allocation is still to come. Every
    other slot, including an allocated preference slot, books seats directly.
    """

    wishes: frozenset[int] = frozenset()
    waiting: frozenset[int] = frozenset()


def slot_rules(event: Event, now: datetime | None = None) -> SlotRules:
    """The SlotRules of an event (one query)."""
    committed = AllocationRun.objects.filter(
        time_slot=OuterRef("pk"), status=AllocationRun.Status.COMMITTED
    )
    pending = frozenset(
        TimeSlot.objects.filter(event=event, allocation=TimeSlot.Allocation.PREFERENCE)
        .exclude(Exists(committed))
        .values_list("pk", flat=True)
    )
    if selectors.closed_reason(event, now) is None:
        return SlotRules(wishes=pending)
    return SlotRules(waiting=pending)


def split_choices(
    event: Event, workshops: Sequence[Workshop], rules: SlotRules
) -> tuple[list[Workshop], dict[int, list[Workshop]]]:
    """(workshops to book a seat in, {slot id: wishes in order of preference}).

    Raises InvalidChoice for another event's workshop, two seats in one slot,
    a workshop wished twice, more than MAX_WISHES wishes, or a wish in a slot
    whose wishes are closed.
    """
    seats: list[Workshop] = []
    wishes: dict[int, list[Workshop]] = {}
    for workshop in workshops:
        if workshop.event_id != event.pk:
            raise InvalidChoice()
        slot = workshop.time_slot_id
        if slot in rules.waiting:
            raise InvalidChoice(WISHES_CLOSED)
        if slot in rules.wishes:
            ranked = wishes.setdefault(slot, [])
            if any(w.pk == workshop.pk for w in ranked):
                raise InvalidChoice(
                    _("Bitte wünschen Sie sich jeden Workshop nur einmal.")
                )
            if len(ranked) == MAX_WISHES:
                raise InvalidChoice(
                    _("Bitte geben Sie höchstens drei Wünsche je Zeitfenster an.")
                )
            ranked.append(workshop)
        elif any(w.time_slot_id == slot for w in seats):
            raise InvalidChoice(
                _("Bitte wählen Sie je Zeitfenster nur einen Workshop.")
            )
        else:
            seats.append(workshop)
    return seats, wishes


def seat_status(
    *, workshop: Workshop, holds_seat: bool, counts: dict
) -> WorkshopBooking.Status:
    """BOOKED if the person holds an event seat and the workshop has a free one
    (counted at once for the next choice), else WAITLISTED."""
    if holds_seat and not selectors.workshop_is_full(workshop, counts):
        counts.setdefault(workshop.pk, {"taken": 0, "waiting": 0})["taken"] += 1
        return Booking.BOOKED
    return Booking.WAITLISTED


def wish_bookings(
    registration: Registration, wishes: dict[int, list[Workshop]], now: datetime
) -> list[WorkshopBooking]:
    """Unsaved REQUESTED bookings, ranked 1, 2, 3 per slot; they take no seat."""
    return [
        WorkshopBooking(
            registration=registration,
            workshop=workshop,
            status=Booking.REQUESTED,
            preference_rank=rank,
            queued_at=now,
        )
        for ranked in wishes.values()
        for rank, workshop in enumerate(ranked, start=1)
    ]


def register(*, event: Event, data: dict, language: str = "de") -> Registration:
    """Create a registration holding a seat or a waiting-list place; queue the
    confirmation request email.

    `data` holds the cleaned form fields: first_name, last_name, email,
    organisation, participant_kind, municipality, mode, workshops (one per time
    slot; for a slot allocated by preference up to three, in order of
    preference), accessibility_needs, catering_notes, answers ({Question:
    value}) and consents ({Consent.Kind: bool}).
    """
    email = data["email"].strip().lower()
    workshops = list(data.get("workshops") or [])
    with capacity_transaction():
        event = lock_event(event.pk)
        now = timezone.now()
        reason = selectors.closed_reason(event, now)
        if reason:
            raise RegistrationClosed(reason)
        seats, wishes = split_choices(event, workshops, slot_rules(event, now))
        lapsed = None
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
            lapsed = existing
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

        bookings = wish_bookings(registration, wishes, now)
        if seats:
            locked = lock_workshops(w.pk for w in seats)
            workshop_counts = selectors.workshop_counts(
                workshop_ids=locked.keys(), now=now
            )
            bookings += [
                WorkshopBooking(
                    registration=registration,
                    workshop=workshop,
                    status=seat_status(
                        workshop=workshop,
                        holds_seat=holds_seat,
                        counts=workshop_counts,
                    ),
                    queued_at=now,
                )
                for workshop in locked.values()
            ]
        WorkshopBooking.objects.bulk_create(bookings)
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
        if lapsed is not None:
            # Lock order: event, workshops, then the event's rotation plans.
            workshop_services.remove_from_rotation_plans(registration=lapsed)
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
