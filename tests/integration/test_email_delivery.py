"""Emails end to end: PostgreSQL, Redis, a Celery worker process, an SMTP server.

Every test counts deliveries by the X-Correlation-ID header each outbox row puts
on its email: "exactly once" means each row's id arrived once and no row is left
unsent.
"""

import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from participants import reminders, services
from participants.models import EmailMessage, Registration
from participants.outbox.queue import queue_email, queue_many
from participants.outbox.tasks import send_email
from participants.services.broadcasts import send_broadcast
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.integration.conftest import wait_until
from tests.participants.helpers import CONFIRM_LINK, service_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Kind = EmailMessage.Kind
Status = EmailMessage.Status
User = get_user_model()
BERLIN = ZoneInfo("Europe/Berlin")


class Boom(Exception):
    pass


def confirmed_registrations(event, count: int) -> list[Registration]:
    now = timezone.now()
    return Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name=f"Gast{i}",
            last_name="Mustermann",
            email=f"gast{i}@example.org",
            participant_kind="administration",
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
            queued_at=now,
        )
        for i in range(count)
    )


def queue_confirmations(registrations) -> list[EmailMessage]:
    with transaction.atomic():
        return [
            queue_email(
                registration=registration,
                kind=Kind.CONFIRMATION,
                dedupe_key=f"confirmed:{registration.pk}",
            )
            for registration in registrations
        ]


def all_sent(messages) -> bool:
    ids = [m.pk for m in messages]
    return not EmailMessage.objects.filter(pk__in=ids).exclude(status=Status.SENT)


def assert_each_once(mailbox, messages) -> None:
    rows = EmailMessage.objects.filter(pk__in=[m.pk for m in messages])
    expected = {str(row.correlation_id) for row in rows}
    counts = mailbox.correlation_counts()
    assert {row.status for row in rows} == {Status.SENT}
    assert set(counts) == expected
    assert set(counts.values()) == {1}


# Transactions -----------------------------------------------------------------


def test_rolled_back_registration_sends_nothing_committed_one_sends_once(mailbox):
    event = EventFactory()
    with pytest.raises(Boom), transaction.atomic():
        services.register(event=event, data=service_data(email="zurueck@example.org"))
        raise Boom

    registration = services.register(
        event=event, data=service_data(email="bleibt@example.org")
    )

    wait_until(lambda: len(mailbox) >= 1, message="the confirmation request")
    message = EmailMessage.objects.get()
    assert message.registration == registration
    assert not Registration.objects.filter(email="zurueck@example.org").exists()
    wait_until(lambda: all_sent([message]), message="the row to be stamped")
    assert [m["To"] for m in mailbox.messages] == ["bleibt@example.org"]
    assert mailbox.correlation_counts() == {str(message.correlation_id): 1}


def test_confirmation_carries_calendar_entry_programme_and_links(mailbox, client):
    start = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    event = EventFactory(
        title="Smarte Region",
        start=start,
        end=start + timedelta(hours=8),
        email_text="Anreise mit dem Bus: Linie 7 bis Stadthalle.",
    )
    ProgrammeItemFactory(event=event, title="Keynote: Daten für alle")
    workshop = WorkshopFactory(event=event, title="Offene Daten")
    registration = services.register(
        event=event, data=service_data(workshops=[workshop])
    )
    wait_until(lambda: mailbox.to(registration.email), message="confirm request")
    [request] = mailbox.to(registration.email)
    path = CONFIRM_LINK.search(request.get_body(("plain",)).get_content()).group(1)
    services.confirm(raw_token=path.rstrip("/").rsplit("/", 1)[1])

    wait_until(lambda: len(mailbox.to(registration.email)) == 2, message="confirm")
    confirmation = mailbox.to(registration.email)[1]
    assert confirmation["Subject"] == "Anmeldung bestätigt: Smarte Region"
    text = confirmation.get_body(("plain",)).get_content()
    assert "Keynote: Daten für alle" in text
    assert "Offene Daten" in text
    assert "Linie 7 bis Stadthalle" in text
    assert str(registration.checkin_code).upper() in text
    html = confirmation.get_body(("html",)).get_content()
    assert 'src="cid:checkin"' in html

    files = {part.get_filename(): part for part in confirmation.iter_attachments()}
    ics = files[f"{event.slug}.ics"]
    assert ics.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == event.start.astimezone(BERLIN)
    assert vevent.decoded("dtend") == event.end.astimezone(BERLIN)
    assert str(vevent["location"]) == event.venue.address
    assert str(vevent["url"]) == f"{settings.SITE_URL}{event.get_absolute_url()}"
    assert client.get(event.get_absolute_url()).status_code == 200
    assert files["check-in.png"].get_content_type() == "image/png"

    manage = text.split("/anmeldung/link/")[1].split("/")[0]
    response = client.get(f"/anmeldung/link/{manage}/", follow=True)
    assert response.status_code == 200
    assert "Offene Daten" in response.content.decode()


