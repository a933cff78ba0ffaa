"""Many people at once, each in their own thread and database connection.

The lock-off variant runs the same code with registering's seat_lock replaced by
one that locks nothing, and must overbook: that proves these tests would notice
if the row locks went missing.
"""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from participants import selectors, services
from participants.locking import SeatLock
from participants.models import EmailMessage, Registration, WorkshopBooking
from participants.services import registration as registering
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopFactory,
)
from tests.participants.helpers import form_data, run_at_once, service_data

pytestmark = pytest.mark.django_db(transaction=True)

Status = Registration.Status
SUBMISSIONS, PLACES = 200, 50


@pytest.fixture(autouse=True)
def _many_at_once(settings):
    settings.RATELIMIT_ENABLE = False  # all threads come from one address
    settings.REGISTRATION_LOCK_TIMEOUT = "120s"  # the last of 200 waits its turn


def submit_all(event, count):
    path = reverse("participants:register", kwargs={"slug": event.slug})
    posts = [form_data() for _ in range(count)]

    def post(data):
        return lambda: Client().post(path, data).status_code

    return run_at_once([post(data) for data in posts])


def test_200_submissions_for_50_places_never_overbook():
    event = EventFactory(capacity_onsite=PLACES)

    statuses = submit_all(event, SUBMISSIONS)

    assert statuses == [302] * SUBMISSIONS
    registrations = Registration.objects.filter(event=event)
    holding = registrations.filter(status=Status.PENDING)
    waiting = registrations.filter(status=Status.WAITLISTED).order_by("queued_at")
    assert registrations.count() == SUBMISSIONS
    assert registrations.values("email").distinct().count() == SUBMISSIONS
    assert (holding.count(), waiting.count()) == (PLACES, SUBMISSIONS - PLACES)
    last_seat = max(holding.values_list("queued_at", flat=True))
    assert all(r.queued_at > last_seat for r in waiting)
    positions = [selectors.waitlist_position(r) for r in waiting]
    assert positions == list(range(1, SUBMISSIONS - PLACES + 1))
    assert EmailMessage.objects.filter(kind="confirm_request").count() == SUBMISSIONS
    print(
        f"\n{SUBMISSIONS} submissions, {PLACES} places: {holding.count()} holding, "
        f"{waiting.count()} waitlisted"
    )


@contextmanager
def seat_lock_without_locks(event_id):
    with transaction.atomic():
        yield SeatLock(Event.objects.get(pk=event_id), timezone.now())


def test_same_submissions_without_lock_overbook(monkeypatch):
    monkeypatch.setattr(registering, "seat_lock", seat_lock_without_locks)
    event = EventFactory(capacity_onsite=PLACES)

    statuses = submit_all(event, SUBMISSIONS)

    assert statuses == [302] * SUBMISSIONS
    holding = Registration.objects.filter(event=event, status=Status.PENDING).count()
    print(f"\nwithout the lock: {holding} holding for {PLACES} places")
    assert holding > PLACES


def test_two_workshops_booked_in_both_orders_neither_overbooks_nor_deadlocks():
    event = EventFactory(capacity_onsite=500)
    a, b = (
        WorkshopFactory(
            event=event, time_slot=TimeSlotFactory(event=event), capacity=20
        )
        for _ in range(2)
    )

    def book(order):
        return lambda: services.register(
            event=event, data=service_data(workshops=order)
        )

    results = run_at_once([book([a, b] if i % 2 else [b, a]) for i in range(100)])

    assert [r for r in results if isinstance(r, Exception)] == []
    for workshop in (a, b):
        bookings = WorkshopBooking.objects.filter(workshop=workshop)
        assert bookings.filter(status="booked").count() == 20
        assert bookings.filter(status="waitlisted").count() == 80


def test_same_email_ten_times_at_once_registers_once():
    event = EventFactory()
    path = reverse("participants:register", kwargs={"slug": event.slug})
    data = form_data(email="eilig@example.org")

    statuses = run_at_once([lambda: Client().post(path, data).status_code] * 10)

    # Every answer is the one a new registration gets (nothing tells who is
    # registered); only one registration is made.
    assert statuses == [302] * 10
    assert Registration.objects.filter(email="eilig@example.org").count() == 1


def test_ten_cancellations_and_two_promotion_runs_promote_exactly_ten_in_order():
    event = EventFactory(capacity_onsite=50)
    holders = RegistrationFactory.create_batch(50, event=event)
    now = timezone.now()
    waiting = [
        RegistrationFactory(
            event=event,
            status=Status.WAITLISTED,
            queued_at=now + timezone.timedelta(seconds=i),
        )
        for i in range(50)
    ]

    def cancel(registration):
        return lambda: services.cancel(registration=registration)

    jobs = [cancel(r) for r in holders[:10]]
    jobs += [lambda: services.promote_waitlist(event=event)] * 2
    results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    promoted = Registration.objects.filter(
        pk__in=[r.pk for r in waiting], status=Status.CONFIRMED
    )
    assert sorted(promoted.values_list("pk", flat=True)) == [r.pk for r in waiting[:10]]
    assert Registration.objects.filter(event=event, status="confirmed").count() == 50
    assert EmailMessage.objects.filter(kind="promoted").count() == 10
