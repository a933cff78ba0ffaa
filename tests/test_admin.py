import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ProgrammeContributionFactory,
    RegistrationFactory,
    StationFactory,
    WorkshopBookingFactory,
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
