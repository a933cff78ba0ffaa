"""Retention: registrations of events past their period are anonymised, counts stay."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from participants import services
from participants.models import (
    AccessToken,
    Answer,
    Consent,
    EmailMessage,
    EventStatistic,
    Needs,
    Question,
    Registration,
)
from participants.services.retention import (
    anonymise_due_events,
    purge_date,
)
from participants.tasks import anonymise_due_events as anonymise_task
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import service_data

pytestmark = pytest.mark.django_db

Dimension = EventStatistic.Dimension


def past_event(days_ago=200, **kwargs):
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(
        start=start,
        end=start + timedelta(hours=8),
        registration_opens=start - timedelta(days=30),
        registration_closes=start - timedelta(days=1),
        **kwargs,
    )


def filled_registration(event, **kwargs):
    registration = RegistrationFactory(
        event=event,
        first_name="Erika",
        last_name="Mustermann",
        email="erika@example.org",
        organisation="Stadt Iserlohn",
        **kwargs,
    )
    Needs.objects.create(registration=registration, step_free=True, notes="vegan")
    question = Question.objects.create(event=event, label="Anreise", kind="text")
    Answer.objects.create(registration=registration, question=question, value="Bahn")
    Consent.objects.create(
        registration=registration,
        kind=Consent.Kind.PHOTOS,
        text_version="2026-1",
        text="Fotos",
        given_at=event.start - timedelta(days=3),
    )
    AccessToken.objects.create(
        registration=registration,
        purpose=AccessToken.Purpose.MANAGE,
        token_hash="a" * 64,
        expires_at=event.end,
    )
    EmailMessage.objects.create(
        registration=registration,
        event=event,
        kind=EmailMessage.Kind.CONFIRMATION,
        dedupe_key=f"confirmed:{registration.pk}",
        recipient=registration.email,
        context={"name": "Erika"},
        status=EmailMessage.Status.SENT,
        sent_at=event.start - timedelta(days=3),
        last_error="550 mailbox full for erika@example.org",
    )
    return registration


def test_purge_date_defaults_to_settings_days_after_the_end():
    event = past_event()

    assert purge_date(event) == event.end + timedelta(days=settings.RETENTION_DAYS)


def test_purge_date_follows_the_events_own_period():
    event = past_event(retention_days=30)

    assert purge_date(event) == event.end + timedelta(days=30)


def test_anonymise_removes_everything_that_names_the_person():
    event = past_event()
    registration = filled_registration(event)

    result = anonymise_due_events()

    registration.refresh_from_db()
    assert result == {event.pk: 1}
    assert (registration.first_name, registration.last_name) == (
        "Anonymisiert",
        "Anonymisiert",
    )
    assert registration.email == f"{registration.pk}@anonymisiert.invalid"
    assert registration.organisation == ""
    assert not Needs.objects.filter(registration=registration).exists()
    assert registration.anonymised_at is not None
    assert Answer.objects.count() == 0
    assert AccessToken.objects.count() == 0
    message = EmailMessage.objects.get()
    assert message.recipient.endswith("@anonymisiert.invalid")
    assert (message.context, message.last_error) == ({}, "")
    assert (message.kind, message.status) == ("confirmation", "sent")
    assert (
        "erika"
        not in repr(
            list(Registration.objects.values()) + list(EmailMessage.objects.values())
        ).lower()
    )


def test_anonymise_changes_the_checkin_code_printed_on_the_badge():
    registration = filled_registration(past_event())
    old_code = registration.checkin_code

    anonymise_due_events()

    registration.refresh_from_db()
    assert registration.checkin_code != old_code


def test_event_within_its_period_keeps_its_data():
    recent = past_event(days_ago=30)
    upcoming = EventFactory()
    kept = [filled_registration(recent), RegistrationFactory(event=upcoming)]

    assert anonymise_due_events() == {}

    for registration in kept:
        registration.refresh_from_db()
        assert registration.anonymised_at is None
    assert Answer.objects.count() == 1


def test_short_retention_of_one_event_is_honoured():
    event = past_event(days_ago=10, retention_days=7)
    filled_registration(event)

    assert anonymise_due_events() == {event.pk: 1}


def test_the_date_given_decides():
    event = past_event(days_ago=10)
    filled_registration(event)

    assert anonymise_due_events() == {}
    assert anonymise_due_events(now=purge_date(event)) == {event.pk: 1}


def test_headcounts_and_attendance_survive_as_statistics():
    event = past_event()
    iserlohn = MunicipalityFactory(name="Iserlohn")
    workshop = WorkshopFactory(event=event, code="A", title="Offene Daten")
    present = event.start + timedelta(minutes=5)
    for kind, town, checked_in in [
        ("administration", iserlohn, present),
        ("administration", iserlohn, None),
        ("politics", None, present),
    ]:
        registration = RegistrationFactory(
            event=event,
            participant_kind=kind,
            municipality=town,
            checked_in_at=checked_in,
        )
        WorkshopBookingFactory(registration=registration, workshop=workshop)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    anonymise_due_events()

    figures = {
        (s.dimension, s.label): (s.count, s.attended)
        for s in EventStatistic.objects.filter(event=event)
    }
    assert figures[(Dimension.TOTAL, "Bestätigte Anmeldungen")] == (3, 2)
    assert figures[(Dimension.KIND, "Kommune / Verwaltung")] == (2, 1)
    assert figures[(Dimension.KIND, "Politik")] == (1, 1)
    assert figures[(Dimension.MUNICIPALITY, "Iserlohn")] == (2, 1)
    assert figures[(Dimension.MUNICIPALITY, "Keine Angabe")] == (1, 1)
    assert figures[(Dimension.MODE, "Vor Ort")] == (3, 2)
    assert figures[(Dimension.WORKSHOP, "A: Offene Daten")] == (3, 2)
    assert figures[(Dimension.STATUS, "Bestätigt")] == (3, None)
    assert figures[(Dimension.STATUS, "Storniert")] == (1, None)
    # The anonymous rows themselves still give the same headcount.
    assert Registration.objects.filter(event=event).confirmed().count() == 3


def test_consent_counts_are_kept():
    event = past_event()
    filled_registration(event)

    anonymise_due_events()

    consent = EventStatistic.objects.get(event=event, dimension=Dimension.CONSENT)
    assert (consent.key, consent.count) == ("photos", 1)


def test_running_twice_changes_nothing():
    event = past_event()
    registration = filled_registration(event)
    anonymise_due_events()
    registration.refresh_from_db()
    figures = list(EventStatistic.objects.values_list("dimension", "key", "count"))

    assert anonymise_due_events() == {}

    again = Registration.objects.get(pk=registration.pk)
    assert again.anonymised_at == registration.anonymised_at
    assert list(EventStatistic.objects.values_list("dimension", "key", "count")) == (
        figures
    )


def test_unsent_emails_of_a_purged_event_are_dropped_never_sent():
    event = past_event()
    registration = filled_registration(event)
    EmailMessage.objects.create(
        registration=registration,
        event=event,
        kind=EmailMessage.Kind.FOLLOW_UP,
        dedupe_key="follow_up:1",
        recipient=registration.email,
    )

    anonymise_due_events()

    assert list(EmailMessage.objects.values_list("kind", flat=True)) == ["confirmation"]


def test_purged_event_accepts_no_registration_data_in_the_dashboard_search():
    from participants.staff.checkin import search

    event = past_event()
    filled_registration(event)

    anonymise_due_events()

    assert list(search(event=event, text="Anonymisiert")) == []


def test_nightly_task_runs_the_service():
    event = past_event()
    filled_registration(event)

    assert anonymise_task.delay().get() == {str(event.pk): 1}


def test_nightly_task_is_in_the_beat_schedule():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert "participants.tasks.anonymise_due_events" in tasks


def test_registration_through_the_service_is_anonymised_later():
    event = EventFactory()
    registration = services.register(event=event, data=service_data())
    event.start = timezone.now() - timedelta(days=200)
    event.end = event.start + timedelta(hours=8)
    event.save()

    anonymise_due_events()

    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert not EmailMessage.objects.exclude(
        recipient__endswith="@anonymisiert.invalid"
    ).exists()


def test_staff_dashboard_says_when_the_data_will_be_purged(admin_client):
    event = EventFactory(retention_days=30)

    page = admin_client.get(f"/staff/{event.slug}/").content.decode()

    expected = purge_date(event).astimezone(timezone.get_current_timezone())
    assert "Personenbezogene Daten werden am" in page
    assert f"{expected.day}. " in page
    assert str(expected.year) in page


def test_staff_dashboard_of_a_purged_event_keeps_its_figures(admin_client):
    event = past_event()
    RegistrationFactory(event=event, checked_in_at=event.start)
    anonymise_due_events()

    page = admin_client.get(f"/staff/{event.slug}/").content.decode()

    assert "die personenbezogenen Daten sind anonymisiert" in page.replace(
        "Die personenbezogenen", "die personenbezogenen"
    )
    assert "1 von 1 bestätigten Personen eingecheckt" in page
