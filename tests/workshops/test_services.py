"""Allocation and rotation-plan services on PostgreSQL."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import ProgrammeItem
from participants.models import EmailMessage, Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops import rotation, selectors, services
from workshops.models import AllocationRun, RotationPlan, TimeSlot

pytestmark = pytest.mark.django_db

Booking = WorkshopBooking.Status


@pytest.fixture
def slot():
    event = EventFactory(capacity_onsite=500)
    return TimeSlotFactory(event=event, allocation=TimeSlot.Allocation.PREFERENCE)


def workshop(slot, code, capacity):
    return WorkshopFactory(
        event=slot.event, time_slot=slot, code=code, capacity=capacity
    )


def person(slot, minutes, *wishes, **fields):
    """A confirmed registration made ``minutes`` after a fixed start, with wishes."""
    registration = RegistrationFactory(event=slot.event, **fields)
    created = timezone.now() - timedelta(days=1) + timedelta(minutes=minutes)
    Registration.objects.filter(pk=registration.pk).update(created_at=created)
    for rank, w in enumerate(wishes, start=1):
        WorkshopBookingFactory(
            registration=registration,
            workshop=w,
            status=Booking.REQUESTED,
            preference_rank=rank,
        )
    return registration


def bookings_of(registration):
    return {
        b.workshop.code: b.status
        for b in WorkshopBooking.objects.filter(registration=registration)
    }


def test_preview_changes_nothing_and_commit_books_the_allocation(slot):
    x, y = workshop(slot, "X", 1), workshop(slot, "Y", 1)
    anna = person(slot, 1, x, y)
    ben = person(slot, 2, x, y)
    carla = person(slot, 3)  # no wishes: the slot is full when her turn comes

    run = services.preview_allocation(time_slot=slot)

    assert bookings_of(anna) == {"X": Booking.REQUESTED, "Y": Booking.REQUESTED}
    summary = selectors.allocation_summary(run=run)
    assert summary.rank_counts == {1: 1, 2: 1}
    assert [(r.registration, r.reason) for r in summary.unassigned] == [
        (carla, "slot_full")
    ]
    assert EmailMessage.objects.count() == 0

    services.commit_allocation(run=run)

    assert bookings_of(anna) == {"X": Booking.BOOKED, "Y": Booking.CANCELLED}
    assert bookings_of(ben) == {"X": Booking.CANCELLED, "Y": Booking.BOOKED}
    assert bookings_of(carla) == {}
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.COMMITTED
    mails = EmailMessage.objects.filter(kind=EmailMessage.Kind.WORKSHOP_CHANGED)
    assert sorted(m.recipient for m in mails) == sorted([anna.email, ben.email])
    assert {m.context["allocated_workshop"] for m in mails} == {
        x.full_title,
        y.full_title,
    }


def test_commit_places_people_without_wishes_in_free_seats(slot):
    x = workshop(slot, "X", 2)
    workshop(slot, "Y", 3)
    anna = person(slot, 1, x)
    carla = person(slot, 2)
    online = person(slot, 3, mode=Registration.Mode.ONLINE)

    run = services.preview_allocation(time_slot=slot)
    services.commit_allocation(run=run)

    assert bookings_of(anna) == {"X": Booking.BOOKED}
    assert bookings_of(carla) == {"Y": Booking.BOOKED}
    assert bookings_of(online) == {}


def test_commit_puts_somebody_without_a_seat_on_the_waiting_list(slot):
    x = workshop(slot, "X", 1)
    workshop(slot, "Y", 0)
    person(slot, 1, x)
    late = person(slot, 2, x)

    run = services.preview_allocation(time_slot=slot, allow_unranked=False)
    services.commit_allocation(run=run)

    assert bookings_of(late) == {"X": Booking.WAITLISTED}


def test_commit_refuses_when_wishes_changed_after_the_preview(slot):
    x, y = workshop(slot, "X", 5), workshop(slot, "Y", 5)
    anna = person(slot, 1, x, y)
    run = services.preview_allocation(time_slot=slot)
    person(slot, 2, y, x)  # registers after the preview

    with pytest.raises(services.AllocationStale):
        services.commit_allocation(run=run)

    assert bookings_of(anna) == {"X": Booking.REQUESTED, "Y": Booking.REQUESTED}
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.PREVIEW


def test_commit_refuses_when_a_seat_was_booked_after_the_preview(slot):
    x = workshop(slot, "X", 1)
    person(slot, 1, x)
    run = services.preview_allocation(time_slot=slot, include_without_preference=False)
    WorkshopBookingFactory(
        registration=RegistrationFactory(event=slot.event), workshop=x
    )

    with pytest.raises(services.AllocationStale):
        services.commit_allocation(run=run)

    assert (
        WorkshopBooking.objects.filter(workshop=x, status=Booking.BOOKED).count() == 1
    )


def test_a_committed_run_cannot_be_committed_or_adjusted_again(slot):
    x = workshop(slot, "X", 1)
    anna = person(slot, 1, x)
    run = services.preview_allocation(time_slot=slot)
    services.commit_allocation(run=run)

    with pytest.raises(services.AllocationClosed):
        services.commit_allocation(run=run)
    with pytest.raises(services.AllocationClosed):
        services.adjust_allocation(run=run, registration_id=anna.pk, workshop=None)


def test_adjust_moves_a_person_by_hand_within_capacity(slot):
    x, y = workshop(slot, "X", 1), workshop(slot, "Y", 2)
    anna = person(slot, 1, x, y)
    ben = person(slot, 2, x, y)
    run = services.preview_allocation(time_slot=slot)

    with pytest.raises(services.CapacityExceeded):
        services.adjust_allocation(run=run, registration_id=ben.pk, workshop=x)
    run = services.adjust_allocation(run=run, registration_id=anna.pk, workshop=y)
    run = services.adjust_allocation(run=run, registration_id=ben.pk, workshop=x)
    services.commit_allocation(run=run)

    assert bookings_of(anna) == {"X": Booking.CANCELLED, "Y": Booking.BOOKED}
    assert bookings_of(ben) == {"X": Booking.BOOKED, "Y": Booking.CANCELLED}
    assert run.objective == 1  # anna got her 2nd choice, ben his 1st


def test_adjust_refuses_a_workshop_of_another_slot(slot):
    x = workshop(slot, "X", 1)
    other = WorkshopFactory(event=slot.event, code="Z")
    anna = person(slot, 1, x)
    run = services.preview_allocation(time_slot=slot)

    with pytest.raises(services.InvalidWorkshop):
        services.adjust_allocation(run=run, registration_id=anna.pk, workshop=other)


def test_preview_refuses_a_first_come_slot():
    first_come = TimeSlotFactory()

    with pytest.raises(services.NotPreferenceSlot):
        services.preview_allocation(time_slot=first_come)


def test_a_new_preview_discards_the_old_one(slot):
    workshop(slot, "X", 1)
    old = services.preview_allocation(time_slot=slot)

    services.preview_allocation(time_slot=slot)

    old.refresh_from_db()
    assert old.status == AllocationRun.Status.DISCARDED


def test_commit_never_exceeds_capacity_with_many_people(slot):
    rng = random.Random(5)
    workshops = [workshop(slot, c, rng.randint(3, 9)) for c in "ABCDE"]
    already = RegistrationFactory(event=slot.event)
    WorkshopBookingFactory(registration=already, workshop=workshops[0])
    people = [
        person(slot, i, *rng.sample(workshops, rng.randint(0, 3))) for i in range(40)
    ]

    run = services.preview_allocation(time_slot=slot)
    services.commit_allocation(run=run)

    for w in workshops:
        booked = WorkshopBooking.objects.filter(workshop=w, status=Booking.BOOKED)
        assert booked.count() <= w.capacity
    for registration in people:
        statuses = list(bookings_of(registration).values())
        assert statuses.count(Booking.BOOKED) <= 1
        assert Booking.REQUESTED not in statuses
    placed = WorkshopBooking.objects.filter(
        workshop__time_slot=slot, status=Booking.BOOKED
    ).count()
    assert placed == min(41, sum(w.capacity for w in workshops))


# Rotation plans -------------------------------------------------------------


@pytest.fixture
def networking():
    event = EventFactory(capacity_onsite=100)
    return ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.NETWORKING)


def test_speeddating_plan_mixes_municipalities_without_repeats(networking):
    towns = [MunicipalityFactory() for _ in range(3)]
    people = [
        RegistrationFactory(event=networking.event, municipality=towns[i % 3])
        for i in range(11)
    ]
    RegistrationFactory(event=networking.event, mode=Registration.Mode.ONLINE)

    plan = services.build_speeddating_plan(programme_item=networking, rounds=4)

    rounds = plan.data["rounds"]
    assert len(rounds) == 4
    seated = sorted(pk for table in rounds[0] for pk in table)
    assert seated == sorted(p.pk for p in people)
    assert plan.stats["repeats"] == 0
    assert plan.stats["tables_of_three"] == 4
    assert plan.stats["cross_municipality"] == 1.0


def test_speeddating_plan_regenerates_in_place(networking):
    for _ in range(6):
        RegistrationFactory(event=networking.event)
    first = services.build_speeddating_plan(programme_item=networking, rounds=3)

    again = services.build_speeddating_plan(programme_item=networking, rounds=5, seed=2)

    assert again.pk == first.pk
    assert len(again.data["rounds"]) == 5
    assert RotationPlan.objects.count() == 1


def test_speeddating_plan_with_too_many_rounds_is_refused(networking):
    for _ in range(4):
        RegistrationFactory(event=networking.event)

    with pytest.raises(services.PlanInfeasible):
        services.build_speeddating_plan(programme_item=networking, rounds=5)


def test_cancellation_repairs_only_the_tables_of_the_cancelled_person(networking):
    people = [RegistrationFactory(event=networking.event) for _ in range(10)]
    plan = services.build_speeddating_plan(programme_item=networking, rounds=4)
    before = [[tuple(t) for t in tables] for tables in plan.data["rounds"]]
    gone = people[3]

    services.remove_from_rotation_plans(registration=gone)

    plan.refresh_from_db()
    after = [[tuple(t) for t in tables] for tables in plan.data["rounds"]]
    assert plan.stats["repeats"] == 0
    for old, new in zip(before, after, strict=True):
        assert all(gone.pk not in t for t in new)
        assert len(set(old) - set(new)) <= 2


def test_world_cafe_plan_is_a_latin_square_with_spread_towns():
    event = EventFactory(capacity_onsite=100)
    cafe = WorkshopFactory(event=event, capacity=30)
    stations = [StationFactory(workshop=cafe, order=i) for i in range(4)]
    towns = [MunicipalityFactory() for _ in range(2)]
    people = []
    for i in range(14):
        registration = RegistrationFactory(event=event, municipality=towns[i // 7])
        WorkshopBookingFactory(registration=registration, workshop=cafe)
        people.append(registration)

    plan = services.build_world_cafe_plan(workshop=cafe)

    assert plan.data["stations"] == [s.pk for s in stations]
    assert rotation.is_latin_square(plan.data["rotation"])
    sizes = sorted(len(g) for g in plan.data["groups"])
    assert sizes == [3, 3, 4, 4]
    for group in plan.data["groups"]:
        towns_in_group = {
            Registration.objects.get(pk=pk).municipality_id for pk in group
        }
        assert len(towns_in_group) == 2

    services.remove_from_rotation_plans(registration=people[0])

    plan.refresh_from_db()
    assert people[0].pk not in {pk for g in plan.data["groups"] for pk in g}
    assert plan.stats["people"] == 13


def test_world_cafe_needs_stations():
    with pytest.raises(services.NoStations):
        services.build_world_cafe_plan(workshop=WorkshopFactory())


def test_personal_lines_show_table_and_station_numbers_only(networking):
    people = [RegistrationFactory(event=networking.event) for _ in range(4)]
    services.build_speeddating_plan(programme_item=networking, rounds=3)
    cafe = WorkshopFactory(event=networking.event)
    station = StationFactory(workshop=cafe, title="Stadtlabor Iserlohn")
    WorkshopBookingFactory(registration=people[0], workshop=cafe)
    services.build_world_cafe_plan(workshop=cafe)

    lines = selectors.personal_plan_lines(registration=people[0])

    speeddating = next(line for line in lines if line.kind == "speeddating")
    assert [r for r, _label in speeddating.items] == [1, 2, 3]
    assert all(label.startswith("Tisch ") for _r, label in speeddating.items)
    cafe_line = next(line for line in lines if line.kind == "world_cafe")
    assert cafe_line.items == [(1, station.title)]
    assert cafe_line.group == 1


def test_due_previews_are_made_once_after_registration_closes(slot):
    x = workshop(slot, "X", 3)
    person(slot, 1, x)
    open_slot = TimeSlotFactory(allocation=TimeSlot.Allocation.PREFERENCE)
    slot.event.registration_closes = timezone.now() - timedelta(minutes=1)
    slot.event.save()

    first = services.preview_due_allocations()
    second = services.preview_due_allocations()

    assert [run.time_slot for run in first] == [slot]
    assert second == []
    assert not open_slot.allocation_runs.exists()
