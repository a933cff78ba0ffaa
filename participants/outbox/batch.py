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
from django.db import transaction

from participants.models import EmailMessage
from participants.outbox.delivery import Outcome, fault, lock, not_to_send, sent
from participants.outbox.rendering import Prefetched, build

logger = logging.getLogger(__name__)

Status = EmailMessage.Status


def deliver_batch(
    *, items: list[tuple[int, int | None]]
) -> Iterator[tuple[int, Outcome]]:
    """Deliver each ``(message_id, attempt)`` in turn, as ``deliver`` would, and
    yield its outcome as soon as its row is committed. Closing the generator early
    leaves the remaining rows untouched."""
    registration_ids = list(
        EmailMessage.objects.filter(
            pk__in=[message_id for message_id, _attempt in items],
            status=Status.PENDING,
            registration__isnull=False,
        ).values_list("registration_id", flat=True)
    )
    prefetched = Prefetched(registration_ids)
    smtp = _Connection()
    try:
        for message_id, attempt in items:
            yield message_id, _deliver_one(message_id, attempt, smtp, prefetched)
    finally:
        smtp.close()


def _deliver_one(
    message_id: int, attempt: int | None, smtp: "_Connection", prefetched: Prefetched
) -> Outcome:
    with transaction.atomic():
        message = lock(message_id)
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
