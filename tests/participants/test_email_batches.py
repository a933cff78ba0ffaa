"""Batches of outbox rows: one SMTP connection, and still each row's own rules."""

import time

import pytest
from django.db import transaction

from participants.models import EmailMessage
from participants.outbox.batch import deliver_batch
from participants.outbox.queue import BATCH_SIZE, queue_many
from participants.outbox.rendering import build
from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
)
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


def reminders(count: int, **registration_fields) -> list[EmailMessage]:
    event = EventFactory()
    ProgrammeItemFactory(event=event, title="Eröffnung")
    rows = []
    for n in range(count):
        registration = RegistrationFactory(
            event=event, email=f"gast{n}@example.org", **registration_fields
        )
        rows.append(
            EmailMessage.objects.create(
                registration=registration,
                event=event,
                kind=Kind.REMINDER,
                dedupe_key=f"reminder:{registration.pk}:7",
                recipient=registration.email,
                language="en" if n % 2 else "de",
                context={"offset_days": 7},
            )
        )
    return rows


def run(rows, attempt=0) -> list[str]:
    items = [(row.pk, attempt) for row in rows]
    return [outcome.status for _pk, outcome in deliver_batch(items=items)]


@pytest.mark.django_db
def test_batch_sends_each_once_over_one_connection(smtp):
    rows = reminders(6, status="confirmed")

    assert run(rows) == ["sent"] * 6
    assert run(rows) == ["skipped"] * 6

    counts = smtp.mailbox.correlation_counts()
    assert counts == {str(row.correlation_id): 1 for row in rows}
    assert smtp.mailbox.sessions == 1
    assert set(EmailMessage.objects.values_list("status", "attempts")) == {
        (Status.SENT, 1)
    }


@pytest.mark.django_db
def test_batch_email_equals_the_single_row_email(smtp):
    [row] = reminders(1, status="confirmed")
    WorkshopBookingFactory(registration=row.registration)
    row.refresh_from_db()
    single = build(row)
    assert run([row]) == ["sent"]
    [sent] = smtp.mailbox.messages

    def lines(body):
        # The personal link differs from email to email.
        return [line for line in body.splitlines() if "/anmeldung/link/" not in line]

    def text(message):
        return lines(message.get_body(preferencelist=("plain",)).get_content())

    expected = lines(single.body)
    assert text(sent) == expected
    assert "Eröffnung" in "\n".join(expected)


@pytest.mark.django_db
def test_temporary_refusal_of_one_row_retries_only_that_row(smtp):
    rows = reminders(5, status="confirmed")
    smtp.mailbox.refuse_for_now_containing = {"gast2@"}

    assert run(rows) == ["sent", "sent", "retry", "sent", "sent"]

    states = dict(EmailMessage.objects.values_list("pk", "status"))
    assert states[rows[2].pk] == Status.PENDING
    assert [states[row.pk] for row in rows if row != rows[2]] == [Status.SENT] * 4
    assert len(smtp.mailbox) == 4
    # The refused row comes back with its attempt count; the others are skipped.
    smtp.mailbox.refuse_for_now_containing = set()
    assert run(rows, attempt=1) == ["skipped"] * 2 + ["sent"] + ["skipped"] * 2
    counts = smtp.mailbox.correlation_counts()
    assert counts == {str(row.correlation_id): 1 for row in rows}
    # No personal link of the failed attempt survives.
    assert rows[2].registration.tokens.count() == 1


@pytest.mark.django_db
def test_server_down_leaves_every_row_pending_with_its_own_attempt(smtp):
    rows = reminders(3, status="confirmed")
    smtp.stop()

    assert run(rows) == ["retry"] * 3

    rows_now = EmailMessage.objects.filter(pk__in=[r.pk for r in rows])
    assert {(r.status, r.attempts) for r in rows_now} == {(Status.PENDING, 1)}
    assert all("ConnectionRefusedError" in r.last_error for r in rows_now)


@pytest.mark.django_db
def test_row_cancelled_meanwhile_fails_alone(smtp):
    rows = reminders(3, status="confirmed")
    registration = rows[1].registration
    registration.status = "cancelled"
    registration.save()

    assert run(rows) == ["sent", "failed", "sent"]
    assert len(smtp.mailbox) == 2


@pytest.mark.django_db(transaction=True)
def test_row_held_by_another_worker_is_skipped_by_the_batch(smtp):
    rows = reminders(3, status="confirmed")
    smtp.mailbox.hold_after = 0  # the single sender hangs at the end of DATA
    from participants.outbox.delivery import deliver

    def single():
        return deliver(message_id=rows[1].pk).status

    def batch():
        deadline = time.monotonic() + 10
        while not smtp.mailbox.held and time.monotonic() < deadline:
            time.sleep(0.01)
        smtp.mailbox.hold_after = None
        statuses = run(rows)
        smtp.mailbox.release()
        return statuses

    assert run_at_once([single, batch]) == ["retry", ["sent", "skipped", "sent"]]
    assert len(smtp.mailbox) == 2


@pytest.mark.django_db
def test_queue_many_queues_batches(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory()
    registrations = [
        RegistrationFactory(event=event, status="confirmed")
        for _ in range(BATCH_SIZE + 3)
    ]
    messages = [
        EmailMessage(
            registration=r,
            event=event,
            kind=Kind.REMINDER,
            dedupe_key=f"reminder:{r.pk}:7",
            recipient=r.email,
            context={"offset_days": 7},
        )
        for r in registrations
    ]
    # Eager tasks: each batch runs when the transaction commits (locmem backend).
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ids = queue_many(messages=messages)

    assert len(ids) == BATCH_SIZE + 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in registrations)
    assert not EmailMessage.objects.exclude(status=Status.SENT).exists()
