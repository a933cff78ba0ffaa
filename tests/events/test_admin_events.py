"""Event admin: copy to a new date, publish, unpublish, cancel with emails, and
raising capacity lets waiting people move up."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from events.models import Event, ProgrammeItem
from events.services import capacity_raised, copy_event
from participants.models import EmailMessage, Question, Registration, WorkshopBooking
from tests.admin_support import (
    admin_url,
    build_world,
    change_form_data,
    client_for,
    post_action,
    waiting,
)
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    ProgrammeContributionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopContributionFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def world():
    return build_world()


def full_event(**fields):
    """A winter conference with everything a copy should carry over."""
    event = EventFactory(
        start=datetime(2030, 1, 15, 9, 30, tzinfo=BERLIN),
        end=datetime(2030, 1, 15, 17, 0, tzinfo=BERLIN),
        registration_opens=datetime(2029, 12, 1, 8, 0, tzinfo=BERLIN),
        registration_closes=datetime(2030, 1, 10, 23, 59, tzinfo=BERLIN),
        series_number=10,
        documentation="Bericht",
        **fields,
    )
    event.co_host_municipalities.add(MunicipalityFactory(name="Iserlohn"))
    item = ProgrammeItemFactory(
        event=event,
        title="Keynote",
        start=datetime(2030, 1, 15, 10, 0, tzinfo=BERLIN),
        end=datetime(2030, 1, 15, 10, 45, tzinfo=BERLIN),
    )
    ProgrammeContributionFactory(programme_item=item)
    slot = TimeSlotFactory(
        event=event,
        label="Workshop-Phase",
        start=datetime(2030, 1, 15, 13, 0, tzinfo=BERLIN),
        end=datetime(2030, 1, 15, 15, 0, tzinfo=BERLIN),
    )
    workshop = WorkshopFactory(event=event, time_slot=slot, code="A", title="Daten")
    workshop.designed_by.add(MunicipalityFactory(name="Menden"))
    WorkshopContributionFactory(workshop=workshop)
    StationFactory(workshop=workshop, title="Stadtlabor Iserlohn")
    StationFactory(workshop=workshop, title="Stadtlabor Menden")
    Question.objects.create(event=event, label="Essen?", kind=Question.Kind.TEXT)
    RegistrationFactory(event=event)
    waiting(event)
    return event


def local(value):
    return value.astimezone(BERLIN).replace(tzinfo=None)


def test_copy_keeps_programme_workshops_stations_and_resets_registrations():
    event = full_event()

    copy = copy_event(
        event=event,
        new_start=datetime(2031, 7, 1, 9, 30, tzinfo=BERLIN),
        title="Tagung 2031",
        slug="tagung-2031",
        series_number=11,
    )

    assert (copy.title, copy.slug, copy.series_number) == (
        "Tagung 2031",
        "tagung-2031",
        11,
    )
    assert copy.status == Event.Status.DRAFT
    assert copy.registrations.count() == 0
    assert copy.documentation == ""
    assert copy.host_project == event.host_project
    assert [m.name for m in copy.co_host_municipalities.all()] == ["Iserlohn"]
    item = copy.programme_items.get()
    assert item.title == "Keynote"
    assert [c.speaker for c in item.contributions.all()] == [
        c.speaker for c in event.programme_items.get().contributions.all()
    ]
    workshop = copy.workshops.get()
    assert workshop.title == "Daten"
    assert workshop.time_slot.event == copy
    assert workshop.time_slot.label == "Workshop-Phase"
    assert [s.title for s in workshop.stations.all()] == [
        "Stadtlabor Iserlohn",
        "Stadtlabor Menden",
    ]
    assert [m.name for m in workshop.designed_by.all()] == ["Menden"]
    assert workshop.contributions.count() == 1
    assert list(copy.questions.values_list("label", flat=True)) == ["Essen?"]
    # The original is untouched.
    assert event.workshops.get().stations.count() == 2
    assert event.registrations.count() == 2
    assert WorkshopBooking.objects.filter(workshop__event=copy).count() == 0


def test_copy_shifts_every_time_keeping_the_local_clock_across_summer_time():
    event = full_event()

    copy = copy_event(
        event=event,
        new_start=datetime(2031, 7, 1, 9, 30, tzinfo=BERLIN),
        title="Sommer",
        slug="sommer",
    )

    assert local(copy.start) == datetime(2031, 7, 1, 9, 30)
    assert local(copy.end) == datetime(2031, 7, 1, 17, 0)
    assert local(copy.registration_opens) == datetime(2031, 5, 17, 8, 0)
    assert local(copy.registration_closes) == datetime(2031, 6, 26, 23, 59)
    item = copy.programme_items.get()
    assert (local(item.start), local(item.end)) == (
        datetime(2031, 7, 1, 10, 0),
        datetime(2031, 7, 1, 10, 45),
    )
    slot = copy.time_slots.get()
    assert local(slot.start) == datetime(2031, 7, 1, 13, 0)


def test_copy_action_asks_for_date_title_and_slug_then_opens_the_copy(world):
    client = client_for(world.organiser_a)
    event = world.a.event
    ProgrammeItemFactory(event=event, title="Podium")

    page = post_action(client, "events.event", "copy", [event])
    response = post_action(
        client,
        "events.event",
        "copy",
        [event],
        apply="1",
        start_date="2031-03-04",
        title="Neue Konferenz",
        slug="neue-konferenz",
    )

    assert page.status_code == 200
    assert page.context["form"].initial["title"] == event.title
    copy = Event.objects.get(slug="neue-konferenz")
    assert response.status_code == 302
    assert response.url == admin_url(copy)
    assert local(copy.start).date().isoformat() == "2031-03-04"
    assert local(copy.start).time() == local(event.start).time()
    assert set(copy.programme_items.values_list("title", flat=True)) == set(
        event.programme_items.values_list("title", flat=True)
    )
    assert copy.registrations.count() == 0


def test_copy_action_refuses_a_slug_in_use(world):
    client = client_for(world.organiser_a)

    response = post_action(
        client,
        "events.event",
        "copy",
        [world.a.event],
        apply="1",
        start_date="2031-03-04",
        title="Doppelt",
        slug=world.b.event.slug,
    )

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Event.objects.filter(title="Doppelt").exists()


def test_publish_and_unpublish(world):
    client = client_for(world.organiser_a)
    event = world.a.event
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)

    post_action(client, "events.event", "publish", [event])
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    post_action(client, "events.event", "unpublish", [event])
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_cancel_asks_first_then_emails_every_active_registrant(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world.organiser_a)
    event = world.a.event
    pending = RegistrationFactory(
        event=event, status=Registration.Status.PENDING, confirmed_at=None
    )
    on_list = waiting(event)
    gone = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    active = {world.a.registration.pk, pending.pk, on_list.pk}

    page = post_action(client, "events.event", "cancel", [event])
    event.refresh_from_db()
    assert page.status_code == 200
    assert event.status == Event.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, "events.event", "cancel", [event], apply="1")

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    rows = EmailMessage.objects.filter(kind=EmailMessage.Kind.EVENT_CANCELLED)
    assert set(rows.values_list("registration_id", flat=True)) == active
    assert gone.pk not in set(rows.values_list("registration_id", flat=True))
    assert set(rows.values_list("status", flat=True)) == {EmailMessage.Status.SENT}
    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject == f"Abgesagt: {event.full_title}"
    assert "absagen" in mail.outbox[0].body


def test_cancelling_twice_sends_nothing_more(world):
    client = client_for(world.organiser_a)
    event = world.a.event

    post_action(client, "events.event", "cancel", [event], apply="1")
    post_action(client, "events.event", "cancel", [event], apply="1")

    assert (
        EmailMessage.objects.filter(kind=EmailMessage.Kind.EVENT_CANCELLED).count() == 1
    )


def test_raising_event_capacity_in_the_admin_promotes_people_waiting(world):
    client = client_for(world.organiser_a)
    event = world.a.event
    Event.objects.filter(pk=event.pk).update(capacity_onsite=1)
    first, second = waiting(event), waiting(event)

    data = change_form_data(client.get(admin_url(event)))
    data["capacity_onsite"] = "2"
    response = client.post(admin_url(event), data)

    assert response.status_code == 302, response.context["errors"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert EmailMessage.objects.filter(
        registration=first, kind=EmailMessage.Kind.PROMOTED
    ).exists()


def test_raising_workshop_capacity_books_people_waiting(world):
    client = client_for(world.organiser_a)
    event = world.a.event
    workshop = WorkshopFactory(event=event, capacity=1, code="Z")
    WorkshopBooking.objects.create(
        registration=RegistrationFactory(event=event), workshop=workshop
    )
    person = RegistrationFactory(event=event)
    booking = WorkshopBooking.objects.create(
        registration=person, workshop=workshop, status=WorkshopBooking.Status.WAITLISTED
    )

    data = change_form_data(client.get(admin_url(workshop)))
    data["capacity"] = "2"
    response = client.post(admin_url(workshop), data)

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == WorkshopBooking.Status.BOOKED
    assert Workshop.objects.get(pk=workshop.pk).capacity == 2


@pytest.mark.parametrize(
    ("old", "new", "raised"),
    [(1, 2, True), (5, None, True), (2, 2, False), (2, 1, False), (None, 5, False)],
)
def test_capacity_raised_only_by_more_seats_or_a_lifted_limit(old, new, raised):
    assert capacity_raised(old, new) == raised


def test_programme_item_admin_shows_only_own_events_items(world):
    response = client_for(world.organiser_b).get(admin_url(ProgrammeItem, "changelist"))

    content = response.content.decode()
    assert world.b.item.title in content
    assert world.a.item.title not in content


def test_send_message_from_the_event_list_previews_then_queues(world):
    client = client_for(world.organiser_a)
    event = world.a.event
    RegistrationFactory(event=event)
    fields = {"subject": "Anfahrt", "body": "Parken am Markt."}

    preview = post_action(
        client, "events.event", "send_message", [event], preview="1", **fields
    )
    post_action(client, "events.event", "send_message", [event], send="1", **fields)

    assert preview.context["recipient_count"] == 2
    rows = EmailMessage.objects.filter(kind=EmailMessage.Kind.BROADCAST)
    assert set(rows.values_list("registration__event", flat=True)) == {event.pk}
    assert rows.count() == 2


def test_event_form_shows_when_personal_data_is_purged_and_the_kept_statistics(
    world,
):
    from participants.services.retention import record_statistics

    client = client_for(world.organiser_a)
    event = world.a.event
    Event.objects.filter(pk=event.pk).update(
        start=datetime(2026, 3, 1, 10, tzinfo=BERLIN),
        end=datetime(2026, 3, 1, 16, tzinfo=BERLIN),
        retention_days=30,
    )
    event.refresh_from_db()
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    record_statistics(event=event)

    page = client.get(admin_url(event)).content.decode()

    assert "Personenbezogene Daten werden anonymisiert am" in page
    assert "31. März 2026" in page
    assert "Statistiken" in page
