"""Periodic API work (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from api.webhooks.queue import requeue_due


@shared_task(name="api.tasks.sweep_webhooks")
def sweep_webhooks() -> int:
    """Re-queue webhook rows that no task holds any more."""
    return requeue_due()