# Faults at the SMTP server ------------------------------------------------------


def test_refusing_server_then_accepting_delivers_each_of_500_once(mailbox, smtp_server):
    """451 to every recipient for 30 s, then the port closed for 30 s: a minute
    of refusal while 500 confirmations wait, then open."""
    event = EventFactory()
    mailbox.temporary_refusal = True
    messages = queue_confirmations(confirmed_registrations(event, 500))

    wait_until(
        lambda: not EmailMessage.objects.filter(attempts=0).exists(),
        message="every email to be tried once",
    )
    time.sleep(30)
    smtp_server.stop()
    mailbox.temporary_refusal = False
    time.sleep(30)
    assert len(mailbox) == 0
    smtp_server.start()

    wait_until(lambda: all_sent(messages), timeout=120, message="500 deliveries")
    assert_each_once(mailbox, messages)
    # Each was refused at least once before it went through.
    assert not EmailMessage.objects.filter(attempts__lt=2).exists()
    errors = set(EmailMessage.objects.values_list("last_error", flat=True))
    assert errors == {""}


def test_permanent_refusal_fails_at_once_and_shows_in_the_admin(mailbox, admin_client):
    event = EventFactory()
    mailbox.reject_containing = {"gibt-es-nicht"}
    refused = RegistrationFactory(event=event, email="gibt-es-nicht@example.org")
    fine = RegistrationFactory(event=event, email="gibt-es@example.org")
    [bad, good] = queue_confirmations([refused, fine])

    wait_until(lambda: all_sent([good]), message="the good one")
    wait_until(
        lambda: EmailMessage.objects.filter(pk=bad.pk, status=Status.FAILED).exists(),
        message="the refused one to fail",
    )
    # Retries come after 1-3 s here; give them time to show up if there were any.
    time.sleep(4)
    bad.refresh_from_db()
    assert (bad.status, bad.attempts) == (Status.FAILED, 1)
    assert "550" in bad.last_error
    assert mailbox.rcpt_attempts["gibt-es-nicht@example.org"] == 1

    listing = admin_client.get(
        "/admin/participants/emailmessage/", {"status": "failed"}
    )
    content = listing.content.decode()
    assert "gibt-es-nicht@example.org" in content
    assert "gibt-es@example.org<" not in content
    detail = admin_client.get(f"/admin/participants/emailmessage/{bad.pk}/change/")
    assert "5.1.1 Mailbox unavailable" in detail.content.decode()


# Lost workers and lost queues ---------------------------------------------------


def test_worker_killed_mid_send_and_restarted_loses_and_doubles_nothing(
    mailbox, worker, start_beat
):
    event = EventFactory()
    mailbox.hold_after = 20
    messages = queue_confirmations(confirmed_registrations(event, 60))
    wait_until(lambda: mailbox.held >= 1, message="a send to hang mid-DATA")

    worker.kill()
    mailbox.release()
    assert len(mailbox) == 20
    # The killed worker's tasks wait in Redis for the visibility timeout (an hour);
    # the sweeper re-queues their rows long before.
    worker.start(ready_marker=" ready.")
    start_beat(EMAIL_SWEEP_INTERVAL="1")

    wait_until(lambda: all_sent(messages), timeout=90, message="all 60 sent")
    assert_each_once(mailbox, messages)


