"""Writing webhook rows in the caller's transaction, and queueing their task.

The services call one function per cause; each writes one WebhookDelivery per
active endpoint of the event's project that wants that kind, and queues its
task after commit. The payload is minimal (ids, status, no personal data): a
receiver that needs more asks the API with its token.
"""

import json
import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.webhooks.tasks import deliver_webhook, send_after_commit
from events.models import Event
from participants.models import Registration

logger = logging.getLogger(__name__)


def registration(*, registration: Registration, kind: str) -> int:
    """Queue ``kind`` (a WebhookEvent) about ``registration``; returns the rows
    written. A confirmation counts only once the registration holds its seat
    confirmed; a check-in only once stamped."""
    if kind == WebhookEvent.REGISTRATION_CONFIRMED and (
        registration.status != Registration.Status.CONFIRMED
    ):
        return 0
    stamp = {
        WebhookEvent.REGISTRATION_CONFIRMED: registration.confirmed_at,
        WebhookEvent.REGISTRATION_CANCELLED: registration.cancelled_at,
        WebhookEvent.REGISTRATION_CHECKED_IN: registration.checked_in_at,
    }.get(kind, uuid.uuid4().hex)
    if stamp is None:
        return 0
    data = {
        "registration": {
            "id": registration.pk,
            "event": registration.event_id,
            "status": registration.status,
            "mode": registration.mode,
            "checked_in": registration.checked_in_at is not None,
        }
    }
    endpoints = WebhookEndpoint.objects.filter(
        project__hosted_events=registration.event_id, is_active=True
    )
    return _write(endpoints, kind, f"{kind}:{registration.pk}:{_text(stamp)}", data)


def event(*, event: Event, kind: str) -> int:
    """Queue ``kind`` (a WebhookEvent) about ``event``; drafts tell nobody."""
    if event.status == Event.Status.DRAFT:
        return 0
    data = {
        "event": {
            "id": event.pk,
            "slug": event.slug,
            "status": event.status,
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
        }
    }
    endpoints = WebhookEndpoint.objects.filter(
        project_id=event.host_project_id, is_active=True
    )
    return _write(endpoints, kind, f"{kind}:{event.pk}:{uuid.uuid4().hex}", data)


def _text(stamp) -> str:
    return stamp.isoformat() if isinstance(stamp, datetime) else str(stamp)


def _write(endpoints, kind: str, dedupe_key: str, data: dict) -> int:
    now = timezone.now()
    ids = []
    for endpoint in endpoints:
        if kind not in endpoint.events:
            continue
        delivery_id = uuid.uuid4()
        body = json.dumps(
            {
                "id": str(delivery_id),
                "type": str(kind),
                "created": now.isoformat(),
                "data": data,
            },
            separators=(",", ":"),
            sort_keys=True,
        )
        delivery, created = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            dedupe_key=dedupe_key,
            defaults={
                "event_type": kind,
                "body": body,
                "delivery_id": delivery_id,
                "created_at": now,
                "next_attempt_at": now,
            },
        )
        if created:
            ids.append(delivery.pk)
    send_after_commit(ids)
    return len(ids)


def requeue_due(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Queue a task again for each pending row past its next attempt by more
    than WEBHOOK_SWEEP_AFTER: a lost task or a broker that was down."""
    now = now or timezone.now()
    late = now - timedelta(seconds=settings.WEBHOOK_SWEEP_AFTER)
    rows = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=late
        )
        .order_by("next_attempt_at")
        .values_list("pk", "attempts")[:limit]
    )
    for delivery_id, attempts in rows:
        deliver_webhook.delay(delivery_id, attempts)
    if rows:
        logger.info("Webhook sweeper re-queued %d deliveries", len(rows))
    return len(rows)
