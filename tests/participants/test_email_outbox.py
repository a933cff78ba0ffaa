"""The outbox's rules, one delivery at a time against a real SMTP server."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from participants.models import EmailMessage, Registration
from participants.outbox.delivery import deliver
from participants.outbox.queue import queue_email, requeue_stale
from tests.factories import RegistrationFactory
from tests.integration.smtp import SMTPServer
from tests.participants.helpers import run_at_once

Kind = EmailMessage.Kind
Status = EmailMessage.Status


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_MAX_ATTEMPTS = 3
    yield server
    server.stop()


def pending(kind=Kind.CONFIRMATION, **registration_fields) -> EmailMessage:
    registration = RegistrationFactory(**registration_fields)
    with transaction.atomic():
        return queue_email(
            registration=registration, kind=kind, dedupe_key=f"t:{registration.pk}"
        )


@pytest.mark.django_db
def test_sent_once_then_skipped(smtp):
    message = pending()
    assert deliver(message_id=message.pk).status == "sent"
    assert deliver(message_id=message.pk).status == "skipped"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert len(smtp.mailbox) == 1
    [sent] = smtp.mailbox.messages
    assert sent["X-Correlation-ID"] == str(message.correlation_id)
    assert sent["Message-ID"] == f"<{message.correlation_id}@example.org>"


@pytest.mark.django_db
def test_temporary_refusal_keeps_it_pending_with_a_backoff(smtp):
    smtp.mailbox.temporary_refusal = True
    message = pending()
    outcome = deliver(message_id=message.pk)
    message.refresh_from_db()
    assert outcome.status == "retry"
    assert 60 <= outcome.retry_in <= 75  # EMAIL_RETRY_BASE, up to 25 % later
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "451" in message.last_error
    # No personal link survives a failed attempt.
    assert not message.registration.tokens.exists()


@pytest.mark.django_db
def test_connection_refused_is_temporary_until_the_last_attempt(smtp):
    smtp.stop()
    message = pending()
    outcomes = [deliver(message_id=message.pk, attempt=n).status for n in range(3)]
    message.refresh_from_db()
    assert outcomes == ["retry", "retry", "failed"]
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    assert "ConnectionRefusedError" in message.last_error


@pytest.mark.django_db
def test_permanent_refusal_fails_at_once(smtp):
    smtp.mailbox.reject_containing = {"niemand"}
    message = pending(email="niemand@example.org")
    assert deliver(message_id=message.pk).status == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "550" in message.last_error


@pytest.mark.django_db
def test_task_from_an_older_retry_chain_stops(smtp):
    message = pending()
    EmailMessage.objects.filter(pk=message.pk).update(attempts=2)
    assert deliver(message_id=message.pk, attempt=1).status == "skipped"
    assert deliver(message_id=message.pk, attempt=2).status == "sent"
    assert len(smtp.mailbox) == 1


@pytest.mark.django_db
def test_reminder_for_a_registration_cancelled_meanwhile_is_not_sent(smtp):
    message = pending(kind=Kind.REMINDER)
    Registration.objects.filter(pk=message.registration_id).update(
        status=Registration.Status.CANCELLED
    )
    assert deliver(message_id=message.pk).status == "failed"
    message.refresh_from_db()
    assert "nicht mehr bestätigt" in message.last_error
    assert len(smtp.mailbox) == 0


@pytest.mark.django_db(transaction=True)
def test_row_locked_by_another_sender_is_skipped_not_sent_twice(smtp):
    registration = RegistrationFactory()
    message = EmailMessage.objects.create(
        registration=registration,
        event=registration.event,
        kind=Kind.CONFIRMATION,
        dedupe_key="locked",
        recipient=registration.email,
    )
    smtp.mailbox.hold_after = 0  # the first sender hangs at the end of DATA

    def first():
        return deliver(message_id=message.pk).status

    def second():
        deadline = time.monotonic() + 10
        while not smtp.mailbox.held and time.monotonic() < deadline:
            time.sleep(0.01)
        status = deliver(message_id=message.pk).status
        smtp.mailbox.hold_after = None
        smtp.mailbox.release()
        return status

    assert run_at_once([first, second]) == ["retry", "skipped"]
    assert deliver(message_id=message.pk, attempt=1).status == "sent"
    assert len(smtp.mailbox) == 1


@pytest.mark.django_db
def test_sweeper_requeues_only_rows_past_their_last_retry(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_SWEEP_AFTER = 600
    settings.EMAIL_RETRY_BASE = 60
    with django_capture_on_commit_callbacks(execute=False):
        fresh = pending()
        retried = pending()
        done = pending()
    EmailMessage.objects.filter(pk=retried.pk).update(attempts=2)
    EmailMessage.objects.filter(pk=done.pk).update(status=Status.SENT)
    now = timezone.now()

    assert requeue_stale(now=now + timedelta(minutes=9)) == 0
    # Eager tasks here: the sweeper's task delivers at once (locmem backend).
    assert requeue_stale(now=now + timedelta(minutes=11)) == 1
    assert [m.to for m in mail.outbox] == [[fresh.recipient]]
    # Two retries after up to 75 s and 150 s, then ten minutes: 13 min 45 s.
    with time_machine.travel(now + timedelta(minutes=13, seconds=40)):
        assert requeue_stale() == 0
    assert requeue_stale(now=now + timedelta(minutes=13, seconds=50)) == 1
    assert EmailMessage.objects.filter(status=Status.PENDING).count() == 0


@pytest.mark.django_db
def test_reminder_queued_before_the_event_was_cancelled_is_not_sent(smtp):
    message = pending(kind=Kind.REMINDER)
    message.event.status = "cancelled"
    message.event.save()
    assert deliver(message_id=message.pk).status == "failed"
    message.refresh_from_db()
    assert message.last_error == (
        "Nicht gesendet: Status der Veranstaltung ist „Abgesagt“."
    )
    assert len(smtp.mailbox) == 0
