"""Writes for preference allocation and rotation plans.

Allocation: ``preview_allocation`` runs the optimisation (workshops.allocation) on
the slot's current wishes and stores the result as a preview; organisers may
``adjust_allocation`` by hand; ``commit_allocation`` turns the wishes into
bookings in one transaction with the event and workshop rows locked (the same
lock order as participants.services), and queues one email per person.

Rotation plans: ``build_speeddating_plan`` / ``build_world_cafe_plan`` create or
regenerate a plan; ``remove_from_rotation_plans`` repairs every plan of an event
after a cancellation without reshuffling the others.
"""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from events.models import ProgrammeItem
from participants.locking import seat_lock
from participants.models import EmailMessage, Registration, WorkshopBooking
from participants.outbox.queue import queue_email
from workshops import allocation, rotation, selectors
from workshops.models import AllocationRun, RotationPlan, TimeSlot, Workshop

Booking = WorkshopBooking.Status
Run = AllocationRun.Status


class PlanningError(DomainError):
    """Base of the domain errors below; ``message`` is shown to organisers."""

    default = _("Das hat nicht geklappt.")

    def __init__(self, message=None):
        super().__init__(message or self.default)


class NotPreferenceSlot(PlanningError):
    default = _("In diesem Zeitfenster werden Workshops nicht nach Wunsch vergeben.")


class AllocationClosed(PlanningError):
    default = _("Diese Zuteilung ist keine offene Vorschau mehr.")


class AllocationStale(PlanningError):
    default = _(
        "Seit der Vorschau haben sich Wünsche oder Buchungen geändert. "
        "Bitte erstellen Sie eine neue Vorschau."
    )


class CapacityExceeded(PlanningError):
    default = _("Dieser Workshop hat keinen freien Platz mehr.")


class InvalidWorkshop(PlanningError):
    default = _("Dieser Workshop gehört nicht zu diesem Zeitfenster.")


class NoStations(PlanningError):
    default = _("Für ein World Café braucht der Workshop mindestens eine Station.")


class PlanInfeasible(PlanningError):
    default = _(
        "So viele Runden sind ohne doppelte Begegnungen nicht möglich. "
        "Bitte wählen Sie weniger Runden."
    )


REASONS = {
    allocation.REASON_SLOT_FULL: _("Alle Workshops des Zeitfensters sind voll."),
    allocation.REASON_CHOICES_FULL: _("Alle gewünschten Workshops sind voll."),
    "manual": _("Von Hand herausgenommen."),
}


# Allocation -----------------------------------------------------------------


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


# Rotation plans -------------------------------------------------------------


def build_speeddating_plan(
    *,
    programme_item: ProgrammeItem,
    rounds: int,
    seed: int = 0,
    now: datetime | None = None,
) -> RotationPlan:
    """Create or regenerate the speeddating plan for a programme item."""
    registrations = selectors.speeddating_registrations(
        programme_item=programme_item, now=now
    )
    people = [selectors.as_person(r) for r in registrations]
    try:
        plan = rotation.plan_speeddating(people, rounds, seed=seed)
    except rotation.RotationInfeasible as exc:
        raise PlanInfeasible() from exc
    data = {"rounds": _as_lists(plan), "seed": seed}
    plan_row, _created = RotationPlan.objects.update_or_create(
        programme_item=programme_item,
        defaults={
            "kind": RotationPlan.Kind.SPEEDDATING,
            "data": data,
            "stats": _speeddating_stats(plan, people),
        },
    )
    return plan_row


