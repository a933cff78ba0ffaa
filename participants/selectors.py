"""Reads shared by services, the outbox, forms and views."""

from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Places
from participants.models import Registration, WorkshopBooking, seat_q, waiting_q
from workshops.models import AllocationRun, TimeSlot, Workshop

Status = Registration.Status
Booking = WorkshopBooking.Status

MAX_WISHES = 3

WISHES_CLOSED = _(
    "Die Anmeldung ist geschlossen: Ihre Workshop-Wünsche können nicht mehr "
    "geändert werden. Die Plätze werden jetzt zugeteilt; Sie bekommen eine E-Mail."
)

ONLINE_TAKES_NO_WORKSHOP = _(
    "Die Workshops finden vor Ort statt. Wer online teilnimmt, wählt bitte keinen "
    "Workshop."
)


def event_places(*, event: Event, now: datetime | None = None) -> dict[str, Places]:
    """{mode: Places} of the event, counted by Registration's seat rule; one query."""
    now = now or timezone.now()
    aggregates = {}
    for mode in Registration.Mode.values:
        aggregates[f"taken_{mode}"] = Count("id", filter=seat_q(now) & Q(mode=mode))
        aggregates[f"waiting_{mode}"] = Count(
            "id", filter=waiting_q(now) & Q(mode=mode)
        )
    row = Registration.objects.filter(event=event).aggregate(**aggregates)
    return {
        mode: Places(
            event.capacity_for(mode), row[f"taken_{mode}"], row[f"waiting_{mode}"]
        )
        for mode in Registration.Mode.values
    }


def workshop_places(*, workshops, now: datetime | None = None) -> dict[int, Places]:
    """{workshop id: Places} for the given workshops; one query.

    Only people who hold a seat at the event count: someone on the event's waiting
    list neither takes a workshop seat nor queues for one yet.
    """
    now = now or timezone.now()
    workshops = list(workshops)
    holds = seat_q(now, "registration__")
    rows = (
        WorkshopBooking.objects.filter(workshop_id__in=[w.pk for w in workshops])
        .values("workshop_id")
        .annotate(
            taken=Count("id", filter=Q(status=Booking.BOOKED) & holds),
            waiting=Count("id", filter=Q(status=Booking.WAITLISTED) & holds),
        )
    )
    counts = {row["workshop_id"]: (row["taken"], row["waiting"]) for row in rows}
    return {w.pk: Places(w.capacity, *counts.get(w.pk, (0, 0))) for w in workshops}


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
    if event.registration_is_open(now):
        return SlotRules(wishes=pending)
    return SlotRules(waiting=pending)


@dataclass
class SlotChoice:
    """The workshops a person chooses one of; `slot` is None for unscheduled ones."""

    slot: TimeSlot | None
    workshops: list[Workshop] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"slot_{self.slot.pk}" if self.slot else "slot_none"

    @property
    def allocates_by_preference(self) -> bool:
        return bool(
            self.slot and self.slot.allocation == TimeSlot.Allocation.PREFERENCE
        )


def workshop_slots(*, event: Event) -> list[SlotChoice]:
    """The event's workshops grouped by time slot, slots in programme order."""
    workshops = (
        Workshop.objects.filter(event=event)
        .select_related("time_slot")
        .order_by(
            "time_slot__start", "time_slot__label", "time_slot_id", "order", "code"
        )
    )
    slots: dict = {}
    for workshop in workshops:
        slot_id = workshop.time_slot_id
        if slot_id not in slots:
            slots[slot_id] = SlotChoice(slot=workshop.time_slot)
        slots[slot_id].workshops.append(workshop)
    return list(slots.values())


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting for a seat of this event and mode."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.waiting()
        .filter(
            event_id=registration.event_id,
            mode=registration.mode,
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
    )
    return ahead.count() + 1


def booking_position(booking: WorkshopBooking) -> int | None:
    """1 for the first person waiting for this workshop."""
    if booking.status != WorkshopBooking.Status.WAITLISTED:
        return None
    ahead = (
        WorkshopBooking.objects.filter(
            workshop_id=booking.workshop_id, status=WorkshopBooking.Status.WAITLISTED
        )
        .filter(seat_q(timezone.now(), "registration__"))
        .filter(
            Q(queued_at__lt=booking.queued_at)
            | Q(queued_at=booking.queued_at, pk__lt=booking.pk)
        )
    )
    return ahead.count() + 1


def active_bookings(registration: Registration) -> list[WorkshopBooking]:
    return list(
        registration.bookings.exclude(status=WorkshopBooking.Status.CANCELLED)
        .select_related("workshop__time_slot")
        .order_by("workshop__time_slot__start", "workshop__order", "workshop__code")
    )


def registration_for_manage(pk: int) -> Registration | None:
    return (
        Registration.objects.select_related("event__venue", "municipality")
        .prefetch_related("consents", "answers__question")
        .filter(pk=pk)
        .first()
    )


def can_change(registration: Registration, now: datetime | None = None) -> bool:
    """Self-service changes are possible until the event starts."""
    now = now or timezone.now()
    return (
        registration.status in Registration.ACTIVE_STATUSES
        and registration.event.status == Event.Status.PUBLISHED
        and registration.event.start > now
    )


# Citizen accounts ------------------------------------------------------------------


def _verified_emails_of(user):
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def verified_emails(user) -> list[str]:
    """The user's addresses confirmed through allauth, lower case, sorted."""
    return sorted(set(_verified_emails_of(user).values_list("address", flat=True)))


def account_registrations(user):
    """Registrations whose email is one of the user's verified addresses (any case),
    never anonymised ones."""
    return Registration.objects.alias(address=Lower("email")).filter(
        address__in=Subquery(_verified_emails_of(user)), anonymised_at__isnull=True
    )


def account_may_open(user, registration: Registration) -> bool:
    """Whether a signed-in user has verified the registration's address."""
    if not user.is_authenticated or registration.anonymised_at is not None:
        return False
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=registration.email
    ).exists()


def _waitlist_position_expression():
    """waitlist_position() as a subquery, for a list of registrations at once."""
    ahead = (
        Registration.objects.waiting()
        .filter(event_id=OuterRef("event_id"), mode=OuterRef("mode"))
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(
            status=Status.WAITLISTED,
            then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))
            + Value(1),
        ),
        default=None,
        output_field=IntegerField(),
    )


@dataclass
class AccountRegistrations:
    upcoming: list[Registration]
    past: list[Registration]


def registrations_for_account(
    user, now: datetime | None = None
) -> AccountRegistrations:
    """The user's registrations, upcoming ones soonest first, then past ones latest
    first. Each carries `position` (its place on the event's waiting list, else
    None) and `active_bookings` (workshops not cancelled, in programme order).
    Two queries, however many registrations."""
    now = now or timezone.now()
    bookings = (
        WorkshopBooking.objects.exclude(status=WorkshopBooking.Status.CANCELLED)
        .select_related("workshop__time_slot")
        .order_by(
            "workshop__time_slot__start",
            "preference_rank",
            "workshop__order",
            "workshop__code",
        )
    )
    registrations = (
        account_registrations(user)
        .select_related("event__venue")
        .annotate(position=_waitlist_position_expression())
        .prefetch_related(
            Prefetch("bookings", queryset=bookings, to_attr="active_bookings")
        )
        .order_by("event__start", "event_id", "created_at", "pk")
    )
    upcoming, past = [], []
    for registration in registrations:
        (past if registration.event.end < now else upcoming).append(registration)
    return AccountRegistrations(upcoming=upcoming, past=past[::-1])
