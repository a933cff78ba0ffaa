"""Reads shared by services, emails, forms and views."""

from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db.models import (
    Case,
    Count,
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

from events.models import Event
from participants.models import Registration, WorkshopBooking
from workshops.models import TimeSlot, Workshop

Status = Registration.Status


def holding_q(now: datetime, prefix: str = "") -> Q:
    """Registrations that occupy a seat: confirmed ones and unexpired holds."""
    return Q(**{f"{prefix}status": Status.CONFIRMED}) | Q(
        **{f"{prefix}status": Status.PENDING, f"{prefix}hold_expires_at__gt": now}
    )


def capacity_for(event: Event, mode: str) -> int | None:
    if mode == Registration.Mode.ONLINE:
        return event.capacity_online
    return event.capacity_onsite


def event_counts(*, event: Event, now: datetime | None = None) -> dict:
    """Seats taken and people waiting per mode, in one query."""
    now = now or timezone.now()
    aggregates = {}
    for mode in Registration.Mode.values:
        aggregates[f"taken_{mode}"] = Count("id", filter=holding_q(now) & Q(mode=mode))
        aggregates[f"waiting_{mode}"] = Count(
            "id", filter=Q(status=Status.WAITLISTED, mode=mode)
        )
    row = Registration.objects.filter(event=event).aggregate(**aggregates)
    return {
        mode: {"taken": row[f"taken_{mode}"], "waiting": row[f"waiting_{mode}"]}
        for mode in Registration.Mode.values
    }


def has_free_seat(*, capacity: int | None, taken: int, waiting: int) -> bool:
    """A seat is free for a newcomer only when nobody already waits for it."""
    if capacity is None:
        return True
    return taken + waiting < capacity


def workshop_counts(*, workshop_ids, now: datetime | None = None) -> dict:
    """{workshop_id: {"taken": n, "waiting": m}} for the given workshops.

    Only people who hold a seat at the event count: someone on the event's waiting
    list neither takes a workshop seat nor queues for one yet.
    """
    now = now or timezone.now()
    rows = (
        WorkshopBooking.objects.filter(workshop_id__in=list(workshop_ids))
        .values("workshop_id")
        .annotate(
            taken=Count(
                "id",
                filter=Q(status=WorkshopBooking.Status.BOOKED)
                & holding_q(now, "registration__"),
            ),
            waiting=Count(
                "id",
                filter=Q(status=WorkshopBooking.Status.WAITLISTED)
                & holding_q(now, "registration__"),
            ),
        )
    )
    counts = {wid: {"taken": 0, "waiting": 0} for wid in workshop_ids}
    for row in rows:
        counts[row["workshop_id"]] = {"taken": row["taken"], "waiting": row["waiting"]}
    return counts


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


def workshop_is_full(workshop: Workshop, counts: dict) -> bool:
    count = counts.get(workshop.pk, {"taken": 0, "waiting": 0})
    return not has_free_seat(
        capacity=workshop.capacity, taken=count["taken"], waiting=count["waiting"]
    )


def mode_is_full(*, event: Event, mode: str, counts: dict) -> bool:
    return not has_free_seat(
        capacity=capacity_for(event, mode),
        taken=counts[mode]["taken"],
        waiting=counts[mode]["waiting"],
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting for a seat of this event and mode."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        mode=registration.mode,
        status=Status.WAITLISTED,
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
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
        .filter(holding_q(timezone.now(), "registration__"))
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


def closed_reason(event: Event, now: datetime | None = None) -> str | None:
    """Why nobody can register now, or None when registration is open."""
    now = now or timezone.now()
    if event.status == Event.Status.DRAFT:
        return "draft"
    if event.status == Event.Status.CANCELLED:
        return "cancelled"
    if event.start <= now:
        return "past"
    if event.registration_opens is None or now < event.registration_opens:
        return "not_open"
    if event.registration_closes and now > event.registration_closes:
        return "closed"
    return None


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
        Registration.objects.filter(
            event_id=OuterRef("event_id"),
            mode=OuterRef("mode"),
            status=Status.WAITLISTED,
        )
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