def build_world_cafe_plan(
    *, workshop: Workshop, groups: int | None = None, now: datetime | None = None
) -> RotationPlan:
    """Create or regenerate the world-café plan of a workshop with stations."""
    stations = list(
        workshop.stations.order_by("order", "pk").values_list("pk", flat=True)
    )
    if not stations:
        raise NoStations()
    registrations = selectors.world_cafe_registrations(workshop=workshop, now=now)
    people = [selectors.as_person(r) for r in registrations]
    try:
        plan = rotation.plan_world_cafe(people, stations=len(stations), groups=groups)
    except ValueError as exc:
        raise PlanningError(
            _("Es kann höchstens so viele Gruppen wie Stationen geben.")
        ) from exc
    plan_row, _created = RotationPlan.objects.update_or_create(
        workshop=workshop,
        defaults={
            "kind": RotationPlan.Kind.WORLD_CAFE,
            "data": _cafe_data(plan, stations),
            "stats": _cafe_stats(plan),
        },
    )
    return plan_row


def remove_from_rotation_plans(
    *, registration: Registration, from_round: int = 0
) -> list[RotationPlan]:
    """Take a cancelled person out of every plan of their event, locally.

    Speeddating: only the tables of that person change (rounds before
    ``from_round`` are kept as held). World café: one person moves at most.
    """
    changed = []
    with transaction.atomic():
        plans = (
            RotationPlan.objects.select_for_update(of=("self",))
            .filter(
                Q(programme_item__event_id=registration.event_id)
                | Q(workshop__event_id=registration.event_id)
            )
            .order_by("pk")
        )
        for plan in plans:
            if plan.kind == RotationPlan.Kind.SPEEDDATING:
                rounds = [
                    [tuple(t) for t in tables] for tables in plan.data.get("rounds", [])
                ]
                if not any(registration.pk in t for tables in rounds for t in tables):
                    continue
                people = _people_of(
                    {pk for tables in rounds for t in tables for pk in t}
                )
                repaired = rotation.repair_speeddating(
                    rounds, people, registration.pk, from_round=from_round
                )
                plan.data = {**plan.data, "rounds": _as_lists(repaired)}
                plan.stats = _speeddating_stats(repaired, people)
            else:
                groups = plan.data.get("groups", [])
                if not any(registration.pk in g for g in groups):
                    continue
                current = rotation.WorldCafePlan(
                    tuple(tuple(g) for g in groups),
                    tuple(tuple(r) for r in plan.data.get("rotation", [])),
                )
                people = _people_of({pk for g in groups for pk in g})
                repaired = rotation.repair_world_cafe(current, people, registration.pk)
                plan.data = _cafe_data(repaired, plan.data.get("stations", []))
                plan.stats = _cafe_stats(repaired)
            plan.save(update_fields=["data", "stats", "updated_at"])
            changed.append(plan)
    return changed


def _people_of(ids) -> list[rotation.Person]:
    return [selectors.as_person(r) for r in Registration.objects.filter(pk__in=ids)]


def _as_lists(plan) -> list:
    return [[list(table) for table in tables] for tables in plan]


def _speeddating_stats(plan, people) -> dict:
    known = {p.id for p in people}
    people = list(people) + [
        rotation.Person(pk)
        for tables in plan
        for table in tables
        for pk in table
        if pk not in known
    ]
    sizes = Counter(len(t) for tables in plan for t in tables)
    return {
        "people": len({pk for tables in plan for t in tables for pk in t}),
        "rounds": len(plan),
        "repeats": rotation.repeats(plan),
        "cross_municipality": round(rotation.cross_share(plan, people), 4),
        "cross_kind": round(rotation.cross_share(plan, people, "kind"), 4),
        "tables_of_three": sizes.get(3, 0),
        "breaks": sizes.get(1, 0),
    }


def _cafe_data(plan: rotation.WorldCafePlan, stations) -> dict:
    return {
        "groups": [list(g) for g in plan.groups],
        "rotation": [list(r) for r in plan.rotation],
        "stations": list(stations),
    }


def _cafe_stats(plan: rotation.WorldCafePlan) -> dict:
    sizes = [len(g) for g in plan.groups]
    return {
        "people": sum(sizes),
        "groups": len(sizes),
        "smallest_group": min(sizes, default=0),
        "largest_group": max(sizes, default=0),
        "latin_square": rotation.is_latin_square(plan.rotation),
    }
