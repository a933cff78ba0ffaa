"""Reads for allocation and rotation plans: what the services feed the pure
algorithms, and what the printable pages and self-service lines show."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import ProgrammeItem
from participants.collation import sort_key
from participants.models import Registration, WorkshopBooking, seat_q
from workshops import allocation, rotation
from workshops.models import AllocationRun, RotationPlan, TimeSlot, Workshop

Booking = WorkshopBooking.Status

KIND_LABELS = {
    allocation.RANKED: _("Wunsch erfüllt"),
    allocation.UNRANKED: _("Anderer Workshop mit freien Plätzen"),
    allocation.NO_PREFERENCE: _("Ohne Wunsch, freier Platz"),
    allocation.UNASSIGNED: _("Kein Platz"),
}


@dataclass
class AllocationInput:
    time_slot: TimeSlot
    workshops: list[Workshop]
    registrants: list[allocation.Registrant]
    seats: list[allocation.Seats]  # capacity left after bookings already made
    taken: dict[int, int]  # workshop id -> seats already booked
    fingerprint: str = ""


def allocation_input(
    *, time_slot: TimeSlot, now: datetime | None = None, include_unranked=True
) -> AllocationInput:
    """Who is to be placed in the slot, with their ranked wishes.

    Only confirmed registrations are placed: an unconfirmed hold may lapse
    before the event, and its seat would be lost to everyone. People with wishes:
    confirmed registrations with REQUESTED bookings in the slot (ranked by
    ``preference_rank``, then by when they were made). People without: confirmed
    registrations that may take a workshop (on site, see
    Event.workshops_open_to) with no booking in the slot at all (only with
    ``include_unranked``). Anybody holding a seat (Registration.seat_q) and
    already BOOKED into a workshop of the slot keeps it and uses its seat.
    """
    now = now or timezone.now()
    event = time_slot.event
    workshops = list(time_slot.workshops.order_by("pk"))
    workshop_ids = [w.pk for w in workshops]
    active = (
        WorkshopBooking.objects.filter(workshop_id__in=workshop_ids)
        .exclude(status=Booking.CANCELLED)
        .filter(seat_q(now, "registration__"))
        .select_related("registration")
        .order_by("registration__created_at", "registration_id")
    )
    taken = dict.fromkeys(workshop_ids, 0)
    booked_people = set()
    wishes: dict[int, list[WorkshopBooking]] = {}
    registered_at: dict[int, datetime] = {}
    for booking in active:
        if booking.status == Booking.BOOKED:
            taken[booking.workshop_id] += 1
            booked_people.add(booking.registration_id)
        elif booking.status == Booking.REQUESTED and placeable(
            booking.registration, event
        ):
            wishes.setdefault(booking.registration_id, []).append(booking)
            registered_at[booking.registration_id] = booking.registration.created_at
    registrants = []
    for registration_id, bookings in wishes.items():
        if registration_id in booked_people:
            continue
        bookings.sort(
            key=lambda b: (
                b.preference_rank is None,
                b.preference_rank or 0,
                b.created_at,
                b.pk,
            )
        )
        registrants.append(
            allocation.Registrant(
                id=registration_id,
                order=(registered_at[registration_id], registration_id),
                preferences=tuple(b.workshop_id for b in bookings),
            )
        )
    if include_unranked:
        modes = [m for m in event.offered_modes if event.workshops_open_to(m)]
        without = (
            Registration.objects.confirmed()
            .filter(event_id=time_slot.event_id, mode__in=modes)
            .exclude(
                Q(bookings__workshop_id__in=workshop_ids)
                & ~Q(bookings__status=Booking.CANCELLED)
            )
            .values_list("pk", "created_at")
        )
        registrants += [
            allocation.Registrant(id=pk, order=(created, pk))
            for pk, created in without
            if pk not in wishes and pk not in booked_people
        ]
    seats = [
        allocation.Seats(
            w.pk, None if w.capacity is None else max(w.capacity - taken[w.pk], 0)
        )
        for w in workshops
    ]
    data = AllocationInput(time_slot, workshops, registrants, seats, taken)
    data.fingerprint = fingerprint(data)
    return data


def placeable(registration: Registration, event) -> bool:
    """Whether the allocation places this person: confirmed, and taking part
    where the workshops are."""
    return registration.status == Registration.Status.CONFIRMED and (
        event.workshops_open_to(registration.mode)
    )


def fingerprint(data: AllocationInput) -> str:
    """Changes whenever a wish, a person or a booked seat in the slot changes."""
    payload = {
        "people": sorted([r.id, list(r.preferences)] for r in data.registrants),
        "taken": sorted(data.taken.items()),
        "capacity": sorted((w.pk, w.capacity) for w in data.workshops),
    }
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


# Allocation preview ---------------------------------------------------------


@dataclass
class AllocationRow:
    registration: Registration
    workshop: Workshop | None
    kind: str
    rank: int | None
    reason: str | None
    adjusted: bool
    preferences: list[Workshop]


@dataclass
class WorkshopLoad:
    workshop: Workshop
    already: int
    allocated: int

    @property
    def total(self) -> int:
        return self.already + self.allocated

    @property
    def free(self) -> int | None:
        if self.workshop.capacity is None:
            return None
        return self.workshop.capacity - self.total


@dataclass
class AllocationSummary:
    run: AllocationRun
    rows: list[AllocationRow]
    loads: list[WorkshopLoad]
    rank_counts: dict[int, int]
    kind_counts: dict[str, int]
    unassigned: list[AllocationRow] = field(default_factory=list)


def allocation_summary(*, run: AllocationRun) -> AllocationSummary:
    """Everything the preview page shows, in a fixed number of queries."""
    workshops = {w.pk: w for w in run.time_slot.workshops.order_by("order", "code")}
    ids = [p["registration"] for p in run.placements]
    registrations = Registration.objects.select_related("municipality").in_bulk(ids)
    rows = []
    for p in run.placements:
        registration = registrations.get(p["registration"])
        if registration is None:
            continue
        rows.append(
            AllocationRow(
                registration=registration,
                workshop=workshops.get(p["workshop"]),
                kind=p["kind"],
                rank=p.get("rank"),
                reason=p.get("reason"),
                adjusted=p.get("adjusted", False),
                preferences=[
                    workshops[w] for w in p.get("preferences", []) if w in workshops
                ],
            )
        )
    taken = run_taken(run)
    allocated = dict.fromkeys(workshops, 0)
    rank_counts: dict[int, int] = {}
    kind_counts = dict.fromkeys(
        (
            allocation.RANKED,
            allocation.UNRANKED,
            allocation.NO_PREFERENCE,
            allocation.UNASSIGNED,
        ),
        0,
    )
    for row in rows:
        kind_counts[row.kind] += 1
        if row.workshop is not None:
            allocated[row.workshop.pk] += 1
        if row.kind == allocation.RANKED:
            rank_counts[row.rank] = rank_counts.get(row.rank, 0) + 1
    loads = [
        WorkshopLoad(w, taken.get(pk, 0), allocated[pk]) for pk, w in workshops.items()
    ]
    return AllocationSummary(
        run=run,
        rows=rows,
        loads=loads,
        rank_counts=dict(sorted(rank_counts.items())),
        kind_counts=kind_counts,
        unassigned=[r for r in rows if r.kind == allocation.UNASSIGNED],
    )


def run_taken(run: AllocationRun) -> dict[int, int]:
    """Seats of the slot's workshops booked outside this run (stored at preview)."""
    return {int(k): v for k, v in run.stats.get("taken", {}).items()}


