"""The drifts that repeated rules caused, each pinned by what a person sees.

Seats, open registration and full events each have one rule (Registration.seat_q,
Event.registration_closed_reason, Places.full); these tests hold every place
that shows or uses them to it.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import selectors, services
from participants.models import Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import (
    CONFIRM_LINK,
    form_data,
    link_in,
    sent_to,
    service_data,
)
from tests.visible_text import visible_texts
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

Status = Registration.Status
Booking = WorkshopBooking.Status


def page_text(response) -> str:
    return " ".join(visible_texts(response.content.decode()))


def register_url(event):
    return reverse("participants:register", kwargs={"slug": event.slug})


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def submit(event, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(register_url(event), form_data(**data), follow=True)

    return submit


# Holding a seat ------------------------------------------------------------------


def seats_of_each_kind(event, workshop=None):
    """2 confirmed, 1 unexpired hold, 1 lapsed hold, 1 waiting: 3 hold a seat."""
    past = timezone.now() - timedelta(minutes=1)
    future = timezone.now() + timedelta(hours=1)
    people = [
        RegistrationFactory(event=event),
        RegistrationFactory(event=event),
        RegistrationFactory(
            event=event,
            status=Status.PENDING,
            confirmed_at=None,
            hold_expires_at=future,
        ),
        RegistrationFactory(
            event=event,
            status=Status.PENDING,
            confirmed_at=None,
            hold_expires_at=past,
        ),
        RegistrationFactory(event=event, status=Status.WAITLISTED),
    ]
    if workshop is not None:
        for person in people:
            WorkshopBookingFactory(registration=person, workshop=workshop)
    return people


def test_a_lapsed_hold_takes_no_seat_anywhere(client):
    event = EventFactory(capacity_onsite=10)
    workshop = WorkshopFactory(event=event, capacity=10)
    seats_of_each_kind(event, workshop)

    places = selectors.event_places(event=event)["onsite"]
    workshop_places = selectors.workshop_places(workshops=[workshop])[workshop.pk]
    page = page_text(client.get(event.get_absolute_url()))

    assert Registration.objects.filter(event=event).holding_seat().count() == 3
    assert (places.taken, places.waiting, places.free) == (3, 1, 6)
    assert workshop_places.taken == 3
    assert "noch 6 von 10 Plätzen frei" in page


# Workshops take place on site ----------------------------------------------------


@pytest.fixture
def hybrid():
    event = EventFactory(format="hybrid", capacity_onsite=10, capacity_online=10)
    slot = TimeSlotFactory(event=event)
    return event, WorkshopFactory(event=event, time_slot=slot, code="A")


def test_online_registrant_choosing_a_workshop_is_told_and_nothing_is_saved(
    submit, hybrid
):
    event, workshop = hybrid
    slot = workshop.time_slot

    response = submit(event, mode="online", **{f"slot_{slot.pk}": str(workshop.pk)})

    assert response.status_code == 400
    assert "Die Workshops finden vor Ort statt" in page_text(response)
    assert not Registration.objects.filter(event=event).exists()


def test_service_refuses_a_workshop_seat_or_wish_for_online_registrants(hybrid):
    event, workshop = hybrid
    wish_slot = TimeSlotFactory(event=event, allocation="preference")
    wished = WorkshopFactory(event=event, time_slot=wish_slot, code="B")

    for chosen in (workshop, wished):
        with pytest.raises(services.InvalidChoice) as refused:
            services.register(
                event=event, data=service_data(mode="online", workshops=[chosen])
            )
        assert "vor Ort" in str(refused.value.message)
    assert not Registration.objects.filter(event=event).exists()
    online = services.register(event=event, data=service_data(mode="online"))
    assert online.mode == "online"


def test_switching_online_gives_the_workshop_seat_to_the_next_in_line(hybrid):
    event, workshop = hybrid
    workshop.capacity = 1
    workshop.save()
    first = services.register(
        event=event, data=service_data(mode="onsite", workshops=[workshop])
    )
    second = services.register(
        event=event, data=service_data(mode="onsite", workshops=[workshop])
    )
    assert second.bookings.get().status == Booking.WAITLISTED

    services.switch_mode(registration=first, mode="online")

    assert not first.bookings.exclude(status=Booking.CANCELLED).exists()
    assert second.bookings.get().status == Booking.BOOKED


def test_online_person_at_a_hybrid_event_gets_no_workshop_form(client, hybrid):
    event, _workshop = hybrid
    registration = RegistrationFactory(event=event, mode="online")
    session = client.session
    session["participants_manage"] = [registration.pk]
    session.save()

    response = client.get(reverse("participants:manage", args=[registration.pk]))

    assert "Workshops speichern" not in page_text(response)
    assert "Die Workshops finden vor Ort statt" in page_text(response)


# Allocation places confirmed people only -----------------------------------------


def test_allocation_places_confirmed_on_site_people_only():
    event = EventFactory(format="hybrid", capacity_onsite=10, capacity_online=10)
    slot = TimeSlotFactory(event=event, allocation="preference")
    a = WorkshopFactory(event=event, time_slot=slot, code="A", capacity=5)
    confirmed = RegistrationFactory(event=event)
    unconfirmed = RegistrationFactory(
        event=event,
        status=Status.PENDING,
        confirmed_at=None,
        hold_expires_at=timezone.now() + timedelta(hours=4),
    )
    online = RegistrationFactory(event=event, mode="online")
    for person in (confirmed, unconfirmed, online):
        WorkshopBookingFactory(
            registration=person, workshop=a, status=Booking.REQUESTED, preference_rank=1
        )

    run = workshop_services.preview_allocation(time_slot=slot)
    workshop_services.commit_allocation(run=run)

    assert [p["registration"] for p in run.placements] == [confirmed.pk]
    assert confirmed.bookings.get().status == Booking.BOOKED
    # Who had not confirmed keeps a place in the queue of the first wish.
    assert unconfirmed.bookings.get().status == Booking.WAITLISTED


# The confirmation link after cancelling ------------------------------------------


@pytest.mark.parametrize("confirmed_first", [True, False])
def test_confirmation_link_opened_after_cancelling_says_cancelled(
    client, submit, confirmed_first
):
    event = EventFactory()
    submit(event, email="storno@example.org")
    path = link_in(sent_to("storno@example.org")[0], pattern=CONFIRM_LINK)
    if confirmed_first:
        assert client.get(path).status_code == 302
    registration = Registration.objects.get(email="storno@example.org")
    services.cancel(registration=registration)

    response = client.get(path)

    text = page_text(response)
    assert response.status_code == 410
    assert "storniert" in text
    assert "Bereits bestätigt" not in text


# A full event says "Warteliste" before and after sending --------------------------


def test_full_event_says_waiting_list_on_its_page_form_and_done_page(client, submit):
    event = EventFactory(capacity_onsite=1)
    RegistrationFactory(event=event)

    event_page = page_text(client.get(event.get_absolute_url()))
    form_html = client.get(register_url(event)).content.decode()
    form_page = " ".join(visible_texts(form_html))
    done_page = page_text(submit(event, email="spaet@example.org"))

    assert "Anmeldung offen" not in event_page
    assert "Warteliste" in event_page
    assert "kommen Sie auf die Warteliste" in form_page
    assert 'value="Auf die Warteliste setzen"' in form_html
    assert "Warteliste" in done_page
    assert "So lange halten wir Ihren Platz frei" not in done_page
    registration = Registration.objects.get(email="spaet@example.org")
    assert registration.status == Status.WAITLISTED


def test_event_with_a_free_seat_still_says_register(client, submit):
    event = EventFactory(capacity_onsite=2)
    RegistrationFactory(event=event)

    event_page = page_text(client.get(event.get_absolute_url()))
    done_page = page_text(submit(event, email="frueh@example.org"))

    assert "Anmeldung offen" in event_page
    assert "Auf die Warteliste" not in event_page
    assert "So lange halten wir Ihren Platz frei" in done_page
