"""Registration admin: actions through the registration services, the email log's
resend, and "send message" with a preview before one email per recipient."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from participants.models import Broadcast, EmailMessage, Registration, WorkshopBooking
from tests.admin_support import (
    build_world,
    changelist_url,
    client_for,
    post_action,
    waiting,
)
from tests.factories import RegistrationFactory, WorkshopBookingFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status
Kind = EmailMessage.Kind
REGISTRATIONS = "participants.registration"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def organiser(world):
    return client_for(world.organiser_a)


def kinds(registration):
    return list(
        EmailMessage.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_confirm_gives_an_unconfirmed_holder_their_seat(world, organiser):
    pending = RegistrationFactory(
        event=world.a.event,
        status=Status.PENDING,
        confirmed_at=None,
        hold_expires_at=timezone.now() + timedelta(hours=1),
    )

    post_action(organiser, REGISTRATIONS, "confirm", [pending])

    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    assert pending.confirmed_at is not None
    assert kinds(pending) == [Kind.CONFIRMATION]


def test_confirm_keeps_a_waiting_person_waiting_with_a_confirmed_address(
    world, organiser
):
    person = waiting(world.a.event, confirmed_at=None)

    post_action(organiser, REGISTRATIONS, "confirm", [person])

    person.refresh_from_db()
    assert person.status == Status.WAITLISTED
    assert person.confirmed_at is not None
    assert kinds(person) == [Kind.WAITLISTED]


def test_move_to_waitlist_when_full_frees_the_seat_for_the_longest_waiting(
    world, organiser
):
    event = world.a.event
    event.capacity_onsite = 2
    event.save()
    seated = RegistrationFactory(event=event)
    first = waiting(event)

    response = post_action(organiser, REGISTRATIONS, "move_to_waitlist", [seated])

    assert response.status_code == 302
    seated.refresh_from_db()
    first.refresh_from_db()
    assert seated.status == Status.WAITLISTED
    assert first.status == Status.CONFIRMED
    assert kinds(seated) == [Kind.WAITLISTED]
    assert kinds(first) == [Kind.PROMOTED]


def test_move_to_waitlist_is_refused_while_seats_are_free(world, organiser):
    registration = world.a.registration

    response = post_action(organiser, REGISTRATIONS, "move_to_waitlist", [registration])

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    follow = organiser.get(response.url)
    assert any("sofort wieder nachrücken" in m for m in messages_of(follow))


def test_promote_gives_a_seat_even_when_full_and_says_so(world, organiser):
    event = world.a.event
    event.capacity_onsite = 1
    event.save()
    person = waiting(event)

    response = post_action(organiser, REGISTRATIONS, "promote", [person])

    person.refresh_from_db()
    assert person.status == Status.CONFIRMED
    assert kinds(person) == [Kind.PROMOTED]
    follow = organiser.get(response.url)
    assert any("über die Platzzahl hinaus" in m for m in messages_of(follow))


def test_cancel_frees_the_seat_and_emails_the_person(world, organiser):
    event = world.a.event
    event.capacity_onsite = 1
    event.save()
    person = waiting(event)

    post_action(organiser, REGISTRATIONS, "cancel", [world.a.registration])

    world.a.registration.refresh_from_db()
    person.refresh_from_db()
    assert world.a.registration.status == Status.CANCELLED
    assert Kind.CANCELLED in kinds(world.a.registration)
    assert person.status == Status.CONFIRMED


def test_mark_attended_once_and_only_confirmed(world, organiser):
    pending = RegistrationFactory(
        event=world.a.event, status=Status.PENDING, confirmed_at=None
    )

    post_action(organiser, REGISTRATIONS, "check_in", [world.a.registration, pending])
    first = Registration.objects.get(pk=world.a.registration.pk).checked_in_at
    post_action(organiser, REGISTRATIONS, "check_in", [world.a.registration])

    pending.refresh_from_db()
    assert first is not None
    assert Registration.objects.get(pk=world.a.registration.pk).checked_in_at == first
    assert pending.checked_in_at is None


def test_resend_confirmation_queues_a_new_email_each_time(world, organiser):
    registration = world.a.registration

    post_action(organiser, REGISTRATIONS, "resend_confirmation", [registration])
    post_action(organiser, REGISTRATIONS, "resend_confirmation", [registration])

    assert kinds(registration) == [Kind.CONFIRMATION] * 3  # the logged one + 2
    assert (
        EmailMessage.objects.filter(registration=registration)
        .values("dedupe_key")
        .distinct()
        .count()
        == 3
    )


def test_email_log_resend_copies_the_message(world, organiser):
    original = world.a.email

    post_action(organiser, "participants.emailmessage", "resend", [original])

    copy = EmailMessage.objects.exclude(pk=original.pk).get(
        registration=original.registration
    )
    assert (copy.kind, copy.recipient) == (original.kind, original.recipient)
    assert copy.dedupe_key != original.dedupe_key


def test_registration_list_filters_by_workshop_kind_and_municipality(world, organiser):
    other = WorkshopBookingFactory(registration__event=world.a.event)

    response = organiser.get(
        changelist_url(REGISTRATIONS),
        {"bookings__workshop__id__exact": world.a.workshop.pk},
    )

    assert list(response.context["cl"].result_list) == [world.a.registration]
    response = organiser.get(
        changelist_url(REGISTRATIONS), {"status__exact": "confirmed", "mode": "online"}
    )
    assert response.status_code == 200
    assert other.registration in list(
        organiser.get(
            changelist_url(REGISTRATIONS), {"participant_kind__exact": "administration"}
        )
        .context["cl"]
        .result_list
    )


# Send message ------------------------------------------------------------------


@pytest.fixture
def audience(world):
    """Confirmed and unconfirmed people, in and outside one workshop."""
    event, workshop = world.a.event, world.a.workshop
    other = WorkshopFactory(event=event, title="Anderer Workshop")
    booked = [
        WorkshopBookingFactory(
            registration__event=event,
            registration__first_name=name,
            workshop=workshop,
        ).registration
        for name in ("Anna", "Ben")
    ]
    elsewhere = WorkshopBookingFactory(
        registration__event=event, workshop=other
    ).registration
    waiting_in_workshop = WorkshopBookingFactory(
        registration__event=event,
        workshop=workshop,
        status=WorkshopBooking.Status.WAITLISTED,
    ).registration
    unconfirmed = WorkshopBookingFactory(
        registration__event=event,
        registration__status=Status.PENDING,
        registration__confirmed_at=None,
        workshop=workshop,
    ).registration
    on_list = waiting(event)
    return {
        "booked": booked,
        "elsewhere": elsewhere,
        "waiting_in_workshop": waiting_in_workshop,
        "unconfirmed": unconfirmed,
        "on_list": on_list,
    }


def test_send_message_previews_the_text_and_count_before_anything_is_sent(
    world, organiser, audience
):
    selection = [world.a.registration]

    form = post_action(organiser, REGISTRATIONS, "send_message", selection)
    preview = post_action(
        organiser,
        REGISTRATIONS,
        "send_message",
        selection,
        preview="1",
        subject="Raumänderung",
        body="Wir treffen uns im Saal 2.",
    )

    assert form.status_code == 200
    assert preview.status_code == 200
    content = preview.content.decode()
    # Confirmed: the one in the world, Anna, Ben, elsewhere, waiting_in_workshop.
    assert preview.context["recipient_count"] == 5
    assert "5 Empfängerinnen und Empfänger" in content
    assert preview.context["preview_subject"] == "Raumänderung"
    assert "Wir treffen uns im Saal 2." in preview.context["preview_text"]
    assert "Guten Tag" in preview.context["preview_text"]
    assert "Wir treffen uns im Saal 2." in content
    assert not Broadcast.objects.filter(subject="Raumänderung").exists()
    assert not EmailMessage.objects.filter(kind=Kind.BROADCAST).exists()


def test_send_message_to_a_workshop_reaches_exactly_its_confirmed_participants(
    world, organiser, audience, django_capture_on_commit_callbacks
):
    fields = {
        "subject": "Material für den Workshop",
        "body": "Bitte Laptop mitbringen.",
        "workshop": world.a.workshop.pk,
    }
    preview = post_action(
        organiser,
        REGISTRATIONS,
        "send_message",
        [world.a.registration],
        preview="1",
        **fields,
    )
    # Anna and Ben; the world's own registration only wished for the workshop.
    assert preview.context["recipient_count"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(
            organiser,
            REGISTRATIONS,
            "send_message",
            [world.a.registration],
            send="1",
            **fields,
        )

    assert response.status_code == 302
    broadcast = Broadcast.objects.get(subject="Material für den Workshop")
    assert broadcast.workshop == world.a.workshop
    assert broadcast.created_by == world.organiser_a
    rows = EmailMessage.objects.filter(kind=Kind.BROADCAST)
    expected = {r.pk for r in audience["booked"]}
    assert sorted(rows.values_list("registration_id", flat=True)) == sorted(expected)
    assert set(rows.values_list("broadcast_id", flat=True)) == {broadcast.pk}
    assert all(
        str(broadcast.pk) in key for key in rows.values_list("dedupe_key", flat=True)
    )
    assert len(mail.outbox) == 2
    assert {m.subject for m in mail.outbox} == {"Material für den Workshop"}
    assert all("Bitte Laptop mitbringen." in m.body for m in mail.outbox)


def test_send_message_to_the_event_reaches_each_confirmed_person_once(
    world, organiser, audience
):
    post_action(
        organiser,
        REGISTRATIONS,
        "send_message",
        [world.a.registration],
        send="1",
        subject="Hallo",
        body="Bis bald.",
    )

    rows = EmailMessage.objects.filter(kind=Kind.BROADCAST)
    confirmed = set(
        Registration.objects.filter(
            event=world.a.event, status=Status.CONFIRMED
        ).values_list("pk", flat=True)
    )
    assert sorted(rows.values_list("registration_id", flat=True)) == sorted(confirmed)
    assert audience["unconfirmed"].pk not in confirmed
    assert audience["on_list"].pk not in confirmed


def test_send_message_needs_registrations_of_one_event(world):
    client = client_for(world.superuser)

    response = post_action(
        client,
        REGISTRATIONS,
        "send_message",
        [world.a.registration, world.b.registration],
        send="1",
        subject="x",
        body="y",
    )

    assert response.status_code == 302
    assert not Broadcast.objects.filter(subject="x").exists()


def test_send_message_cannot_target_another_events_workshop(world, organiser):
    response = post_action(
        organiser,
        REGISTRATIONS,
        "send_message",
        [world.a.registration],
        send="1",
        subject="x",
        body="y",
        workshop=world.b.workshop.pk,
    )

    assert response.status_code == 200
    assert "workshop" in response.context["form"].errors
    assert not Broadcast.objects.filter(subject="x").exists()


# Data subject rights from the admin ------------------------------------------------


def same_person_elsewhere(world, registration):
    """The same address registered for the other project's conference."""
    return RegistrationFactory(
        event=world.b.event, email=registration.email, last_name="Zweitprojekt"
    )


