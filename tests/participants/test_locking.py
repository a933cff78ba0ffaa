"""participants.locking: one lock order for every change that takes or frees a seat."""

import threading

import pytest

from participants import services
from participants.locking import LockOrderError, seat_lock
from participants.models import Registration
from tests.factories import EventFactory, RegistrationFactory, WorkshopFactory
from tests.participants.helpers import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_transactions_asking_for_workshops_in_opposite_orders_both_finish():
    event = EventFactory()
    first, second, third = (WorkshopFactory(event=event) for _ in range(3))
    inside = threading.Lock()
    overlaps = []

    def locking(order):
        def run():
            with seat_lock(event.pk) as lock:
                if not inside.acquire(blocking=False):
                    overlaps.append(order)
                locked = lock.workshops(w.pk for w in order)
                inside.release()
                return list(locked)

        return run

    forward, backward = [first, second, third], [third, second, first]
    results = run_at_once([locking(forward), locking(backward)] * 5)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert results == [[first.pk, second.pk, third.pk]] * 10
    assert overlaps == []  # the event row let one transaction in at a time


def test_a_lock_asked_for_out_of_order_is_refused_before_any_row_is_touched():
    event = EventFactory()
    workshop = WorkshopFactory(event=event)
    registration = RegistrationFactory(event=event)

    with pytest.raises(LockOrderError), seat_lock(event.pk) as lock:
        lock.workshops([workshop.pk])
        lock.registration(registration.pk)


def test_cancelling_and_changing_workshops_at_once_never_deadlock():
    event = EventFactory(capacity_onsite=1)
    workshop = WorkshopFactory(event=event, capacity=1)
    holders = RegistrationFactory.create_batch(6, event=event)
    waiting = RegistrationFactory.create_batch(
        6, event=event, status=Registration.Status.WAITLISTED
    )

    calls = [lambda r=r: services.cancel(registration=r) for r in holders] + [
        lambda r=r: services.change_workshops(registration=r, workshops=[workshop])
        for r in waiting
    ]
    results = run_at_once(calls)

    assert [r for r in results if isinstance(r, services.TryAgain)] == []
    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, services.RegistrationError)
    ]
    assert unexpected == []
    seated = Registration.objects.filter(event=event).holding_seat().count()
    assert seated <= 1
