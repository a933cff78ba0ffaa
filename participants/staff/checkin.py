"""Check-in at the door: find a registration of one event and mark it present once."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from api.webhooks import queue as webhooks
from events.models import Event
from participants.collation import in_german_order, matching
from participants.models import Registration, WorkshopBooking
from workshops.models import Workshop

SEARCH_LIMIT = 25
SEARCH_WORDS = 5
SEARCH_FIELDS = ("first_name", "last_name", "organisation", "email")


class NotConfirmed(Exception):
    """Only confirmed registrations can be checked in."""

    def __init__(self, registration: Registration):
        super().__init__(registration.status)
        self.registration = registration


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration
    checked_in_at: datetime
    already: bool  # True when an earlier scan had checked the person in


def find(
    *, event: Event, code: uuid.UUID | None = None, registration_id: int | None = None
) -> Registration | None:
    """The registration of ``event`` with this code or id, else None; annotated
    with ``photos_allowed``."""
    queryset = Registration.objects.filter(event=event).with_photo_consent()
    if code is not None:
        return queryset.filter(checkin_code=code).first()
    if registration_id is not None:
        return queryset.filter(pk=registration_id).first()
    return None


def search(*, event: Event, text: str) -> QuerySet:
    """Registrations of ``event`` whose name, organisation or email has every word,
    accents and case aside ("ozturk" finds Öztürk-Schäfer, "mueller" Müller), in
    German order; ``photos_allowed`` tells who must not be photographed."""
    queryset = (
        Registration.objects.filter(event=event)
        .exclude(anonymised_at__isnull=False)
        .with_photo_consent()
    )
    words = text.split()[:SEARCH_WORDS]
    found = matching(queryset, " ".join(words), SEARCH_FIELDS)
    return in_german_order(found)[:SEARCH_LIMIT]


def check_in(*, registration: Registration) -> CheckInResult:
    """Stamp checked_in_at unless already set; one UPDATE, safe for two scanners."""
    if registration.status != Registration.Status.CONFIRMED:
        raise NotConfirmed(registration)
    now = timezone.now()
    updated = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True
    ).update(checked_in_at=now)
    registration.refresh_from_db(fields=["checked_in_at"])
    webhooks.registration(registration=registration, kind="registration.checked_in")
    return CheckInResult(
        registration=registration,
        checked_in_at=registration.checked_in_at,
        already=not updated,
    )


def attendance(*, event: Event) -> dict:
    """Confirmed and checked-in people for the event and for each workshop."""
    confirmed = Q(status=Registration.Status.CONFIRMED)
    totals = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=confirmed),
        confirmed_onsite=Count(
            "id", filter=confirmed & Q(mode=Registration.Mode.ONSITE)
        ),
        present=Count("id", filter=Q(checked_in_at__isnull=False)),
    )
    booked = Q(
        bookings__status=WorkshopBooking.Status.BOOKED,
        bookings__registration__status=Registration.Status.CONFIRMED,
    )
    workshops = (
        Workshop.objects.filter(event=event)
        .annotate(
            booked=Count("bookings", filter=booked),
            present=Count(
                "bookings",
                filter=booked & Q(bookings__registration__checked_in_at__isnull=False),
            ),
        )
        .order_by("order", "code", "id")
    )
    return {**totals, "workshops": list(workshops)}