def test_flushed_redis_with_mails_queued_sweeper_delivers_them(
    mailbox, worker, redis, start_beat
):
    event = EventFactory()
    worker.stop()
    messages = queue_confirmations(confirmed_registrations(event, 30))
    assert redis.llen("celery") == 30
    redis.flushall()
    worker.start(ready_marker=" ready.")
    assert EmailMessage.objects.filter(status=Status.PENDING).count() == 30

    start_beat(EMAIL_SWEEP_INTERVAL="1")

    wait_until(lambda: all_sent(messages), timeout=60, message="the sweeper")
    assert_each_once(mailbox, messages)


# Duplicates --------------------------------------------------------------------


def test_task_executed_twice_sends_once(mailbox, worker):
    event = EventFactory()
    worker.stop()
    messages = queue_confirmations(confirmed_registrations(event, 40))
    for message in messages:
        send_email.delay(message.pk, 0)
        send_email.delay(message.pk)  # no attempt guard: only the row lock
    worker.start(ready_marker=" ready.")

    wait_until(lambda: all_sent(messages), message="40 emails")
    time.sleep(2)  # the duplicate tasks run out
    assert_each_once(mailbox, messages)


def test_two_beat_schedulers_by_mistake_send_each_reminder_once(mailbox, start_beat):
    event = EventFactory(
        start=timezone.now() + timedelta(hours=20),
        registration_closes=timezone.now(),
    )
    registrations = confirmed_registrations(event, 25)
    Registration.objects.filter(event=event).update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )
    Registration.objects.filter(pk=registrations[0].pk).update(
        status=Registration.Status.CANCELLED
    )
    fast = {"REMINDER_SCAN_INTERVAL": "0.5", "EMAIL_SWEEP_INTERVAL": "0.5"}
    start_beat(**fast)
    start_beat(**fast)

    wait_until(lambda: len(mailbox) >= 24, message="24 reminders")
    time.sleep(3)  # several more scans and sweeps from both schedulers
    reminders_sent = EmailMessage.objects.filter(kind=Kind.REMINDER)
    assert reminders_sent.count() == 24
    assert_each_once(mailbox, reminders_sent)
    assert not mailbox.to(registrations[0].email)
    with translation.override("de"):
        day = date_format(timezone.localtime(event.start), "DATE_FORMAT")
    assert {m["Subject"] for m in mailbox.messages} == {
        f"Erinnerung: {event.full_title} am {day}"
    }


def test_reminders_at_their_offsets_once_each_none_for_cancelled(mailbox):
    event = EventFactory(reminder_days=[])  # the default: 7 days and 1 day
    confirmed = confirmed_registrations(event, 5)
    english = confirmed[0]
    Registration.objects.filter(pk=english.pk).update(language="en")
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    pending = RegistrationFactory(
        event=event, status=Registration.Status.PENDING, confirmed_at=None
    )
    week_before = event.start - timedelta(days=7)

    with time_machine.travel(week_before - timedelta(hours=1), tick=False):
        assert reminders.queue_due_reminders() == 0
    with time_machine.travel(week_before + timedelta(minutes=5), tick=False):
        assert reminders.queue_due_reminders() == 5
        assert reminders.queue_due_reminders() == 0
    wait_until(lambda: len(mailbox) == 5, message="five 7-day reminders")

    with time_machine.travel(event.start - timedelta(days=3), tick=False):
        assert reminders.queue_due_reminders() == 0
    with time_machine.travel(event.start - timedelta(hours=23), tick=False):
        assert reminders.queue_due_reminders() == 5
    wait_until(lambda: len(mailbox) == 10, message="five 1-day reminders")
    with time_machine.travel(event.start + timedelta(minutes=1), tick=False):
        assert reminders.queue_due_reminders() == 0

    sent = EmailMessage.objects.filter(kind=Kind.REMINDER)
    wait_until(lambda: all_sent(sent), message="rows stamped")
    assert_each_once(mailbox, sent)
    for registration in (cancelled, waiting, pending):
        assert not mailbox.to(registration.email)
    texts = [
        m.get_body(("plain",)).get_content() for m in mailbox.to(confirmed[1].email)
    ]
    assert "in 7 Tagen beginnt" in texts[0]
    assert "morgen ist es so weit" in texts[1]
    [english_week, english_day] = mailbox.to(english.email)
    assert "/en/anmeldung/link/" in english_week.get_body(("plain",)).get_content()


