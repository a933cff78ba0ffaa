"""Which reminders and follow-ups the periodic scan finds due, with the clock moved."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events.models import Event
from participants import reminders
from participants.models import EmailMessage, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

Kind = EmailMessage.Kind
Status = Registration.Status


def reminder_keys() -> list[str]:
    return sorted(
        EmailMessage.objects.filter(kind=Kind.REMINDER).values_list(
            "dedupe_key", flat=True
        )
    )


def scan_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return reminders.queue_due_reminders()


def early(event, **fields):
    """A registration confirmed a month before the event."""
    fields.setdefault("confirmed_at", event.start - timedelta(days=30))
    return RegistrationFactory(event=event, **fields)


@pytest.mark.parametrize(
    ("days", "offsets"),
    [([], [7, 1]), ([3], [3]), ([14, "2", 14], [14, 2]), ([0], []), (["x"], [])],
)
def test_offsets_default_to_a_week_and_a_day(days, offsets):
    assert reminders.reminder_offsets(Event(reminder_days=days)) == offsets


def test_each_offset_once_for_confirmed_registrations_only():
    event = EventFactory(reminder_days=[7, 1])
    confirmed = early(event)
    for status in (Status.CANCELLED, Status.WAITLISTED, Status.EXPIRED):
        early(event, status=status)
    early(event, status=Status.PENDING, confirmed_at=None)
    early(event, anonymised_at=timezone.now())

    assert scan_at(event.start - timedelta(days=8)) == 0
    assert scan_at(event.start - timedelta(days=7)) == 1
    assert scan_at(event.start - timedelta(days=6)) == 0
    assert scan_at(event.start - timedelta(hours=20)) == 1
    assert scan_at(event.start - timedelta(hours=1)) == 0
    assert scan_at(event.start + timedelta(hours=1)) == 0

    assert reminder_keys() == [
        f"reminder:{confirmed.pk}:1",
        f"reminder:{confirmed.pk}:7",
    ]


def test_late_confirmation_skips_the_reminders_already_past():
    event = EventFactory(reminder_days=[7, 1])
    late = RegistrationFactory(
        event=event, confirmed_at=event.start - timedelta(days=3)
    )
    assert scan_at(event.start - timedelta(days=2)) == 0
    assert scan_at(event.start - timedelta(hours=12)) == 1
    assert reminder_keys() == [f"reminder:{late.pk}:1"]


def test_beat_down_for_days_sends_only_the_latest_due_reminder():
    event = EventFactory(reminder_days=[7, 1])
    registration = early(event)
    assert scan_at(event.start - timedelta(hours=10)) == 1
    assert reminder_keys() == [f"reminder:{registration.pk}:1"]


def test_cancelled_or_draft_event_gets_no_reminders():
    for status in (Event.Status.CANCELLED, Event.Status.DRAFT):
        early(EventFactory(status=status))
    assert scan_at(timezone.now() + timedelta(days=29, hours=23)) == 0


def test_follow_up_once_documentation_or_recording_exists():
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(start=start, end=start + timedelta(hours=8))
    attended = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Status.CANCELLED)

    assert reminders.queue_follow_ups() == 0
    Event.objects.filter(pk=event.pk).update(recording_url="https://video.example.org")
    assert reminders.queue_follow_ups() == 1
    assert reminders.queue_follow_ups() == 0
    [message] = EmailMessage.objects.filter(kind=Kind.FOLLOW_UP)
    assert message.registration == attended


def test_no_follow_up_for_events_long_past(settings):
    settings.FOLLOW_UP_WITHIN_DAYS = 60
    start = timezone.now() - timedelta(days=90)
    event = EventFactory(
        start=start, end=start + timedelta(hours=8), documentation="Ergebnisse"
    )
    RegistrationFactory(event=event)
    assert reminders.queue_follow_ups() == 0
