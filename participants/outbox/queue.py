"""Writing outbox rows in the caller's transaction, and queueing their task."""

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participants.models import EmailMessage, Registration
from participants.outbox.delivery import backoff_cap
from participants.outbox.tasks import send_email, send_email_batch
from projects.models import ProjectMembership

logger = logging.getLogger(__name__)

Kind = EmailMessage.Kind
Status = EmailMessage.Status

# Rows per send_email_batch task: one SMTP session and one bookings query each.
BATCH_SIZE = 100


def queue_email(
    *,
    registration: Registration,
    kind: str,
    dedupe_key: str,
    context: dict | None = None,
) -> EmailMessage:
    """Write an outbox row in the current transaction; send it after commit."""
    message, created = EmailMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "registration": registration,
            "event_id": registration.event_id,
            "kind": kind,
            "recipient": registration.email,
            "language": registration.language,
            "context": context or {},
        },
    )
    if created:
        _send_after_commit([message.pk])
    return message


def queue_many(*, messages: list[EmailMessage]) -> list[int]:
    """Insert many unsaved outbox rows at once, skipping dedupe keys that exist,
    and send the new ones after commit. Returns the ids of the pending rows."""
    if not messages:
        return []
    with transaction.atomic():
        EmailMessage.objects.bulk_create(messages, ignore_conflicts=True)
        # A scan running twice by mistake may find the same rows pending; their
        # second task finds them locked or sent and does nothing.
        ids = list(
            EmailMessage.objects.filter(
                dedupe_key__in=[m.dedupe_key for m in messages],
                status=Status.PENDING,
                attempts=0,
            ).values_list("pk", flat=True)
        )
        _send_after_commit(ids)
    return ids


def queue_team_invitation(
    *, membership: ProjectMembership, inviter: str, language: str
) -> EmailMessage:
    """Write the invitation into ``membership``'s team as an outbox row in the
    current transaction; send it after commit. The password link is minted when
    it is sent."""
    message = EmailMessage.objects.create(
        membership=membership,
        kind=Kind.TEAM_INVITATION,
        # Every invitation is an email of its own: inviting again sends again.
        dedupe_key=f"team_invitation:{membership.pk}:{uuid.uuid4().hex}",
        recipient=membership.user.email,
        language=language,
        context={"inviter": inviter},
    )
    _send_after_commit([message.pk])
    return message


def _send_after_commit(ids: list[int]) -> None:
    """Queue the rows' tasks once the transaction has committed: one row alone
    by ``send_email``, more in batches of BATCH_SIZE. A broker that cannot be
    reached must not fail the request whose change is already saved: the rows
    stay pending and the sweeper (`requeue_stale`) queues them once the broker
    is back."""

    def send():
        _queue([(message_id, 0) for message_id in ids])

    transaction.on_commit(send)


def _queue(items: list[tuple[int, int]]) -> None:
    """Queue ``(message_id, attempt)`` pairs now, in batches where there are
    several."""
    if len(items) == 1:
        batches = [("single", items)]
    else:
        batches = [
            ("batch", items[start : start + BATCH_SIZE])
            for start in range(0, len(items), BATCH_SIZE)
        ]
    for done, (kind, batch) in enumerate(batches):
        try:
            if kind == "single":
                send_email.delay(*batch[0])
            else:
                send_email_batch.delay([list(item) for item in batch])
        except Exception as exc:  # kombu's OperationalError and friends
            # Ids and the error's class only: no address, no content.
            logger.warning(
                "Broker unreachable (%s): %d email(s) left pending for the "
                "sweeper, first id %d",
                type(exc).__name__,
                sum(len(rest) for _kind, rest in batches[done:]),
                batch[0][0],
            )
            return


def requeue_stale(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Queue a task again for each pending row that no task seems to hold any
    more: older than EMAIL_SWEEP_AFTER past its last scheduled retry. Rows being
    sent or already sent are left alone by the task itself."""
    now = now or timezone.now()
    after = timedelta(seconds=settings.EMAIL_SWEEP_AFTER)
    stale = Q()
    for attempts in range(settings.EMAIL_MAX_ATTEMPTS):
        stale |= Q(
            attempts=attempts, created_at__lt=now - after - _latest_retry(attempts)
        )
    rows = list(
        EmailMessage.objects.filter(stale, status=Status.PENDING)
        .order_by("created_at")
        .values_list("pk", "attempts")[:limit]
    )
    _queue(rows)
    if rows:
        logger.info("Outbox sweeper re-queued %d emails", len(rows))
    return len(rows)


def _latest_retry(attempts: int) -> timedelta:
    """The latest a row with ``attempts`` failed attempts is due for the next one,
    counted from its creation, if its retries ran on time."""
    seconds = sum(backoff_cap(n) * 1.25 for n in range(1, attempts + 1))
    return timedelta(seconds=seconds)
