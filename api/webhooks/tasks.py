"""The Celery task that delivers one webhook row, and its after-commit queueing."""

import logging

from celery import shared_task
from django.db import transaction

from api.webhooks.delivery import deliver

logger = logging.getLogger(__name__)


@shared_task(
    name="api.webhooks.deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def deliver_webhook(self, delivery_id: int, attempt: int | None = None) -> str:
    """Deliver one webhook row; on a failure, try again after its backoff.
    The row counts the attempts and decides when to give up, not Celery."""
    outcome = deliver(delivery_id=delivery_id, attempt=attempt)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(
            args=(delivery_id, outcome.attempts), countdown=outcome.retry_in
        )
    # Eager runs (no broker) leave a row that failed for now to the sweeper.
    return outcome.status


def send_after_commit(ids: list[int]) -> None:
    """Queue each row's task once the transaction has committed; with the broker
    down the rows stay pending for the sweeper (api.tasks.sweep_webhooks)."""
    if not ids:
        return

    def send():
        for done, delivery_id in enumerate(ids):
            try:
                deliver_webhook.delay(delivery_id, 0)
            except Exception as exc:  # kombu's OperationalError and friends
                logger.warning(
                    "Broker unreachable (%s): %d webhook(s) left for the sweeper",
                    type(exc).__name__,
                    len(ids) - done,
                )
                return

    transaction.on_commit(send)
