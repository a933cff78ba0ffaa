"""What each email says: every kind in German and English, links, attachments."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.utils import timezone

from participants.models import EmailMessage, Registration
from participants.outbox.rendering import build
from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

Kind = EmailMessage.Kind


def message_for(registration, kind, **context) -> EmailMessage:
    return EmailMessage.objects.create(
        registration=registration,
        event=registration.event,
        kind=kind,
        dedupe_key=f"test:{kind}:{registration.pk}",
        recipient=registration.email,
        language=registration.language,
        context=context,
    )


def attachments(email) -> dict:
    found = {}
    for item in email.attachments:
        if isinstance(item, tuple):
            found[item[0]] = item
        else:
            found[item.get_filename()] = item
    return found


# Team invitations concern no registration; tests/projects/test_team.py has them.
REGISTRATION_KINDS = [kind for kind in Kind.values if kind != Kind.TEAM_INVITATION]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("kind", REGISTRATION_KINDS)
def test_every_kind_renders_text_and_html_with_absolute_links(kind, language):
    event = EventFactory(email_text="Bitte den Eingang Nord nutzen.")
    registration = RegistrationFactory(event=event, language=language)
    message = message_for(
        registration, kind, subject="Betreff", body="Text", offset_days=7
    )

    email = build(message)

    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}">' in html
    assert email.subject and "\n" not in email.subject
    assert email.extra_headers["X-Correlation-ID"] == str(message.correlation_id)
    assert registration.first_name in email.body
    assert settings.SITE_URL in email.body
    assert 'href="/' not in html  # every link is absolute
    if kind not in (Kind.FOLLOW_UP,):
        assert "Bitte den Eingang Nord nutzen." in email.body


def test_confirmation_has_programme_workshop_calendar_and_checkin_code():
    start = (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    event = EventFactory(start=start, end=start + timedelta(hours=7))
    ProgrammeItemFactory(event=event, title="Podium: Die smarte Region")
    booking = WorkshopBookingFactory(registration__event=event)
    registration = booking.registration

    email = build(message_for(registration, Kind.CONFIRMATION))

    assert "Podium: Die smarte Region" in email.body
    assert booking.workshop.full_title in email.body
    assert str(registration.checkin_code).upper() in email.body
    assert "/anmeldung/link/" in email.body
    files = attachments(email)
    name, ics, mimetype = files[f"{event.slug}.ics"]
    assert mimetype == "text/calendar"
    [vevent] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert vevent.decoded("dtstart") == event.start
    assert vevent.decoded("dtend") == event.end
    assert str(vevent["location"]) == event.venue.address
    assert files["check-in.png"]["Content-ID"] == "<checkin>"


def test_online_participant_gets_livestream_and_no_checkin_code():
    event = EventFactory(
        format="hybrid", livestream_url="https://stream.example.org/konferenz"
    )
    registration = RegistrationFactory(event=event, mode=Registration.Mode.ONLINE)

    email = build(message_for(registration, Kind.REMINDER, offset_days=1))

    assert "https://stream.example.org/konferenz" in email.body
    assert "morgen ist es so weit" in email.body
    assert "check-in.png" not in attachments(email)
    assert event.venue.address not in email.body


def test_waiting_person_gets_no_livestream_link():
    event = EventFactory(format="online", livestream_url="https://stream.example.org")
    registration = RegistrationFactory(
        event=event,
        mode=Registration.Mode.ONLINE,
        status=Registration.Status.WAITLISTED,
    )
    email = build(message_for(registration, Kind.WAITLISTED))
    assert "stream.example.org" not in email.body


def test_follow_up_links_documentation_recording_and_materials():
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(
        start=start,
        end=start + timedelta(hours=8),
        documentation="Ergebnisse der Workshops …",
        recording_url="https://video.example.org/aufzeichnung",
    )
    event.materials.create(title="Folien", url="https://example.org/folien.pdf")
    registration = RegistrationFactory(event=event)

    email = build(message_for(registration, Kind.FOLLOW_UP))

    assert f"{settings.SITE_URL}{event.get_absolute_url()}" in email.body
    assert "https://video.example.org/aufzeichnung" in email.body
    assert "Folien: https://example.org/folien.pdf" in email.body
    assert "/anmeldung/link/" not in email.body  # the event is over


def test_broadcast_uses_the_organisers_subject_and_text():
    registration = RegistrationFactory()
    email = build(
        message_for(
            registration,
            Kind.BROADCAST,
            subject="Raumänderung\nBcc: x@example.org",
            body="Wir sind in Saal 2.",
        )
    )
    assert email.subject == "Raumänderung Bcc: x@example.org"
    assert "Wir sind in Saal 2." in email.body


def test_english_registration_links_to_english_pages():
    registration = RegistrationFactory(language="en")
    email = build(message_for(registration, Kind.CONFIRMATION))
    assert f"{settings.SITE_URL}/en/anmeldung/link/" in email.body


def test_allocation_email_names_the_workshop_or_says_no_seat_was_left():
    registration = RegistrationFactory()

    placed = build(
        message_for(
            registration,
            Kind.WORKSHOP_CHANGED,
            allocated_workshop="B: Smarte Innenstadt",
            time_slot="Workshop-Phase",
        )
    )
    registration.refresh_from_db()
    EmailMessage.objects.all().delete()
    unplaced = build(
        message_for(
            registration,
            Kind.WORKSHOP_CHANGED,
            allocated_workshop=None,
            time_slot="Workshop-Phase",
        )
    )

    assert "Ihnen wurde der Workshop „B: Smarte Innenstadt“ zugeteilt." in placed.body
    assert "„Workshop-Phase“ sind verteilt" in unplaced.body
    assert "kein" in unplaced.body and "Platz für Sie frei" in unplaced.body


# Issue 18: what the person chose, when and where ------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def one_day_event():
    start = datetime(2027, 1, 12, 10, 0, tzinfo=BERLIN)
    return EventFactory(start=start, end=start.replace(hour=17))


def test_when_is_one_date_with_uhr_for_a_one_day_event(one_day_event):
    registration = RegistrationFactory(event=one_day_event)

    email = build(message_for(registration, Kind.CONFIRMATION))

    assert "Wann: 12. Januar 2027, 10:00–17:00 Uhr" in email.body
    assert email.body.count("12. Januar 2027") == 1
    assert "12. Januar 2027, 10:00–17:00 Uhr" in email.alternatives[0][0]


def test_when_in_english_is_british_without_uhr(
    one_day_event, settings, compiled_locale
):
    settings.LOCALE_PATHS = [compiled_locale]
    registration = RegistrationFactory(event=one_day_event, language="en")

    email = build(message_for(registration, Kind.CONFIRMATION))

    assert "12 January 2027, 10:00–17:00" in email.body
    assert "Uhr" not in email.body


def test_when_of_a_two_day_event_names_both_days():
    start = datetime(2021, 8, 26, 10, 0, tzinfo=BERLIN)
    event = EventFactory(start=start, end=datetime(2021, 8, 27, 14, 0, tzinfo=BERLIN))
    registration = RegistrationFactory(event=event)

    email = build(message_for(registration, Kind.CONFIRM_REQUEST))

    assert "26. August 2021, 10:00 Uhr bis 27. August 2021, 14:00 Uhr" in email.body


def test_wishes_are_listed_with_their_rank_in_the_order_chosen(one_day_event):
    slot = TimeSlotFactory(event=one_day_event, label="Workshop-Phase")
    registration = RegistrationFactory(event=one_day_event)
    # Made in another order than ranked, and against the workshops' own order.
    for rank, code in ((2, "A"), (3, "B"), (1, "C")):
        WorkshopBookingFactory(
            registration=registration,
            workshop=WorkshopFactory(event=one_day_event, time_slot=slot, code=code),
            status="requested",
            preference_rank=rank,
        )

    email = build(message_for(registration, Kind.CONFIRM_REQUEST))

    lines = [line for line in email.body.splitlines() if ". Wunsch: " in line]
    assert [line.split(":")[0] for line in lines] == [
        "1. Wunsch",
        "2. Wunsch",
        "3. Wunsch",
    ]
    assert [line.split(": ")[1] for line in lines] == [
        "Workshop C",
        "Workshop A",
        "Workshop B",
    ]
    assert "1. Wunsch" in email.alternatives[0][0]


def test_allocation_email_gives_room_and_time(one_day_event):
    slot = TimeSlotFactory(
        event=one_day_event,
        label="Workshop-Phase",
        start=one_day_event.start.replace(hour=11, minute=30),
        end=one_day_event.start.replace(hour=13),
    )
    workshop = WorkshopFactory(
        event=one_day_event, time_slot=slot, code="B", room="Seminarraum 1"
    )
    booking = WorkshopBookingFactory(
        registration__event=one_day_event, workshop=workshop, status="booked"
    )

    email = build(
        message_for(
            booking.registration,
            Kind.WORKSHOP_CHANGED,
            allocated_workshop=workshop.full_title,
            time_slot=slot.label,
        )
    )

    assert (
        f"Ihnen wurde der Workshop „{workshop.full_title}“ zugeteilt. "
        "Raum und Zeit: Raum Seminarraum 1, 11:30–13:00 Uhr."
    ) in email.body
    assert "Raum Seminarraum 1, 11:30–13:00 Uhr" in email.alternatives[0][0]
