"""The preference flow from registration to allocation and rotation plans, on
real PostgreSQL: citizens rank workshops on the form and confirm by email, the
beat task previews once registration has closed, the organiser commits, everyone
is emailed; cancelling and expiring repair the plans."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.models import ProgrammeItem
from participants import services
from participants.models import EmailMessage, Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import (
    CONFIRM_LINK,
    MANAGE_LINK,
    form_data,
    link_in,
    sent_to,
)
from workshops import selectors, tasks
from workshops import services as workshop_services
from workshops.models import AllocationRun, RotationPlan, TimeSlot

pytestmark = pytest.mark.django_db

Booking = WorkshopBooking.Status


@pytest.fixture
def slot():
    event = EventFactory(capacity_onsite=100)
    return TimeSlotFactory(
        event=event, label="Workshop-Phase", allocation=TimeSlot.Allocation.PREFERENCE
    )


@pytest.fixture
def workshops(slot):
    return [
        WorkshopFactory(event=slot.event, time_slot=slot, code=code, capacity=10)
        for code in "ABC"
    ]


@pytest.fixture
def in_browser(client, settings, django_capture_on_commit_callbacks):
    """GET/POST as a person would, emails delivered as the request commits."""
    settings.REGISTRATION_RATE_LIMIT = "1000/m"

    def send(method, path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(path, data or {})

    return send


def test_thirty_registrants_with_wishes_each_get_one_workshop_and_an_email(
    in_browser, slot, workshops
):
    event = slot.event
    register = reverse("participants:register", kwargs={"slug": event.slug})
    a, b, c = workshops
    # Popular A: two thirds want it first, so ten people cannot have it.
    orders = [(a, b, c), (a, c, b), (b, a, c)]
    emails = []
    for i in range(30):
        email = f"teilnehmerin{i}@example.org"
        first, second, third = orders[i % 3]
        wishes = {
            f"slot_{slot.pk}_1": str(first.pk),
            f"slot_{slot.pk}_2": str(second.pk),
            f"slot_{slot.pk}_3": str(third.pk),
        }
        response = in_browser("post", register, form_data(email=email, **wishes))
        assert response.status_code == 302
        confirm = link_in(sent_to(email)[0], pattern=CONFIRM_LINK)
        assert in_browser("get", confirm).status_code == 302
        emails.append(email)
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 30
    wished = WorkshopBooking.objects.filter(workshop__time_slot=slot)
    assert Counter(wished.values_list("status", "preference_rank")) == {
        (Booking.REQUESTED, 1): 30,
        (Booking.REQUESTED, 2): 30,
        (Booking.REQUESTED, 3): 30,
    }

    with time_machine.travel(event.registration_closes + timedelta(minutes=1)):
        [run_id] = tasks.preview_due_allocations.apply().get()
        assert tasks.preview_due_allocations.apply().get() == []  # once per slot
        run = AllocationRun.objects.get(pk=run_id)
        assert run.status == AllocationRun.Status.PREVIEW
        assert not wished.filter(status=Booking.BOOKED).exists()  # preview only
        summary = selectors.allocation_summary(run=run)
        assert summary.rank_counts == {1: 20, 2: 10}
        workshop_services.commit_allocation(run=run)

    booked = WorkshopBooking.objects.filter(
        workshop__time_slot=slot, status=Booking.BOOKED
    )
    per_person = Counter(booked.values_list("registration__email", flat=True))
    assert sorted(per_person) == sorted(emails)
    assert set(per_person.values()) == {1}
    per_workshop = Counter(booked.values_list("workshop__code", flat=True))
    assert per_workshop == {"A": 10, "B": 10, "C": 10}
    assert not wished.filter(status=Booking.REQUESTED).exists()
    changed = EmailMessage.objects.filter(
        kind=EmailMessage.Kind.WORKSHOP_CHANGED, event=event
    )
    assert sorted(changed.values_list("recipient", flat=True)) == sorted(emails)


def test_preview_task_waits_for_registration_to_close(slot, workshops):
    RegistrationFactory(event=slot.event)

    assert tasks.preview_due_allocations.apply().get() == []

    with time_machine.travel(slot.event.registration_closes + timedelta(seconds=1)):
        assert len(tasks.preview_due_allocations.apply().get()) == 1
    assert AllocationRun.objects.get().status == AllocationRun.Status.PREVIEW


def test_beat_runs_the_preview_task():
    tasks_scheduled = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "workshops.tasks.preview_due_allocations" in tasks_scheduled


# Rotation plans repaired --------------------------------------------------------


@pytest.fixture
def speeddating():
    event = EventFactory(capacity_onsite=50)
    item = ProgrammeItemFactory(
        event=event, kind=ProgrammeItem.Kind.NETWORKING, title="Speeddating"
    )
    people = [RegistrationFactory(event=event) for _ in range(6)]
    plan = workshop_services.build_speeddating_plan(programme_item=item, rounds=3)
    return plan, people


def planned(plan) -> set[int]:
    plan.refresh_from_db()
    return {pk for tables in plan.data["rounds"] for t in tables for pk in t}


def test_cancelling_takes_the_person_out_of_the_speeddating_plan(speeddating):
    plan, people = speeddating
    leaving, *staying = people

    services.cancel(registration=leaving)

    assert planned(plan) == {p.pk for p in staying}
    assert plan.stats["repeats"] == 0
    assert selectors.personal_plan_lines(registration=leaving) == []
    assert len(selectors.personal_plan_lines(registration=staying[0])[0].items) == 3


def test_an_expired_hold_leaves_the_plan_too(speeddating):
    plan, people = speeddating
    unconfirmed = people[0]
    Registration.objects.filter(pk=unconfirmed.pk).update(
        status=Registration.Status.PENDING,
        confirmed_at=None,
        hold_expires_at=timezone.now() - timedelta(minutes=1),
    )

    assert services.release_expired_holds() == 1

    assert unconfirmed.pk not in planned(plan)
    assert len(planned(plan)) == 5


def test_cancelling_leaves_the_world_cafe_groups_balanced(slot):
    cafe = WorkshopFactory(event=slot.event, time_slot=None, capacity=None)
    for title in ("Iserlohn", "Soest"):
        StationFactory(workshop=cafe, title=title)
    people = [
        WorkshopBookingFactory(
            workshop=cafe, registration__event=slot.event
        ).registration
        for _ in range(5)
    ]
    plan = workshop_services.build_world_cafe_plan(workshop=cafe)

    services.cancel(registration=people[0])

    plan.refresh_from_db()
    sizes = sorted(len(g) for g in plan.data["groups"])
    assert sizes == [2, 2]
    assert people[0].pk not in {pk for g in plan.data["groups"] for pk in g}


def test_manage_page_shows_the_personal_plan_line(
    client, django_capture_on_commit_callbacks, speeddating
):
    plan, people = speeddating
    person = people[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_links(email=person.email)
    path = link_in(sent_to(person.email)[-1], pattern=MANAGE_LINK)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(path)

    page = " ".join(
        client.get(reverse("participants:manage", args=[person.pk]))
        .content.decode()
        .split()
    )

    assert "Ihr Platz in den Runden" in page
    assert '<caption class="caption-top">Speeddating</caption>' in page
    [line] = selectors.personal_plan_lines(registration=person)
    for number, place in line.items:
        assert f'<th scope="row">{number}</th><td>{place}</td>' in page
    assert RotationPlan.objects.count() == 1
