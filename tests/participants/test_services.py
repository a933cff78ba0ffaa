from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events.models import Event
from participants import selectors, services
from participants.models import (
    AccessToken,
    Consent,
    EmailMessage,
    Registration,
    WorkshopBooking,
)
from participants.outbox.delivery import deliver
from participants.tokens import hash_token
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopFactory,
)
from tests.participants.helpers import (
    CONFIRM_LINK,
    MANAGE_LINK,
    link_in,
    sent_to,
    service_data,
)

pytestmark = pytest.mark.django_db

Status = Registration.Status
Booking = WorkshopBooking.Status


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the email tasks, eager in tests) as they come."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def register(event, **overrides):
    return services.register(event=event, data=service_data(**overrides))


def token_of(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1).rstrip("/").rsplit("/", 1)[1]


# Registering -------------------------------------------------------------------


def test_register_with_free_seat_holds_it_and_sends_confirm_link(on_commit):
    event = EventFactory(capacity_onsite=2)
    with on_commit():
        registration = register(event, email="Erika@Example.org")

    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert registration.email == "erika@example.org"
    hold = registration.hold_expires_at - registration.queued_at
    assert hold == timedelta(hours=48)
    [message] = sent_to("erika@example.org")
    assert "Bitte bestätigen" in message.subject
    raw = token_of(message)
    assert len(raw) >= 43  # 32 random bytes, base64
    token = AccessToken.objects.get(registration=registration)
    assert token.purpose == AccessToken.Purpose.CONFIRM
    assert token.token_hash == hash_token(raw) != raw
    outbox_row = EmailMessage.objects.get(registration=registration)
    assert outbox_row.status == EmailMessage.Status.SENT
    assert raw not in str(outbox_row.context)


def test_register_when_full_puts_person_on_waiting_list_in_order(on_commit):
    event = EventFactory(capacity_onsite=1)
    register(event)
    with on_commit():
        second = register(event)
        third = register(event)

    assert second.status == Status.WAITLISTED
    assert selectors.waitlist_position(second) == 1
    assert selectors.waitlist_position(third) == 2
    [message] = sent_to(third.email)
    assert "Platz 2 der Warteliste" in message.body
    assert CONFIRM_LINK.search(message.body)


def test_register_unlimited_capacity_never_waitlists():
    event = EventFactory(capacity_onsite=None)
    registrations = [register(event) for _ in range(5)]
    assert {r.status for r in registrations} == {Status.PENDING}


def test_register_same_email_twice_is_refused_case_insensitively():
    event = EventFactory()
    register(event, email="same@example.org")
    with pytest.raises(services.AlreadyRegistered):
        register(event, email="SAME@example.org")
    assert Registration.objects.count() == 1


def test_register_again_after_own_hold_lapsed_replaces_the_old_one():
    event = EventFactory()
    old = register(event, email="late@example.org")
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        new = register(event, email="late@example.org")
    old.refresh_from_db()
    assert old.status == Status.EXPIRED
    assert new.status == Status.PENDING


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"registration_opens": None}, "not_open"),
        ({"registration_opens_in_days": 2}, "not_open"),
        ({"registration_closes_in_days": -1}, "closed"),
        ({"start_in_days": -1}, "past"),
    ],
)
def test_register_when_closed_saves_nothing(changes, reason):
    now = timezone.now()
    fields = {}
    if "status" in changes:
        fields["status"] = changes["status"]
    if "registration_opens" in changes:
        fields["registration_opens"] = None
    if "registration_opens_in_days" in changes:
        fields["registration_opens"] = now + timedelta(days=2)
    if "registration_closes_in_days" in changes:
        fields["registration_closes"] = now - timedelta(days=1)
    if "start_in_days" in changes:
        fields["start"] = now - timedelta(days=1)
        fields["registration_closes"] = None
    event = EventFactory(**fields)

    with pytest.raises(services.RegistrationClosed) as raised:
        register(event)

    assert raised.value.reason == reason
    assert Registration.objects.count() == 0
    assert EmailMessage.objects.count() == 0


def test_register_stores_consents_with_text_version_and_answers():
    event = EventFactory()
    registration = register(
        event,
        consents={"privacy_notice": True, "photos": True, "participant_list": False},
    )
    kinds = {c.kind: c for c in registration.consents.all()}
    assert set(kinds) == {Consent.Kind.PRIVACY_NOTICE, Consent.Kind.PHOTOS}
    assert kinds["photos"].text_version == "2026-1"
    assert "Fotos" in kinds["photos"].text
    assert kinds["photos"].given_at is not None


