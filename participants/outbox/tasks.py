"""The Celery task that delivers one outbox row.

Its registered name is the one it had before the outbox became a package, so
messages already queued in Redis still find it.
"""

from celery import shared_task

from participants.outbox.delivery import deliver


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
