"""Webhooks: rows written with their cause (queue), one attempt each (delivery),
the Celery task that makes it (tasks). Built like participants/outbox/."""