def test_register_rejects_two_workshops_of_one_time_slot():
    event = EventFactory()
    slot = TimeSlotFactory(event=event)
    first = WorkshopFactory(event=event, time_slot=slot)
    second = WorkshopFactory(event=event, time_slot=slot)
    with pytest.raises(services.InvalidChoice):
        register(event, workshops=[first, second])
    assert Registration.objects.count() == 0


def test_register_rejects_workshop_of_another_event():
    event = EventFactory()
    foreign = WorkshopFactory()
    with pytest.raises(services.InvalidChoice):
        register(event, workshops=[foreign])
    assert Registration.objects.count() == 0


def test_register_full_workshop_waitlists_the_workshop_but_keeps_event_seat():
    event = EventFactory(capacity_onsite=10)
    workshop = WorkshopFactory(event=event, capacity=1)
    first = register(event, workshops=[workshop])
    second = register(event, workshops=[workshop])

    assert second.status == Status.PENDING
    assert first.bookings.get().status == Booking.BOOKED
    booking = second.bookings.get()
    assert booking.status == Booking.WAITLISTED
    assert selectors.booking_position(booking) == 1


def test_event_waitlisted_person_takes_no_workshop_seat():
    event = EventFactory(capacity_onsite=1)
    workshop = WorkshopFactory(event=event, capacity=5)
    register(event)
    waiting = register(event, workshops=[workshop])
    assert waiting.status == Status.WAITLISTED
    assert waiting.bookings.get().status == Booking.WAITLISTED
    places = selectors.workshop_places(workshops=[workshop])
    assert (places[workshop.pk].taken, places[workshop.pk].waiting) == (0, 0)


def test_preference_slot_records_a_wish_without_capacity_check():
    event = EventFactory()
    slot = TimeSlotFactory(event=event, allocation="preference")
    workshop = WorkshopFactory(event=event, time_slot=slot, capacity=0)
    registration = register(event, workshops=[workshop])
    assert registration.bookings.get().status == Booking.REQUESTED


def test_hybrid_event_counts_online_and_onsite_separately():
    event = EventFactory(format="hybrid", capacity_onsite=1, capacity_online=1)
    onsite = register(event, mode="onsite")
    online = register(event, mode="online")
    late = register(event, mode="online")
    assert (onsite.status, online.status, late.status) == (
        Status.PENDING,
        Status.PENDING,
        Status.WAITLISTED,
    )


# Confirming --------------------------------------------------------------------


def test_confirm_confirms_once_and_second_click_says_already_confirmed(on_commit):
    event = EventFactory()
    with on_commit():
        registration = register(event)
    raw = token_of(sent_to(registration.email)[0])

    with on_commit():
        confirmed = services.confirm(raw_token=raw)
    assert confirmed.status == Status.CONFIRMED
    assert confirmed.confirmed_at is not None
    [_, confirmation] = sent_to(registration.email)
    assert "Anmeldung bestätigt" in confirmation.subject
    assert "/anmeldung/link/" in confirmation.body

    with pytest.raises(services.AlreadyConfirmed):
        services.confirm(raw_token=raw)


def test_confirm_of_waitlisted_person_keeps_them_waiting(on_commit):
    event = EventFactory(capacity_onsite=0)
    with on_commit():
        registration = register(event)
    raw = token_of(sent_to(registration.email)[0])
    with on_commit():
        confirmed = services.confirm(raw_token=raw)
    assert confirmed.status == Status.WAITLISTED
    assert confirmed.confirmed_at is not None
    assert "Warteliste" in sent_to(registration.email)[1].subject


def test_confirm_with_forged_token_changes_nothing():
    event = EventFactory()
    registration = register(event)
    with pytest.raises(services.InvalidLink):
        services.confirm(raw_token="x" * 43)
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_confirm_after_expiry_changes_nothing(on_commit):
    event = EventFactory()
    with on_commit():
        registration = register(event)
    raw = token_of(sent_to(registration.email)[0])
    with (
        time_machine.travel(timezone.now() + timedelta(hours=49)),
        pytest.raises(services.LinkExpired),
    ):
        services.confirm(raw_token=raw)
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert registration.confirmed_at is None


def test_confirm_token_cannot_open_the_self_service_page(on_commit):
    event = EventFactory()
    with on_commit():
        registration = register(event)
    raw = token_of(sent_to(registration.email)[0])
    with pytest.raises(services.InvalidLink):
        services.open_manage_link(raw_token=raw)


# Cancelling and promotion ---------------------------------------------------------


