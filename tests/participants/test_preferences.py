"""Workshops allocated by preference, as a registrant sees them: ranked wishes on
the registration form and on the self-service page, on real PostgreSQL."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from participants import selectors, services
from participants.models import Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import MANAGE_LINK, form_data, link_in, sent_to
from tests.participants.helpers import service_data as data_for
from workshops import services as workshop_services
from workshops.models import TimeSlot

pytestmark = pytest.mark.django_db

Booking = WorkshopBooking.Status


@pytest.fixture
def event():
    return EventFactory(capacity_onsite=100)


@pytest.fixture
def slot(event):
    return TimeSlotFactory(
        event=event, label="Nachmittag", allocation=TimeSlot.Allocation.PREFERENCE
    )


@pytest.fixture
def trio(event, slot):
    return [
        WorkshopFactory(event=event, time_slot=slot, code=code, title=title, capacity=1)
        for code, title in (("A", "Offene Daten"), ("B", "Mobilität"), ("C", "Klima"))
    ]


def register_url(event):
    return reverse("participants:register", kwargs={"slug": event.slug})


def wishes(slot, *workshops) -> dict:
    return {f"slot_{slot.pk}_{rank}": str(w.pk) for rank, w in enumerate(workshops, 1)}


def text(response) -> str:
    """The page with runs of whitespace made single spaces."""
    return " ".join(response.content.decode().split())


def ranked(registration) -> list[tuple[str, str, int | None]]:
    return [
        (b.workshop.code, b.status, b.preference_rank)
        for b in registration.bookings.exclude(status=Booking.CANCELLED).order_by(
            "preference_rank", "workshop__code"
        )
    ]


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def submit(event, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(register_url(event), form_data(**data))

    return submit


@pytest.fixture
def opened(client, django_capture_on_commit_callbacks):
    """The manage page of a registration whose personal link this client opened."""

    def open_for(registration):
        with django_capture_on_commit_callbacks(execute=True):
            services.resend_links(email=registration.email)
        path = link_in(sent_to(registration.email)[-1], pattern=MANAGE_LINK)
        assert client.get(path).status_code == 302
        return reverse("participants:manage", args=[registration.pk])

    return open_for


def change_url(registration):
    return reverse("participants:change_workshops", args=[registration.pk])


# The registration form -----------------------------------------------------------


def test_form_ranks_preference_workshops_and_keeps_radios_for_first_come(
    client, event, slot, trio
):
    morning = TimeSlotFactory(event=event, label="Vormittag")
    first_come = WorkshopFactory(event=event, time_slot=morning, title="Rundgang")

    page = text(client.get(register_url(event)))

    for rank in (1, 2, 3):
        assert f'<select name="slot_{slot.pk}_{rank}"' in page
        assert f"{rank}. Wunsch" in page
    assert f'name="slot_{slot.pk}"' not in page  # no radio group for this slot
    assert "Die Plätze in diesen Workshops werden nach Anmeldeschluss verteilt" in page
    assert "beste Zuteilung, die die Plätze zulassen" in page
    assert f'name="slot_{morning.pk}" value=""' in page
    assert f'value="{first_come.pk}"' in page


def test_form_with_two_workshops_in_the_slot_offers_two_wishes(client, event, slot):
    WorkshopFactory(event=event, time_slot=slot)
    WorkshopFactory(event=event, time_slot=slot)

    page = text(client.get(register_url(event)))

    assert f'name="slot_{slot.pk}_2"' in page
    assert f'name="slot_{slot.pk}_3"' not in page
    assert "3. Wunsch" not in page


def test_form_rejects_the_same_workshop_twice_in_german(submit, slot, trio):
    a, b, _c = trio

    response = submit(slot.event, **wishes(slot, a, b, a))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Diesen Workshop haben Sie schon als 1. Wunsch gewählt." in page
    assert "„Kein weiterer Wunsch“" in page
    assert not Registration.objects.exists()


def test_form_needs_a_first_wish(submit, slot, trio):
    response = submit(slot.event)

    assert response.status_code == 400
    assert "Bitte wählen Sie Ihren Wunsch-Workshop." in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_stores_ranked_wishes_and_takes_no_workshop_seat(
    submit, slot, trio
):
    a, b, c = trio
    for workshop in (a, b):  # both full already
        WorkshopBookingFactory(registration__event=slot.event, workshop=workshop)

    response = submit(slot.event, **wishes(slot, b, c, a))

    assert response.status_code == 302
    registration = Registration.objects.exclude(
        pk__in=WorkshopBooking.objects.filter(status=Booking.BOOKED).values(
            "registration"
        )
    ).get()
    assert ranked(registration) == [
        ("B", Booking.REQUESTED, 1),
        ("C", Booking.REQUESTED, 2),
        ("A", Booking.REQUESTED, 3),
    ]
    places = selectors.workshop_places(workshops=trio)
    assert [places[w.pk].taken for w in trio] == [1, 1, 0]
    assert [places[w.pk].waiting for w in trio] == [0, 0, 0]


def test_at_a_hybrid_event_only_people_on_site_need_a_wish(submit, trio):
    event = trio[0].event
    event.format = "hybrid"
    event.capacity_online = 50
    event.save(update_fields=["format", "capacity_online"])
    slot = trio[0].time_slot

    on_site = submit(event, mode="onsite")
    online = submit(event, mode="online", email="online@example.org")

    assert on_site.status_code == 400
    assert "Wer vor Ort teilnimmt, wählt bitte einen Wunsch-Workshop." in text(on_site)
    assert online.status_code == 302
    assert not Registration.objects.get(email="online@example.org").bookings.exists()
    on_site = submit(event, mode="onsite", **wishes(slot, trio[2]))
    assert on_site.status_code == 302


def test_a_wish_left_empty_between_two_others_is_skipped(submit, slot, trio):
    a, _b, c = trio

    submit(
        slot.event, **{f"slot_{slot.pk}_1": str(c.pk), f"slot_{slot.pk}_3": str(a.pk)}
    )

    assert ranked(Registration.objects.get()) == [
        ("C", Booking.REQUESTED, 1),
        ("A", Booking.REQUESTED, 2),
    ]


def test_service_refuses_a_fourth_wish_and_a_doubled_one(event, slot, trio):
    d = WorkshopFactory(event=event, time_slot=slot, code="D")
    a, b, c = trio

    with pytest.raises(services.InvalidChoice) as four:
        services.register(event=event, data=data_for(workshops=[a, b, c, d]))
    with pytest.raises(services.InvalidChoice) as twice:
        services.register(event=event, data=data_for(workshops=[a, a]))

    assert "höchstens drei Wünsche" in str(four.value.message)
    assert "jeden Workshop nur einmal" in str(twice.value.message)
    assert not Registration.objects.exists()


def test_after_the_allocation_the_slot_is_first_come_for_latecomers(
    client, submit, event, slot, trio
):
    a, b, _c = trio
    early = RegistrationFactory(event=event)
    WorkshopBookingFactory(
        registration=early, workshop=a, status=Booking.REQUESTED, preference_rank=1
    )
    run = workshop_services.preview_allocation(time_slot=slot)
    workshop_services.commit_allocation(run=run)

    page = text(client.get(register_url(event)))
    assert f'name="slot_{slot.pk}" value=""' in page
    assert "Offene Daten (ausgebucht – Warteliste)" in page
    assert "1. Wunsch" not in page

    submit(event, email="spaet@example.org", **{f"slot_{slot.pk}": str(b.pk)})
    late = Registration.objects.get(email="spaet@example.org")
    assert ranked(late) == [("B", Booking.BOOKED, None)]


# The self-service page -----------------------------------------------------------


def test_manage_page_shows_wishes_in_order_and_preselects_them(
    client, opened, slot, trio
):
    a, b, c = trio
    registration = RegistrationFactory(event=slot.event)
    for rank, workshop in ((2, c), (1, b)):
        WorkshopBookingFactory(
            registration=registration,
            workshop=workshop,
            status=Booking.REQUESTED,
            preference_rank=rank,
        )

    page = text(client.get(opened(registration)))

    first = page.index("Workshop B: Mobilität (Nachmittag): 1. Wunsch, Zuteilung folgt")
    second = page.index("Workshop C: Klima (Nachmittag): 2. Wunsch, Zuteilung folgt")
    assert first < second
    assert "können Sie Ihre Wünsche auf Ihrer persönlichen Seite ändern." in page
    assert f'<option value="{b.pk}" selected>' in page
    assert f'<option value="{c.pk}" selected>' in page


def test_manage_page_changes_wishes_before_the_allocation(
    client, opened, django_capture_on_commit_callbacks, slot, trio
):
    a, b, c = trio
    registration = RegistrationFactory(event=slot.event)
    services.change_workshops(registration=registration, workshops=[a, b])
    opened(registration)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(registration), wishes(slot, c, a))

    assert response.status_code == 302
    assert ranked(registration) == [
        ("C", Booking.REQUESTED, 1),
        ("A", Booking.REQUESTED, 2),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Ihre Workshop-Auswahl ist gespeichert." in page


def test_manage_page_rejects_the_same_workshop_twice(client, opened, slot, trio):
    a, b, _c = trio
    registration = RegistrationFactory(event=slot.event)
    services.change_workshops(registration=registration, workshops=[a, b])
    opened(registration)

    response = client.post(change_url(registration), wishes(slot, b, b))

    assert response.status_code == 400
    assert "schon als 1. Wunsch gewählt" in response.content.decode()
    assert ranked(registration) == [
        ("A", Booking.REQUESTED, 1),
        ("B", Booking.REQUESTED, 2),
    ]


def test_wishes_are_fixed_once_registration_has_closed(client, opened, slot, trio):
    a, b, c = trio
    registration = RegistrationFactory(event=slot.event)
    services.change_workshops(registration=registration, workshops=[a, b])
    event = slot.event
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save(update_fields=["registration_closes"])
    path = opened(registration)

    page = text(client.get(path))
    response = client.post(change_url(registration), wishes(slot, c))

    assert "Workshop A: Offene Daten (Nachmittag): 1. Wunsch, Zuteilung folgt" in page
    assert "Ihre Wünsche stehen fest" in page
    assert f'name="slot_{slot.pk}_1"' not in page
    assert response.status_code == 400
    assert "Ihre Workshop-Wünsche können nicht mehr geändert werden" in (
        response.content.decode()
    )
    assert ranked(registration) == [
        ("A", Booking.REQUESTED, 1),
        ("B", Booking.REQUESTED, 2),
    ]


def test_manage_page_shows_the_allocated_workshop_after_commit(
    client, opened, slot, trio
):
    a, b, _c = trio
    first = RegistrationFactory(event=slot.event)
    second = RegistrationFactory(event=slot.event)
    for registration in (first, second):
        services.change_workshops(registration=registration, workshops=[a, b])
    run = workshop_services.preview_allocation(time_slot=slot)
    workshop_services.commit_allocation(run=run)

    page = text(client.get(opened(second)))

    assert ranked(second) == [("B", Booking.BOOKED, 2)]
    assert "Workshop B: Mobilität (Nachmittag): Ihnen zugeteilt, Platz reserviert" in (
        page
    )
    assert "Zuteilung folgt" not in page
    assert f'name="slot_{slot.pk}" value=""' in page  # first come from now on


def test_demo_conference_in_menden_takes_ranked_wishes(client):
    call_command("load_demo", verbosity=0)
    event = Event.objects.get(slug="11-regionalkonferenz-menden")
    slot = event.time_slots.get()

    page = text(client.get(register_url(event)))

    assert slot.allocation == TimeSlot.Allocation.PREFERENCE
    assert f'<select name="slot_{slot.pk}_3"' in page
    assert "Workshop D: Musterlösungen für interkommunale Kooperation" in page


def test_wishes_of_someone_not_placed_wait_on_the_first_wish_and_move_up(
    client, opened, slot, trio
):
    a, b, _c = trio
    event = slot.event
    event.capacity_onsite = 1
    event.save(update_fields=["capacity_onsite"])
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    for registration in (seated, waiting):
        for rank, workshop in enumerate((a, b), 1):
            WorkshopBookingFactory(
                registration=registration,
                workshop=workshop,
                status=Booking.REQUESTED,
                preference_rank=rank,
            )
    run = workshop_services.preview_allocation(time_slot=slot)
    workshop_services.commit_allocation(run=run)  # only confirmed seat holders
    assert ranked(waiting) == [("A", Booking.WAITLISTED, 1)]

    services.cancel(registration=seated)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert ranked(waiting) == [("A", Booking.BOOKED, 1)]
    page = text(client.get(opened(waiting)))
    assert "Zuteilung folgt" not in page
    response = client.post(change_url(waiting), {f"slot_{slot.pk}": str(b.pk)})
    assert response.status_code == 302
    assert ranked(waiting) == [("B", Booking.BOOKED, None)]
