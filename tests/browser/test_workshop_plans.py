"""The printable plan pages pass axe-core and print without the site chrome."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from events.models import ProgrammeItem
from participants.models import WorkshopBooking
from tests.browser.conftest import assert_accessible
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
from workshops import services
from workshops.models import TimeSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff_page(page, live_server):
    user = get_user_model().objects.create_superuser("orga")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def event():
    event = EventFactory(capacity_onsite=200, title="Regionalkonferenz")
    towns = [MunicipalityFactory(name=n) for n in ("Iserlohn", "Soest", "Arnsberg")]
    for i in range(13):
        RegistrationFactory(
            event=event, last_name=f"Muster{i:02d}", municipality=towns[i % 3]
        )
    return event


def test_speeddating_plan_page_is_accessible_and_prints_only_the_plan(
    staff_page, event
):
    item = ProgrammeItemFactory(
        event=event, kind=ProgrammeItem.Kind.NETWORKING, title="Drei Fragen"
    )
    services.build_speeddating_plan(programme_item=item, rounds=3)

    staff_page.goto(f"/staff/workshops/speeddating/{item.pk}/")

    assert staff_page.get_by_role("heading", name="Tisch je Person und Runde")
    assert staff_page.get_by_role("table", name="Runde 2").is_visible()
    assert_accessible(staff_page)
    staff_page.emulate_media(media="print")
    assert not staff_page.locator(".site-header").is_visible()
    assert staff_page.get_by_role("table", name="Runde 3").is_visible()


def test_world_cafe_and_allocation_pages_are_accessible(staff_page, event):
    cafe = WorkshopFactory(event=event, title="World Café", capacity=None)
    for title in ("Stadtlabor Iserlohn", "Stadtlabor Soest", "Stadtlabor Arnsberg"):
        StationFactory(workshop=cafe, title=title, question=f"Was braucht {title}?")
    for registration in event.registrations.all():
        WorkshopBookingFactory(registration=registration, workshop=cafe)
    services.build_world_cafe_plan(workshop=cafe)

    staff_page.goto(f"/staff/workshops/world-cafe/{cafe.pk}/")

    assert staff_page.get_by_role("columnheader", name="Gruppe 3").is_visible()
    assert_accessible(staff_page)

    slot = TimeSlotFactory(event=event, allocation=TimeSlot.Allocation.PREFERENCE)
    a = WorkshopFactory(event=event, time_slot=slot, code="A", capacity=2)
    WorkshopFactory(event=event, time_slot=slot, code="B", capacity=3)
    for registration in event.registrations.all()[:4]:
        WorkshopBookingFactory(
            registration=registration,
            workshop=a,
            status=WorkshopBooking.Status.REQUESTED,
            preference_rank=1,
        )
    run = services.preview_allocation(time_slot=slot)

    staff_page.goto(f"/staff/workshops/zuteilung/{run.pk}/")

    assert staff_page.get_by_role("table", name="Wie viele Personen").is_visible()
    assert_accessible(staff_page)
