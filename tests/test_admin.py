from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from participants.models import Registration
from tests.factories import (
    EventFactory,
    ProgrammeContributionFactory,
    RegistrationFactory,
    StationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def filled_database(db):
    booking = WorkshopBookingFactory()
    StationFactory(workshop=booking.workshop)
    ProgrammeContributionFactory(programme_item__event=booking.registration.event)
    return booking


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_pages_render(admin_client, filled_database, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    response = admin_client.get(changelist)

    assert response.status_code == 200
    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client.get(add_url).status_code in (200, 403)


def test_event_change_page_shows_programme_and_workshops_inline(
    admin_client, filled_database
):
    event = filled_database.registration.event

    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    content = response.content.decode()
    assert filled_database.workshop.title in content
    assert event.programme_items.get().title in content


def test_event_list_shows_places_taken_against_capacity(admin_client, db):
    registration = RegistrationFactory(event__capacity_onsite=40)
    RegistrationFactory(event=registration.event)

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert "2 / 40" in response.content.decode()


def test_workshop_list_shows_bookings_against_capacity(admin_client, filled_database):
    response = admin_client.get(reverse("admin:workshops_workshop_changelist"))

    assert "1 / 20" in response.content.decode()


def _lapsed_hold_and_the_rest(event, now):
    """2 confirmed, 1 unconfirmed hold still running, 1 whose hold ran out (the
    sweeper has not expired it yet), 1 waiting: 3 hold a seat."""
    RegistrationFactory.create_batch(2, event=event)
    pending = {"status": Registration.Status.PENDING, "confirmed_at": None}
    running = RegistrationFactory(
        event=event, hold_expires_at=now + timedelta(minutes=10), **pending
    )
    lapsed = RegistrationFactory(
        event=event, hold_expires_at=now - timedelta(minutes=1), **pending
    )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    return running, lapsed


def test_event_list_counts_no_lapsed_hold_as_a_taken_seat(admin_client, db):
    event = EventFactory(capacity_onsite=10)
    _lapsed_hold_and_the_rest(event, timezone.now())

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert "3 / 10" in response.content.decode()


def test_workshop_list_counts_no_booking_of_a_lapsed_hold(admin_client, db):
    workshop = WorkshopFactory(capacity=10)
    _lapsed_hold_and_the_rest(workshop.event, timezone.now())
    for registration in workshop.event.registrations.exclude(
        status=Registration.Status.WAITLISTED
    ):
        WorkshopBookingFactory(registration=registration, workshop=workshop)

    response = admin_client.get(reverse("admin:workshops_workshop_changelist"))

    assert "3 / 10" in response.content.decode()
