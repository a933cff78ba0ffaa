from django.db import connection


def test_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_factories_build_an_open_conference(db):
    from tests.factories import WorkshopBookingFactory

    booking = WorkshopBookingFactory()

    assert booking.workshop.event == booking.registration.event
    assert booking.registration.event.registration_is_open()
