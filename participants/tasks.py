"""Periodic tasks (CELERY_BEAT_SCHEDULE): each selects what is due and calls one
function. The task that delivers an email is participants.outbox.tasks."""

from celery import shared_task

from participants import reminders, services
from participants.outbox.queue import requeue_stale
from participants.services import retention


@shared_task
def sweep_outbox() -> int:
    return requeue_stale()


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
    return {
        str(event_id): count
        for event_id, count in retention.anonymise_due_events().items()
    }


@shared_task
def delete_due_needs() -> dict:
    return {
        str(event_id): count for event_id, count in retention.delete_due_needs().items()
    }