def test_cancel_promotes_first_waiting_person_and_emails_them(on_commit):
    event = EventFactory(capacity_onsite=1)
    holder = register(event)
    first_waiting = register(event)
    second_waiting = register(event)
    Registration.objects.filter(pk=first_waiting.pk).update(confirmed_at=timezone.now())

    with on_commit():
        services.cancel(registration=holder)

    holder.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert holder.status == Status.CANCELLED
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITLISTED
    assert selectors.waitlist_position(second_waiting) == 1
    assert "storniert" in sent_to(holder.email)[-1].subject
    promoted = sent_to(first_waiting.email)[-1]
    assert "Platz ist frei" in promoted.subject
    assert "/anmeldung/link/" in promoted.body


def test_promotion_chain_unconfirmed_person_gets_a_fresh_hold_and_confirm_link(
    on_commit,
):
    event = EventFactory(capacity_onsite=1)
    holder = register(event)
    waiting = register(event)
    later = timezone.now() + timedelta(hours=40)
    with time_machine.travel(later):
        with on_commit():
            services.cancel(registration=holder)
        waiting.refresh_from_db()
        assert waiting.status == Status.PENDING
        assert waiting.hold_expires_at >= later + timedelta(hours=47)
        promoted = sent_to(waiting.email)[-1]
        services.confirm(raw_token=token_of(promoted))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_cancel_frees_workshop_seat_for_first_eligible_waiter(on_commit):
    event = EventFactory(capacity_onsite=10)
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(event, workshops=[workshop])
    waiter = register(event, workshops=[workshop])
    with on_commit():
        services.cancel(registration=holder)
    assert waiter.bookings.get().status == Booking.BOOKED
    assert "Workshops" in sent_to(waiter.email)[-1].subject


