"""Thin Celery wrappers around workshops.services."""

from celery import shared_task

from workshops import services


@shared_task
def preview_due_allocations() -> list[int]:
    """Preview (never commit) every preference slot whose registration has
    closed; an organiser reviews the preview and commits it in the admin, which
    emails each participant their workshop. Returns the new runs' ids."""
    return [run.pk for run in services.preview_due_allocations()]