def test_broadcast_to_a_workshop_reaches_exactly_its_confirmed_participants(
    mailbox,
):
    event = EventFactory()
    workshop = WorkshopFactory(event=event)
    other = WorkshopFactory(event=event)
    booked = [
        WorkshopBookingFactory(
            workshop=workshop, registration=RegistrationFactory(event=event)
        ).registration
        for _ in range(3)
    ]
    left_out = [
        WorkshopBookingFactory(
            workshop=other, registration=RegistrationFactory(event=event)
        ).registration,
        WorkshopBookingFactory(
            workshop=workshop,
            status="waitlisted",
            registration=RegistrationFactory(event=event),
        ).registration,
        WorkshopBookingFactory(
            workshop=workshop,
            registration=RegistrationFactory(
                event=event, status=Registration.Status.PENDING, confirmed_at=None
            ),
        ).registration,
        WorkshopBookingFactory(
            workshop=workshop,
            status="cancelled",
            registration=RegistrationFactory(event=event),
        ).registration,
        WorkshopBookingFactory(
            workshop=workshop,
            registration=RegistrationFactory(
                event=event, status=Registration.Status.CANCELLED
            ),
        ).registration,
    ]

    broadcast = send_broadcast(
        event=event,
        workshop=workshop,
        subject="Raumänderung für Ihren Workshop",
        body="Wir treffen uns in Raum 2.",
    )

    rows = EmailMessage.objects.filter(broadcast=broadcast)
    wait_until(lambda: len(mailbox) >= 3 and all_sent(rows), message="broadcast")
    time.sleep(1)
    assert sorted(m["To"] for m in mailbox.messages) == sorted(r.email for r in booked)
    assert_each_once(mailbox, rows)
    assert {m["Subject"] for m in mailbox.messages} == {
        "Raumänderung für Ihren Workshop"
    }
    for registration in left_out:
        assert not mailbox.to(registration.email)


# Team invitations ----------------------------------------------------------------


def invite_into(project, email: str):
    """An organiser of ``project`` invites ``email`` in the admin, as in the app."""
    organiser = ProjectMembershipFactory(
        project=project, role=ProjectMembership.Role.ORGANISER
    ).user
    client = Client()
    client.force_login(organiser)
    return client.post(
        reverse("admin:projects_projectmembership_add"),
        {
            "email": email,
            "first_name": "Nora",
            "last_name": "Neu",
            "project": project.pk,
            "role": ProjectMembership.Role.STAFF,
        },
    )


def password_path(sent) -> str:
    body = sent.get_body(("plain",)).get_content()
    pattern = re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+/)"
    return re.search(pattern, body).group(1)


def test_team_invitation_is_sent_once_by_the_worker_and_its_link_works(mailbox):
    project = ProjectFactory(name="5 für Südwestfalen")

    response = invite_into(project, "nora.neu@example.org")

    assert response.status_code == 302
    message = EmailMessage.objects.get(kind=Kind.TEAM_INVITATION)
    wait_until(lambda: all_sent([message]), message="the invitation")
    time.sleep(1)  # a second copy would show up by now
    assert_each_once(mailbox, [message])
    [sent] = mailbox.to("nora.neu@example.org")
    assert "Einladung ins Team von „5 für Südwestfalen“" in sent["Subject"]
    person = Client()
    form = person.get(password_path(sent))
    password = "Einlass-Südwestfalen-2026"
    chosen = person.post(form.url, {"password1": password, "password2": password})
    assert chosen.status_code == 302
    assert User.objects.get(email="nora.neu@example.org").check_password(password)


