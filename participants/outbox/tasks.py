"""The Celery tasks that deliver outbox rows: one row, or a batch of rows.

``send_email`` keeps the registered name it had before the outbox became a
package, so messages already queued in Redis still find it; it also carries
every retry, one row at a time.
"""

import logging
import time
from collections import Counter

from celery import shared_task

from participants.outbox.batch import deliver_batch
from participants.outbox.delivery import deliver

logger = logging.getLogger(__name__)

# A batch hands what is left to a new task after this long, well inside
# CELERY_TASK_SOFT_TIME_LIMIT even when a slow server makes each row take seconds.
BATCH_SECONDS = 40.0


# The row counts attempts and sets the limit (EMAIL_MAX_ATTEMPTS), not Celery.
@shared_task(
    name="participants.tasks.send_email",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def send_email(self, message_id: int, attempt: int | None = None) -> str:
    """Deliver one outbox row; on a temporary fault, try again after a backoff.

    ``attempt`` is the number of attempts the row should show; a task from an
    older retry chain sees a different number and stops.
    """
    outcome = deliver(message_id=message_id, attempt=attempt)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(
            args=(message_id, outcome.attempts),
            countdown=outcome.retry_in,
        )
    # Eager runs (no broker) leave a row that failed for now to the sweeper.
    return outcome.status


@shared_task(
    name="participants.tasks.send_email_batch",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_email_batch(self, items: list[list[int | None]]) -> dict:
    """Deliver ``[message_id, attempt]`` pairs over one SMTP connection, each row
    in its own transaction. A row that fails for now is retried on its own, as a
    ``send_email`` task with its backoff; the others are not sent again."""
    started = time.monotonic()
    statuses = Counter()
    batch = deliver_batch(items=[(pk, attempt) for pk, attempt in items])
    for done, (message_id, outcome) in enumerate(batch, start=1):
        statuses[outcome.status] += 1
        if outcome.retry_in is not None and not self.request.is_eager:
            _retry_later(message_id, outcome)
        if done < len(items) and time.monotonic() - started > BATCH_SECONDS:
            batch.close()
            send_email_batch.delay(items[done:])
            break
    return dict(statuses)


def _retry_later(message_id: int, outcome) -> None:
    try:
        send_email.apply_async(
            args=(message_id, outcome.attempts), countdown=outcome.retry_in
        )
    except Exception as exc:  # the broker is gone: the sweeper queues it later
        logger.warning(
            "Broker unreachable (%s): retry of email %d left to the sweeper",
            type(exc).__name__,
            message_id,
        )
