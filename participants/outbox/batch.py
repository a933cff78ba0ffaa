"""Delivery of many outbox rows by one task, over one SMTP connection.

Each row keeps its own transaction, exactly as in ``delivery.deliver``: lock it
(``SKIP LOCKED``), send, stamp, commit. So a worker killed in the middle of a
batch leaves the rows before it SENT, the one in flight pending (the window the
package docstring describes: accepted by the server, not yet committed) and the
rest pending and untried; a row that fails for now gets its own retry and no
other row is sent again. What the rows of a batch share is what is expensive to
set up: the SMTP connection, the database connection, the bookings of all their
registrations (one query) and each event's programme (once per batch).
"""

import contextlib
import logging
from collections.abc import Iterator

from django.core.mail import get_connection
from django.db import connection, transaction

from events.models import Event
from participants.models import EmailMessage, Registration
from participants.outbox.delivery import RELATED, Outcome, fault, not_to_send, sent
from participants.outbox.rendering import Prefetched, build

logger = logging.getLogger(__name__)

Status = EmailMessage.Status


def deliver_batch(
    *, items: list[tuple[int, int | None]]
) -> Iterator[tuple[int, Outcome]]:
    """Deliver each ``(message_id, attempt)`` in turn, as ``deliver`` would, and
    yield its outcome as soon as its row is committed. Closing the generator early
    leaves the remaining rows untouched."""
    rows = (
        EmailMessage.objects.select_related(*RELATED)
        .filter(status=Status.PENDING)
        .in_bulk([message_id for message_id, _attempt in items])
    )
    prefetched = Prefetched(
        [row.registration_id for row in rows.values() if row.registration_id]
    )
    smtp = _Connection()
    try:
        for message_id, attempt in items:
            outcome = _deliver_one(rows.get(message_id), attempt, smtp, prefetched)
            yield message_id, outcome
    finally:
        smtp.close()


def _deliver_one(
    row: EmailMessage | None,
    attempt: int | None,
    smtp: "_Connection",
    prefetched: Prefetched,
) -> Outcome:
    with transaction.atomic():
        message = _lock(row)
        done = not_to_send(message, attempt)
        if done is not None:
            return done
        try:
            # Connect first: while the server is down, nothing is rendered.
            connection = smtp.get()
            # A savepoint: tokens minted for an email that failed are rolled back.
            with transaction.atomic():
                email = build(message, prefetched=prefetched)
                email.connection = connection
                email.send()
        except Exception as exc:  # noqa: BLE001 - every fault is recorded
            # The session may be in any state now; the next row starts a new one.
            smtp.close()
            return fault(message, exc)
        return sent(message)


def _lock_sql() -> str:
    quote = connection.ops.quote_name
    return (
        "SELECT m.status, m.attempts, m.membership_id, r.status, r.anonymised_at, "
        "e.status "
        f"FROM {quote(EmailMessage._meta.db_table)} m "
        f"LEFT JOIN {quote(Registration._meta.db_table)} r "
        "ON r.id = m.registration_id "
        f"LEFT JOIN {quote(Event._meta.db_table)} e ON e.id = m.event_id "
        "WHERE m.id = %s FOR UPDATE OF m SKIP LOCKED"
    )


def _lock(row: EmailMessage | None) -> EmailMessage | None:
    """Lock the row loaded with its batch (``SKIP LOCKED``: None if another
    worker holds it) and refresh, under the lock, what decides whether it is
    sent: its status and attempts, the registration's status, the event's status,
    whether the team membership still exists. The same decision as
    ``delivery.lock`` makes, with one short statement instead of the ORM's
    four-table query, which cost more to build than to run."""
    if row is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(), [row.pk])
        fresh = cursor.fetchone()
    if fresh is None:
        return None
    row.status, row.attempts, membership_id, *rest = fresh
    registration_status, anonymised_at, event_status = rest
    if membership_id is None:
        row.membership = None
    if row.registration is not None:
        row.registration.status = registration_status
        row.registration.anonymised_at = anonymised_at
    if row.event is not None:
        row.event.status = event_status
    return row


class _Connection:
    """One SMTP session, opened when the first row needs it."""

    def __init__(self):
        self.connection = None

    def get(self):
        if self.connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self.connection = connection
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            # A session that broke may fail to say QUIT; it is gone either way.
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None