# Rotation plans -------------------------------------------------------------


def as_person(registration: Registration) -> rotation.Person:
    organisation = (registration.organisation or "").strip().casefold()
    return rotation.Person(
        id=registration.pk,
        municipality=registration.municipality_id,
        kind=registration.participant_kind or None,
        organisation=organisation or None,
    )


def speeddating_registrations(
    *, programme_item: ProgrammeItem, now: datetime | None = None
) -> list[Registration]:
    """On-site registrations holding a seat at the event, in registration order."""
    return list(
        Registration.objects.filter(
            seat_q(now or timezone.now()),
            event_id=programme_item.event_id,
            mode=Registration.Mode.ONSITE,
        ).order_by("created_at", "pk")
    )


def world_cafe_registrations(
    *, workshop: Workshop, now: datetime | None = None
) -> list[Registration]:
    """People booked into the workshop (holding a seat), in registration order."""
    return list(
        Registration.objects.filter(
            seat_q(now or timezone.now()),
            bookings__workshop=workshop,
            bookings__status=Booking.BOOKED,
        )
        .distinct()
        .order_by("created_at", "pk")
    )


@dataclass
class PlanTable:
    number: int
    people: list[Registration]


@dataclass
class PlanRound:
    number: int
    tables: list[PlanTable]