def test_raising_capacity_and_promoting_fills_new_seats_in_order():
    event = EventFactory(capacity_onsite=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    Event.objects.filter(pk=event.pk).update(capacity_onsite=3)

    promoted = services.promote_waitlist(event=event)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    waiting[2].refresh_from_db()
    assert waiting[2].status == Status.WAITLISTED


def test_promoted_person_gets_their_workshop_seat_quietly():
    event = EventFactory(capacity_onsite=1)
    workshop = WorkshopFactory(event=event, capacity=5)
    holder = register(event)
    waiting = register(event, workshops=[workshop])
    services.cancel(registration=holder)
    assert waiting.bookings.get().status == Booking.BOOKED
    kinds = list(
        EmailMessage.objects.filter(registration=waiting).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["confirm_request", "promoted"]


# Expiry ------------------------------------------------------------------------


def test_release_expired_holds_expires_and_promotes_next(on_commit):
    event = EventFactory(capacity_onsite=1)
    stale = register(event)
    waiting = register(event)
    Registration.objects.filter(pk=waiting.pk).update(confirmed_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(hours=49)), on_commit():
        released = services.release_expired_holds()

    stale.refresh_from_db()
    waiting.refresh_from_db()
    assert released == 1
    assert stale.status == Status.EXPIRED
    assert waiting.status == Status.CONFIRMED
    assert "verfallen" in sent_to(stale.email)[-1].subject


def test_release_expired_holds_leaves_confirmed_and_fresh_ones_alone():
    event = EventFactory(capacity_onsite=5)
    confirmed = RegistrationFactory(event=event)
    fresh = register(event)
    assert services.release_expired_holds() == 0
    confirmed.refresh_from_db()
    fresh.refresh_from_db()
    assert (confirmed.status, fresh.status) == (Status.CONFIRMED, Status.PENDING)


def test_unswept_lapsed_hold_does_not_let_a_newcomer_jump_the_queue():
    event = EventFactory(capacity_onsite=1)
    register(event)
    waiting = register(event)
    with time_machine.travel(timezone.now() + timedelta(hours=47)):
        Registration.objects.filter(pk=waiting.pk).update(confirmed_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        newcomer = register(event)
        assert newcomer.status == Status.WAITLISTED
        services.release_expired_holds()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


# Self-service ---------------------------------------------------------------------


def test_change_workshops_moves_seat_and_promotes_into_the_old_one():
    event = EventFactory()
    slot = TimeSlotFactory(event=event)
    a = WorkshopFactory(event=event, time_slot=slot, capacity=1)
    b = WorkshopFactory(event=event, time_slot=slot, capacity=1)
    mover = register(event, workshops=[a])
    waiter = register(event, workshops=[a])

    services.change_workshops(registration=mover, workshops=[b])

    assert mover.bookings.get(status=Booking.BOOKED).workshop == b
    assert waiter.bookings.get().status == Booking.BOOKED


def test_change_to_full_workshop_keeps_current_seat():
    event = EventFactory()
    slot = TimeSlotFactory(event=event)
    a = WorkshopFactory(event=event, time_slot=slot, capacity=1)
    b = WorkshopFactory(event=event, time_slot=slot, capacity=1)
    mover = register(event, workshops=[a])
    register(event, workshops=[b])

    with pytest.raises(services.WorkshopFull):
        services.change_workshops(registration=mover, workshops=[b])

    [booking] = mover.bookings.all()
    assert (booking.workshop, booking.status) == (a, Booking.BOOKED)


def test_switch_mode_needs_a_free_seat_in_the_other_mode():
    event = EventFactory(format="hybrid", capacity_onsite=1, capacity_online=1)
    onsite = register(event, mode="onsite")
    register(event, mode="online")
    with pytest.raises(services.EventFull):
        services.switch_mode(registration=onsite, mode="online")
    onsite.refresh_from_db()
    assert onsite.mode == "onsite"


def test_switch_mode_frees_seat_for_next_waiting_person():
    event = EventFactory(format="hybrid", capacity_onsite=1, capacity_online=5)
    mover = register(event, mode="onsite")
    waiting = register(event, mode="onsite")
    services.switch_mode(registration=mover, mode="online")
    mover.refresh_from_db()
    waiting.refresh_from_db()
    assert (mover.mode, mover.status) == ("online", Status.PENDING)
    assert waiting.status == Status.PENDING


def test_switch_mode_refused_for_single_format_event():
    event = EventFactory(format="onsite")
    registration = register(event)
    with pytest.raises(services.InvalidChoice):
        services.switch_mode(registration=registration, mode="online")


def test_cancelled_registration_cannot_be_changed():
    event = EventFactory()
    registration = register(event)
    services.cancel(registration=registration)
    with pytest.raises(services.NotChangeable):
        services.cancel(registration=registration)


def test_withdraw_consent_stamps_time_and_keeps_privacy_record():
    event = EventFactory()
    registration = register(event, consents={"privacy_notice": True, "photos": True})
    assert services.withdraw_consent(registration=registration, kind="photos")
    assert not services.withdraw_consent(registration=registration, kind="photos")
    assert not services.withdraw_consent(
        registration=registration, kind="privacy_notice"
    )
    photos = registration.consents.get(kind="photos")
    assert photos.withdrawn_at is not None
    assert registration.consents.get(kind="privacy_notice").withdrawn_at is None


# Links and emails ------------------------------------------------------------------


def test_resend_sends_link_for_registered_address_only_once_per_window(on_commit):
    event = EventFactory()
    registration = register(event)
    with on_commit():
        assert services.resend_links(email=registration.email.upper()) == 1
        assert services.resend_links(email=registration.email) == 1
        assert services.resend_links(email="nobody@example.org") == 0
    assert len(sent_to(registration.email)) == 1
    assert CONFIRM_LINK.search(sent_to(registration.email)[0].body)


def test_resend_for_confirmed_registration_sends_manage_link(on_commit):
    registration = RegistrationFactory()
    with on_commit():
        services.resend_links(email=registration.email)
    [message] = sent_to(registration.email)
    link = link_in(message, pattern=MANAGE_LINK)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.open_manage_link(raw_token=token) == registration


def test_manage_link_expires_after_the_event(on_commit):
    registration = RegistrationFactory()
    with on_commit():
        services.resend_links(email=registration.email)
    body = sent_to(registration.email)[0].body
    token = body.split("/anmeldung/link/")[1].split("/")[0]
    after = registration.event.end + timedelta(days=2)
    with time_machine.travel(after), pytest.raises(services.LinkExpired):
        services.open_manage_link(raw_token=token)


def test_deliver_twice_sends_once(on_commit):
    event = EventFactory()
    registration = register(event)
    message = EmailMessage.objects.get(registration=registration)
    deliver(message_id=message.pk)
    deliver(message_id=message.pk)
    message.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (message.status, message.attempts) == (EmailMessage.Status.SENT, 1)
    assert message.sent_at is not None


def test_email_in_english_links_to_english_pages(on_commit):
    event = EventFactory()
    with on_commit():
        registration = services.register(
            event=event, data=service_data(), language="en"
        )
    body = sent_to(registration.email)[0].body
    assert "/en/anmeldung/bestaetigen/" in body


def test_email_subject_never_carries_a_line_break():
    event = EventFactory(title="Konferenz\nBcc: evil@example.org")
    registration = register(event)
    message = EmailMessage.objects.get(registration=registration)
    deliver(message_id=message.pk)
    [sent] = mail.outbox
    assert "\n" not in sent.subject
    assert sent.to == [registration.email]