def test_invitation_while_the_mail_server_is_down_succeeds_and_goes_out_later(
    mailbox, smtp_server
):
    project = ProjectFactory()
    smtp_server.stop()

    response = invite_into(project, "nora.neu@example.org")

    assert response.status_code == 302
    assert project.projectmembership_set.filter(
        user__email="nora.neu@example.org"
    ).exists()
    message = EmailMessage.objects.get(kind=Kind.TEAM_INVITATION)
    wait_until(
        lambda: EmailMessage.objects.filter(pk=message.pk, attempts__gte=2).exists(),
        message="two refused attempts",
    )
    assert len(mailbox) == 0
    smtp_server.start()
    wait_until(lambda: all_sent([message]), message="the invitation, server back")
    time.sleep(1)
    assert_each_once(mailbox, [message])


# Batches (queue_many: reminders, follow-ups, broadcasts; the sweeper) ----------


def queue_batch(registrations) -> list[EmailMessage]:
    rows = [
        EmailMessage(
            registration=registration,
            event_id=registration.event_id,
            kind=Kind.CONFIRMATION,
            dedupe_key=f"batch:{registration.pk}",
            recipient=registration.email,
        )
        for registration in registrations
    ]
    ids = queue_many(messages=rows)
    return list(EmailMessage.objects.filter(pk__in=ids))


def test_batches_deliver_each_once_over_few_connections(mailbox):
    event = EventFactory()
    messages = queue_batch(confirmed_registrations(event, 250))

    wait_until(lambda: all_sent(messages), message="250 deliveries")
    assert_each_once(mailbox, messages)
    # Three batches (100, 100, 50): one SMTP session each.
    assert mailbox.sessions == 3


def test_worker_killed_mid_batch_and_restarted_loses_and_doubles_nothing(
    mailbox, worker, start_beat
):
    event = EventFactory()
    mailbox.hold_after = 30
    messages = queue_batch(confirmed_registrations(event, 150))
    wait_until(lambda: mailbox.held >= 1, message="a batch to hang mid-DATA")
    time.sleep(0.5)  # the other batch commits its last accepted row and hangs too

    worker.kill()
    mailbox.release()
    assert len(mailbox) == 30
    # The sent rows were committed one by one; the held one was never accepted.
    assert EmailMessage.objects.filter(status=Status.SENT).count() == 30
    # The killed worker's batches wait in Redis for the visibility timeout; the
    # sweeper re-queues their rows long before.
    worker.start(ready_marker=" ready.")
    start_beat(EMAIL_SWEEP_INTERVAL="1")

    wait_until(lambda: all_sent(messages), timeout=90, message="all 150 sent")
    assert_each_once(mailbox, messages)


def test_temporary_refusal_in_a_batch_retries_only_that_row(mailbox):
    event = EventFactory()
    registrations = confirmed_registrations(event, 20)
    refused = registrations[7]
    mailbox.refuse_for_now_containing = {refused.email}
    messages = queue_batch(registrations)
    [refused_row] = [m for m in messages if m.registration_id == refused.pk]

    others = [m for m in messages if m != refused_row]
    wait_until(lambda: all_sent(others), message="the 19 others")
    wait_until(
        lambda: EmailMessage.objects.get(pk=refused_row.pk).attempts >= 2,
        message="the refused one to be retried",
    )
    mailbox.refuse_for_now_containing = set()

    wait_until(lambda: all_sent(messages), message="the refused one")
    assert_each_once(mailbox, messages)
    assert mailbox.rcpt_attempts[refused.email] >= 2
    assert {mailbox.rcpt_attempts[r.email] for r in registrations if r != refused} == {
        1
    }