def test_data_download_gives_the_address_data_of_the_organisers_events_only(
    world, organiser
):
    mine = world.a.registration
    same_person_elsewhere(world, mine)

    response = post_action(organiser, REGISTRATIONS, "download_personal_data", [mine])

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="datenauskunft.json"'
    )
    [export] = response.json()
    assert export["email"] == mine.email
    assert [r["event"]["title"] for r in export["registrations"]] == [
        world.a.event.title
    ]
    assert "Zweitprojekt" not in response.content.decode()


def test_data_erase_asks_first_then_anonymises_only_the_organisers_events(
    world, organiser
):
    mine = world.a.registration
    elsewhere = same_person_elsewhere(world, mine)

    preview = post_action(organiser, REGISTRATIONS, "erase_personal_data", [mine])
    mine.refresh_from_db()
    assert preview.status_code == 200
    assert mine.email in preview.content.decode()
    assert mine.anonymised_at is None

    done = post_action(
        organiser, REGISTRATIONS, "erase_personal_data", [mine], apply="1", follow=True
    )

    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert "1 Anmeldung anonymisiert." in messages_of(done)
    assert mine.anonymised_at is not None
    assert mine.last_name != "Nachnamea"
    assert elsewhere.anonymised_at is None
    assert elsewhere.last_name == "Zweitprojekt"


