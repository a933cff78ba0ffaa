"""Thin Celery wrappers: each takes ids and calls one function."""

from celery import shared_task

from participants import emails, reminders, services


# The row counts attempts and sets the limit (EMAIL_MAX_ATTEMPTS), not Celery.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_email(self, message_id: int, attempt: int | None = None) -> str:
    """Deliver one outbox row; on a temporary fault, try again after a backoff.

    ``attempt`` is the number of attempts the row should show; a task from an
    older retry chain sees a different number and stops.
    """
    outcome = emails.deliver(message_id=message_id, attempt=attempt)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(
            args=(message_id, outcome.attempts),
            countdown=outcome.retry_in,
        )
    # Eager runs (no broker) leave a row that failed for now to the sweeper.
    return outcome.status


@shared_task
def sweep_outbox() -> int:
    return emails.requeue_stale()


@shared_task
def queue_due_emails() -> dict:
    return {
        "reminders": reminders.queue_due_reminders(),
        "follow_ups": reminders.queue_follow_ups(),
    }


@shared_task
def release_expired_holds() -> int:
    return services.release_expired_holds()


# Retention (issue 7) ---------------------------------------------------------


@shared_task
def anonymise_due_events() -> dict:
    from participants.services.retention import anonymise_due_events as run

    return {str(event_id): count for event_id, count in run().items()}
