"""Preference allocation: preview, adjust by hand, commit or discard.

``preview_allocation`` runs the optimisation (workshops.allocation) on the slot's
current wishes and stores the result as a preview; organisers may
``adjust_allocation`` by hand; ``commit_allocation`` turns the wishes into
bookings in one transaction under participants.locking.seat_lock, and queues one
email per person.
"""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.locking import seat_lock
from participants.models import EmailMessage, Registration, WorkshopBooking
from participants.outbox.queue import queue_email
from workshops import allocation, selectors
from workshops.models import AllocationRun, TimeSlot, Workshop
from workshops.services.errors import (
    AllocationClosed,
    AllocationStale,
    CapacityExceeded,
    InvalidWorkshop,
    NotPreferenceSlot,
)

Booking = WorkshopBooking.Status
Run = AllocationRun.Status


REASONS = {
    allocation.REASON_SLOT_FULL: _("Alle Workshops des Zeitfensters sind voll."),
    allocation.REASON_CHOICES_FULL: _("Alle gewünschten Workshops sind voll."),
    "manual": _("Von Hand herausgenommen."),
}


def preview_allocation(
    *,
    time_slot: TimeSlot,
    user=None,
    allow_unranked: bool = True,
    include_without_preference: bool = True,
    now: datetime | None = None,
) -> AllocationRun:
    """Run the optimisation and store a preview; earlier previews are discarded."""
    if time_slot.allocation != TimeSlot.Allocation.PREFERENCE:
        raise NotPreferenceSlot()
    data = selectors.allocation_input(
        time_slot=time_slot, now=now, include_unranked=include_without_preference
    )
    result = allocation.allocate(
        data.registrants, data.seats, allow_unranked=allow_unranked
    )
    preferences = {r.id: list(r.preferences) for r in data.registrants}
    placements = [
        {
            "registration": p.registrant_id,
            "workshop": p.workshop_id,
            "kind": p.kind,
            "rank": p.rank,
            "reason": p.reason,
            "preferences": preferences[p.registrant_id],
            "adjusted": False,
        }
        for p in result.placements
    ]
    with transaction.atomic():
        time_slot.allocation_runs.filter(status=Run.PREVIEW).update(
            status=Run.DISCARDED
        )
        return AllocationRun.objects.create(
            time_slot=time_slot,
            allow_unranked=allow_unranked,
            placements=placements,
            objective=result.objective,
            stats={
                "taken": {str(k): v for k, v in data.taken.items()},
                "costs": result.costs,
                "include_without_preference": include_without_preference,
            },
            input_fingerprint=data.fingerprint,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def preview_due_allocations(*, now: datetime | None = None) -> list[AllocationRun]:
    """Preview every preference slot whose event's registration has closed and
    that has no preview or committed run yet (for a periodic task); commits
    nothing: an organiser reviews and commits."""
    now = now or timezone.now()
    due = (
        TimeSlot.objects.filter(
            allocation=TimeSlot.Allocation.PREFERENCE,
            event__registration_closes__lte=now,
            event__start__gt=now,
        )
        .exclude(allocation_runs__status__in=(Run.PREVIEW, Run.COMMITTED))
        .order_by("pk")
    )
    return [preview_allocation(time_slot=slot, now=now) for slot in due]


def adjust_allocation(
    *, run: AllocationRun, registration_id: int, workshop: Workshop | None
) -> AllocationRun:
    """Move one person of a preview to ``workshop`` (None: to no workshop)."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if run.status != Run.PREVIEW:
            raise AllocationClosed()
        if workshop is not None and workshop.time_slot_id != run.time_slot_id:
            raise InvalidWorkshop()
        placement = next(
            (p for p in run.placements if p["registration"] == registration_id), None
        )
        if placement is None:
            raise InvalidWorkshop(_("Diese Person gehört nicht zu dieser Zuteilung."))
        if workshop is not None and workshop.capacity is not None:
            taken = selectors.run_taken(run).get(workshop.pk, 0)
            allocated = sum(
                1
                for p in run.placements
                if p["workshop"] == workshop.pk and p is not placement
            )
            if taken + allocated + 1 > workshop.capacity:
                raise CapacityExceeded()
        prefs = placement.get("preferences", [])
        placement.update(workshop=workshop.pk if workshop else None, adjusted=True)
        if workshop is None:
            placement.update(kind=allocation.UNASSIGNED, rank=None, reason="manual")
        elif workshop.pk in prefs:
            rank = prefs.index(workshop.pk) + 1
            placement.update(kind=allocation.RANKED, rank=rank, reason=None)
        else:
            kind = allocation.UNRANKED if prefs else allocation.NO_PREFERENCE
            placement.update(kind=kind, rank=None, reason=None)
        run.objective = _objective(run)
        run.save(update_fields=["placements", "objective"])
    return run


def _objective(run: AllocationRun) -> int:
    costs = run.stats["costs"]
    total = 0
    for p in run.placements:
        if not p.get("preferences"):
            continue
        if p["kind"] == allocation.RANKED:
            total += costs["ranks"][p["rank"] - 1]
        elif p["kind"] == allocation.UNRANKED:
            total += costs["unranked"]
        elif p["kind"] == allocation.UNASSIGNED:
            total += costs["unassigned"]
    return total


def commit_allocation(*, run: AllocationRun, now: datetime | None = None):
    """Turn the preview into bookings and queue one email per person.

    The allocated workshop's wish becomes BOOKED (or a new booking is made);
    the person's other wishes in the slot are CANCELLED. Somebody without a
    seat keeps a place on the waiting list of their first choice. Raises
    AllocationStale if wishes or bookings changed since the preview, and
    CapacityExceeded if a workshop would be overbooked.
    """
    now = now or timezone.now()
    slot = run.time_slot
    with seat_lock(slot.event_id) as lock:
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if run.status != Run.PREVIEW:
            raise AllocationClosed()
        workshops = lock.workshops(slot.workshops.values_list("pk", flat=True))
        current = selectors.allocation_input(
            time_slot=slot,
            now=now,
            include_unranked=run.stats.get("include_without_preference", True),
        )
        if current.fingerprint != run.input_fingerprint:
            raise AllocationStale()
        incoming = Counter(p["workshop"] for p in run.placements if p["workshop"])
        for pk, workshop in workshops.items():
            if workshop.capacity is None:
                continue
            if current.taken.get(pk, 0) + incoming[pk] > workshop.capacity:
                raise CapacityExceeded(
                    _("Der Workshop „%(title)s“ wäre überbucht.")
                    % {"title": workshop.full_title}
                )
        people = {p["registration"] for p in run.placements}
        wishes: dict[int, dict[int, WorkshopBooking]] = {}
        for booking in (
            WorkshopBooking.objects.select_for_update(of=("self",))
            .filter(
                registration_id__in=people,
                workshop_id__in=workshops,
                status=Booking.REQUESTED,
            )
            .order_by("pk")
        ):
            wishes.setdefault(booking.registration_id, {})[booking.workshop_id] = (
                booking
            )
        registrations = Registration.objects.in_bulk(people)
        for p in run.placements:
            registration = registrations[p["registration"]]
            own = wishes.get(registration.pk, {})
            chosen = p["workshop"]
            first = p["preferences"][0] if p.get("preferences") else None
            for workshop_id, booking in own.items():
                if workshop_id == chosen:
                    booking.status = Booking.BOOKED
                elif chosen is None and workshop_id == first:
                    booking.status = Booking.WAITLISTED
                    booking.queued_at = now
                else:
                    booking.status = Booking.CANCELLED
                booking.save(update_fields=["status", "queued_at"])
            if chosen is not None and chosen not in own:
                WorkshopBooking.objects.create(
                    registration=registration,
                    workshop=workshops[chosen],
                    status=Booking.BOOKED,
                    queued_at=now,
                )
            if chosen is None and not own:
                continue  # no wish and no seat: nothing changed for this person
            queue_email(
                registration=registration,
                kind=EmailMessage.Kind.WORKSHOP_CHANGED,
                dedupe_key=f"allocation:{run.pk}:{registration.pk}",
                context={
                    "allocated_workshop": (
                        workshops[chosen].full_title if chosen else None
                    ),
                    "time_slot": slot.label,
                },
            )
        _queue_unplaced_wishes(workshops, placed=people, now=now)
        slot.allocation_runs.filter(status=Run.PREVIEW).exclude(pk=run.pk).update(
            status=Run.DISCARDED
        )
        run.status = Run.COMMITTED
        run.committed_at = now
        run.save(update_fields=["status", "committed_at"])
    return run


def _queue_unplaced_wishes(workshops, *, placed: set[int], now: datetime) -> None:
    """Wishes of people the allocation did not place (not confirmed by then):
    once the slot is allocated, seats go first come, first served, so each
    keeps a place on the waiting list of their first wish and drops the rest."""
    left = (
        WorkshopBooking.objects.select_for_update(of=("self",))
        .filter(workshop_id__in=workshops, status=Booking.REQUESTED)
        .exclude(registration_id__in=placed)
        .order_by("registration_id", "preference_rank", "pk")
    )
    first_seen = set()
    for booking in left:
        if booking.registration_id in first_seen:
            booking.status = Booking.CANCELLED
        else:
            first_seen.add(booking.registration_id)
            booking.status = Booking.WAITLISTED
            booking.queued_at = now
        booking.save(update_fields=["status", "queued_at"])


def discard_allocation(*, run: AllocationRun) -> AllocationRun:
    """Drop a preview; bookings are untouched."""
    updated = AllocationRun.objects.filter(pk=run.pk, status=Run.PREVIEW).update(
        status=Run.DISCARDED
    )
    if not updated:
        raise AllocationClosed()
    run.refresh_from_db()
    return run