def test_door_staff_may_neither_download_nor_erase_personal_data(world):
    staff = client_for(world.staff_a)
    registration = world.a.registration

    for action in ("download_personal_data", "erase_personal_data"):
        response = post_action(staff, REGISTRATIONS, action, [registration], apply="1")
        assert "application/json" not in response.get("Content-Type", "")

    registration.refresh_from_db()
    assert registration.anonymised_at is None


def test_registrations_filter_by_anonymised(world, organiser):
    world.a.registration.anonymised_at = timezone.now()
    world.a.registration.save(update_fields=["anonymised_at"])
    kept = RegistrationFactory(event=world.a.event, last_name="Bleibt")

    response = organiser.get(
        changelist_url(REGISTRATIONS), {"anonymised_at__isempty": "1"}
    )

    assert [r.pk for r in response.context["cl"].result_list] == [kept.pk]


def test_email_log_lists_the_last_error_and_finds_a_correlation_id(world, organiser):
    failed = world.a.email
    failed.status = EmailMessage.Status.FAILED
    failed.last_error = "550 Mailbox unbekannt"
    failed.save(update_fields=["status", "last_error"])

    response = organiser.get(
        changelist_url("participants.emailmessage"), {"q": str(failed.correlation_id)}
    )

    assert [m.pk for m in response.context["cl"].result_list] == [failed.pk]
    assert "550 Mailbox unbekannt" in response.content.decode()