def speeddating_rounds(*, plan: RotationPlan) -> list[PlanRound]:
    """The plan with registrations in place of ids (one query)."""
    rounds = plan.data.get("rounds", [])
    ids = {pk for tables in rounds for table in tables for pk in table}
    people = Registration.objects.select_related("municipality").in_bulk(ids)
    return [
        PlanRound(
            number=r + 1,
            tables=[
                PlanTable(t + 1, [people[pk] for pk in table if pk in people])
                for t, table in enumerate(tables)
            ],
        )
        for r, tables in enumerate(rounds)
    ]


@dataclass
class Seating:
    registration: Registration
    tables: list  # table number per round, None for a break


def seating_by_person(rounds: list[PlanRound]) -> list[Seating]:
    """Person by person, the table of each round (for the sheet at the door)."""
    seats: dict[int, Seating] = {}
    for r, round_ in enumerate(rounds):
        for table in round_.tables:
            alone = len(table.people) == 1
            for person in table.people:
                row = seats.setdefault(person.pk, Seating(person, [None] * len(rounds)))
                row.tables[r] = None if alone else table.number
    return sorted(
        seats.values(),
        key=lambda s: sort_key(
            s.registration.last_name, s.registration.first_name, s.registration.pk
        ),
    )


@dataclass
class CafeGroup:
    number: int
    people: list[Registration]
    stations: list  # station per round


def world_cafe_groups(*, plan: RotationPlan) -> tuple[list, list[CafeGroup]]:
    """(stations in order, groups with their members and station per round)."""
    stations = {s.pk: s for s in plan.workshop.stations.select_related("city_lab")}
    order = [stations[pk] for pk in plan.data.get("stations", []) if pk in stations]
    groups = plan.data.get("groups", [])
    rotation_ = plan.data.get("rotation", [])
    ids = {pk for group in groups for pk in group}
    people = Registration.objects.select_related("municipality").in_bulk(ids)
    result = []
    for g, members in enumerate(groups):
        result.append(
            CafeGroup(
                number=g + 1,
                people=[people[pk] for pk in members if pk in people],
                stations=[order[row[g]] for row in rotation_ if row[g] < len(order)],
            )
        )
    return order, result


def world_cafe_round_rows(groups: list[CafeGroup]) -> list[tuple[int, list]]:
    """(round number, station of each group) rows for the rotation table."""
    count = max((len(g.stations) for g in groups), default=0)
    return [(r + 1, [g.stations[r] for g in groups]) for r in range(count)]


@dataclass
class PersonalLine:
    """One line for a participant's self-service page (no other people's names)."""

    title: str
    kind: str
    items: list[tuple[int, str]]  # (round number, "Tisch 4" / station title)
    group: int | None = None


def personal_plan_lines(*, registration: Registration) -> list[PersonalLine]:
    """Where this person sits in each round of the event's rotation plans."""
    plans = RotationPlan.objects.filter(
        Q(programme_item__event_id=registration.event_id)
        | Q(workshop__event_id=registration.event_id)
    ).select_related("programme_item", "workshop")
    lines = []
    for plan in plans:
        if plan.kind == RotationPlan.Kind.SPEEDDATING:
            items = []
            for r, tables in enumerate(plan.data.get("rounds", [])):
                for t, table in enumerate(tables):
                    if registration.pk in table:
                        label = (
                            gettext("Pause")
                            if len(table) == 1
                            else gettext("Tisch %(number)s") % {"number": t + 1}
                        )
                        items.append((r + 1, label))
            if items:
                lines.append(PersonalLine(plan.programme_item.title, plan.kind, items))
        else:
            groups = plan.data.get("groups", [])
            g = next(
                (i for i, members in enumerate(groups) if registration.pk in members),
                None,
            )
            if g is None:
                continue
            stations = {s.pk: s for s in plan.workshop.stations.all()}
            order = plan.data.get("stations", [])
            items = [
                (r + 1, stations[order[row[g]]].title)
                for r, row in enumerate(plan.data.get("rotation", []))
                if order[row[g]] in stations
            ]
            lines.append(
                PersonalLine(plan.workshop.full_title, plan.kind, items, group=g + 1)
            )
    return lines
