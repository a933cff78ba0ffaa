"""Workshop admin: allocation by preference (preview, adjust, commit, discard)
and the rotation-plan actions."""

import pytest
from django.urls import reverse

from participants.models import EmailMessage, WorkshopBooking
from tests.admin_support import (
    admin_url,
    build_world,
    changelist_url,
    client_for,
    post_action,
)
from tests.factories import (
    ProgrammeItemFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops.models import AllocationRun, RotationPlan, TimeSlot

pytestmark = pytest.mark.django_db

Booking = WorkshopBooking.Status
Run = AllocationRun.Status


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def organiser(world):
    return client_for(world.organiser_a)


@pytest.fixture
def slot(world):
    """A preference slot with two one-seat workshops that both Anna and Ben want."""
    slot = TimeSlotFactory(
        event=world.a.event,
        label="Nachmittag",
        allocation=TimeSlot.Allocation.PREFERENCE,
    )
    x = WorkshopFactory(event=world.a.event, time_slot=slot, code="X", capacity=1)
    y = WorkshopFactory(event=world.a.event, time_slot=slot, code="Y", capacity=1)
    for name in ("Anna", "Ben"):
        registration = RegistrationFactory(event=world.a.event, first_name=name)
        for rank, workshop in enumerate((x, y), start=1):
            WorkshopBookingFactory(
                registration=registration,
                workshop=workshop,
                status=Booking.REQUESTED,
                preference_rank=rank,
            )
    return slot


def booked(slot):
    return sorted(
        (b.registration.first_name, b.workshop.code)
        for b in WorkshopBooking.objects.filter(
            workshop__time_slot=slot, status=Booking.BOOKED
        ).select_related("registration", "workshop")
    )


def test_allocate_action_stores_a_preview_and_opens_it(organiser, slot):
    response = post_action(organiser, "workshops.timeslot", "allocate", [slot])

    run = AllocationRun.objects.get(time_slot=slot)
    assert run.status == Run.PREVIEW
    assert response.status_code == 302
    assert response.url == reverse("workshops:allocation_preview", args=[run.pk])
    assert booked(slot) == []  # a preview changes no booking


def test_allocate_action_explains_a_first_come_slot(world, organiser):
    slot = TimeSlotFactory(event=world.a.event)

    response = post_action(organiser, "workshops.timeslot", "allocate", [slot])

    follow = organiser.get(response.url)
    assert not AllocationRun.objects.filter(time_slot=slot).exists()
    assert any("nicht nach Wunsch" in str(m) for m in follow.context["messages"])


def test_run_page_adjusts_by_hand_then_commits_and_emails(organiser, slot):
    post_action(organiser, "workshops.timeslot", "allocate", [slot])
    run = AllocationRun.objects.get(time_slot=slot)
    page = organiser.get(admin_url(run))
    anna = next(
        p["registration"]
        for p in run.placements
        if p["workshop"] == slot.workshops.get(code="X").pk
    )
    ben = next(
        p["registration"]
        for p in run.placements
        if p["workshop"] == slot.workshops.get(code="Y").pk
    )

    assert page.status_code == 200
    assert "adjust_form" in page.context
    # Swap: Anna out of X (to nobody), Ben into X, Anna into Y.
    for registration, code in ((anna, None), (ben, "X"), (anna, "Y")):
        workshop = slot.workshops.get(code=code).pk if code else ""
        response = organiser.post(
            reverse("admin:workshops_allocationrun_adjust", args=[run.pk]),
            {"registration": registration, "workshop": workshop},
        )
        assert response.status_code == 302
    run.refresh_from_db()
    adjusted = {p["registration"] for p in run.placements if p["adjusted"]}
    assert adjusted == {anna, ben}

    organiser.post(reverse("admin:workshops_allocationrun_commit", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == Run.COMMITTED
    placed = {b.registration_id: b.workshop.code for b in _booked(slot)}
    assert placed == {anna: "Y", ben: "X"}
    assert (
        EmailMessage.objects.filter(
            kind=EmailMessage.Kind.WORKSHOP_CHANGED, registration_id__in=[anna, ben]
        ).count()
        == 2
    )


def _booked(slot):
    return WorkshopBooking.objects.filter(
        workshop__time_slot=slot, status=Booking.BOOKED
    ).select_related("workshop")


def test_adjust_over_capacity_is_refused_with_the_reason(organiser, slot):
    post_action(organiser, "workshops.timeslot", "allocate", [slot])
    run = AllocationRun.objects.get(time_slot=slot)
    in_y = next(
        p["registration"]
        for p in run.placements
        if p["workshop"] == slot.workshops.get(code="Y").pk
    )

    response = organiser.post(
        reverse("admin:workshops_allocationrun_adjust", args=[run.pk]),
        {"registration": in_y, "workshop": slot.workshops.get(code="X").pk},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("keinen freien Platz" in m for m in messages)


def test_discard_then_commit_says_the_preview_is_closed(organiser, slot):
    post_action(organiser, "workshops.timeslot", "allocate", [slot])
    run = AllocationRun.objects.get(time_slot=slot)

    post_action(organiser, "workshops.allocationrun", "discard", [run])
    response = post_action(organiser, "workshops.allocationrun", "commit", [run])

    run.refresh_from_db()
    assert run.status == Run.DISCARDED
    messages = [str(m) for m in organiser.get(response.url).context["messages"]]
    assert any("keine offene Vorschau" in m for m in messages)
    assert booked(slot) == []


def test_commit_after_wishes_changed_asks_for_a_new_preview(organiser, slot):
    post_action(organiser, "workshops.timeslot", "allocate", [slot])
    run = AllocationRun.objects.get(time_slot=slot)
    WorkshopBooking.objects.filter(workshop__time_slot=slot).first().delete()

    response = organiser.post(
        reverse("admin:workshops_allocationrun_commit", args=[run.pk]), follow=True
    )

    run.refresh_from_db()
    assert run.status == Run.PREVIEW
    assert any("neue Vorschau" in str(m) for m in response.context["messages"])


def test_another_projects_organiser_cannot_adjust_commit_or_discard(world, slot):
    client_a = client_for(world.organiser_a)
    post_action(client_a, "workshops.timeslot", "allocate", [slot])
    run = AllocationRun.objects.get(time_slot=slot)
    client_b = client_for(world.organiser_b)

    for name in ("adjust", "commit", "discard"):
        response = client_b.post(
            reverse(f"admin:workshops_allocationrun_{name}", args=[run.pk]),
            {"registration": run.placements[0]["registration"], "workshop": ""},
        )
        assert response.status_code == 404
    staff = client_for(world.staff_a).post(
        reverse("admin:workshops_allocationrun_commit", args=[run.pk])
    )
    assert staff.status_code in (403, 404)
    run.refresh_from_db()
    assert run.status == Run.PREVIEW
    assert not any(p["adjusted"] for p in run.placements)


def test_speeddating_action_suggests_rounds_and_builds_the_plan(world, organiser):
    event = world.a.event
    item = ProgrammeItemFactory(event=event, title="Speeddating")
    for _ in range(4):
        RegistrationFactory(event=event)
    people = event.registrations.count()  # 5 with the world's own

    page = post_action(organiser, "events.programmeitem", "speeddating_plan", [item])
    response = post_action(
        organiser,
        "events.programmeitem",
        "speeddating_plan",
        [item],
        apply="1",
        rounds=3,
        seed=0,
    )

    assert page.context["form"].initial["rounds"] == min(people - 1, 12)
    assert response.status_code == 302
    assert response.url == reverse("workshops:speeddating_plan", args=[item.pk])
    plan = RotationPlan.objects.get(programme_item=item)
    assert plan.stats["rounds"] == 3
    assert plan.stats["repeats"] == 0


def test_speeddating_action_shows_an_impossible_number_of_rounds(world, organiser):
    item = ProgrammeItemFactory(event=world.a.event)
    RegistrationFactory(event=world.a.event)

    response = post_action(
        organiser,
        "events.programmeitem",
        "speeddating_plan",
        [item],
        apply="1",
        rounds=9,
    )

    assert response.status_code == 200
    assert "rounds" in response.context["form"].errors
    assert not RotationPlan.objects.filter(programme_item=item).exists()


def test_world_cafe_action_builds_the_plan_and_opens_the_printable_page(
    world, organiser
):
    workshop = WorkshopFactory(event=world.a.event, code="WC", capacity=None)
    for n in range(3):
        StationFactory(workshop=workshop, title=f"Tisch {n}", order=n)
    for _ in range(6):
        WorkshopBookingFactory(registration__event=world.a.event, workshop=workshop)

    response = post_action(
        organiser, "workshops.workshop", "world_cafe_plan", [workshop]
    )

    assert response.status_code == 302
    assert response.url == reverse("workshops:world_cafe_plan", args=[workshop.pk])
    plan = RotationPlan.objects.get(workshop=workshop)
    assert plan.stats["people"] == 6
    assert plan.stats["latin_square"] is True


def test_world_cafe_action_explains_missing_stations(world, organiser):
    workshop = WorkshopFactory(event=world.a.event, code="NS")

    response = post_action(
        organiser, "workshops.workshop", "world_cafe_plan", [workshop], follow=True
    )

    assert any("Station" in str(m) for m in response.context["messages"])
    assert not RotationPlan.objects.filter(workshop=workshop).exists()


def test_rotation_plan_list_links_the_printable_pages_of_own_plans(world, organiser):
    response = organiser.get(changelist_url("workshops.rotationplan"))

    content = response.content.decode()
    assert reverse("workshops:speeddating_plan", args=[world.a.item.pk]) in content
    assert reverse("workshops:world_cafe_plan", args=[world.a.workshop.pk]) in content
    assert reverse("workshops:speeddating_plan", args=[world.b.item.pk]) not in content


def test_allocation_run_list_links_the_preview(world, organiser):
    response = organiser.get(changelist_url("workshops.allocationrun"))

    content = response.content.decode()
    assert reverse("workshops:allocation_preview", args=[world.a.run.pk]) in content
    assert reverse("workshops:allocation_preview", args=[world.b.run.pk]) not in content
