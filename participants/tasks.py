"""Thin Celery wrappers: each takes ids and calls one function."""

from celery import shared_task

from participants import emails, services


@shared_task
def send_email(message_id: int) -> None:
    emails.deliver(message_id=message_id)


@shared_task
def release_expired_holds() -> int:
    return services.release_expired_holds()


# Retention (issue 7) ---------------------------------------------------------


@shared_task
def anonymise_due_events() -> dict:
    from participants.services.retention import anonymise_due_events as run

    return {str(event_id): count for event_id, count in run().items()}
