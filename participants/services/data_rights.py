"""The rights of a data subject: a copy of their data, and its erasure.

Both act on an email address across all events, for the self-service page (after
the person opened a personal link sent to that address) and for staff in the
admin.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from participants import selectors
from participants.models import (
    AccessToken,
    Consent,
    EmailMessage,
    Needs,
    Registration,
    WorkshopBooking,
)
from participants.services.changes import cancel
from participants.services.retention import anonymise_registrations

EXPORT_FORMAT = "smart-cities-suedwestfalen/personal-data/1"


def registrations_of(email: str, events=None):
    """The registrations stored for an address that still name the person; with
    ``events`` (a queryset), only those of these events."""
    registrations = Registration.objects.filter(
        email=email.strip().lower(), anonymised_at__isnull=True
    )
    if events is not None:
        registrations = registrations.filter(event__in=events)
    return registrations


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(
    *, email: str, events=None, now: datetime | None = None
) -> dict:
    """Everything stored about this address, as a JSON-ready dict: registrations
    with their waiting-list place, workshop bookings, answers, consents (with the
    text agreed to), personal links (never the token) and the emails sent; with
    ``events``, only what concerns these events (an organiser's part). No side
    effects."""
    now = now or timezone.now()
    registrations = (
        registrations_of(email, events)
        .select_related("event", "municipality")
        .prefetch_related(
            "answers__question",
            "consents",
            "tokens",
            "emails",
            "bookings__workshop__time_slot",
        )
        .order_by("created_at", "pk")
    )
    return {
        "format": EXPORT_FORMAT,
        "email": email.strip().lower(),
        "exported_at": now.isoformat(),
        "registrations": [_registration(r) for r in registrations],
    }


def _registration(r: Registration) -> dict:
    return {
        "id": r.pk,
        "event": {
            "title": r.event.full_title,
            "start": _time(r.event.start),
            "end": _time(r.event.end),
        },
        "first_name": r.first_name,
        "last_name": r.last_name,
        "email": r.email,
        "organisation": r.organisation,
        "participant_kind": r.get_participant_kind_display(),
        "municipality": r.municipality.name if r.municipality else None,
        "mode": r.get_mode_display(),
        "status": r.get_status_display(),
        "waiting_list_position": selectors.waitlist_position(r),
        "language": r.language,
        "needs": _needs(r),
        "registered_at": _time(r.created_at),
        "place_held_until": _time(
            r.hold_expires_at if r.confirmed_at is None else None
        ),
        "confirmed_at": _time(r.confirmed_at),
        "cancelled_at": _time(r.cancelled_at),
        "checked_in_at": _time(r.checked_in_at),
        "checkin_code": str(r.checkin_code),
        "workshops": [_booking(b) for b in r.bookings.all()],
        "answers": [
            {"question": a.question.label, "answer": a.value} for a in r.answers.all()
        ],
        "consents": [_consent(c) for c in r.consents.all()],
        "personal_links": [_token(t) for t in r.tokens.all()],
        "emails": [_email(m) for m in r.emails.all()],
    }


def _needs(r: Registration) -> dict | None:
    needs = Needs.objects.filter(registration=r).first()
    if needs is None:
        return None
    return {
        "needs": [str(label) for label in needs.chosen],
        "allergies": needs.allergies,
        "notes": needs.notes,
    }


def _booking(b: WorkshopBooking) -> dict:
    return {
        "workshop": b.workshop.full_title,
        "status": b.get_status_display(),
        "waiting_list_position": selectors.booking_position(b),
        "preference_rank": b.preference_rank,
        "booked_at": _time(b.created_at),
    }


def _consent(c: Consent) -> dict:
    return {
        "kind": c.get_kind_display(),
        "text_version": c.text_version,
        "text": c.text,
        "given_at": _time(c.given_at),
        "withdrawn_at": _time(c.withdrawn_at),
    }


def _token(t: AccessToken) -> dict:
    return {
        "purpose": t.get_purpose_display(),
        "created_at": _time(t.created_at),
        "expires_at": _time(t.expires_at),
        "used_at": _time(t.used_at),
    }


def _email(m: EmailMessage) -> dict:
    return {
        "kind": m.get_kind_display(),
        "created_at": _time(m.created_at),
        "sent_at": _time(m.sent_at),
        "status": m.get_status_display(),
    }


def erase_personal_data(*, email: str, events=None, now: datetime | None = None) -> int:
    """Cancel this address's active registrations of events not yet begun (freeing
    their seats for the waiting list, whose people are emailed), then anonymise
    every registration of the address (with ``events``: of these events only).
    Statistics keep the anonymous rows. Returns how many were anonymised."""
    now = now or timezone.now()
    with transaction.atomic():
        for registration in registrations_of(email, events).filter(
            status__in=Registration.ACTIVE_STATUSES, event__start__gt=now
        ):
            # Same locks and promotion as a cancellation on the self-service page.
            cancel(registration=registration)
        return anonymise_registrations(registrations_of(email, events), now=now)
