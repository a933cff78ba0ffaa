"""One attempt of one webhook row: lock, POST, stamp."""

import logging
import random
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import WebhookDelivery
from api.webhooks.signing import SIGNATURE_HEADER, signature

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "skipped", "retry", "failed", "disabled"
    attempts: int = 0
    retry_in: float | None = None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver answers for itself: a redirect is an answer, not a detour."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(*, url: str, body: bytes, headers: dict) -> int:
    """POST ``body``; the HTTP status (an error status is a status, too)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def deliver(*, delivery_id: int, attempt: int | None = None) -> Outcome:
    """POST one pending row unless it was sent or another worker holds it; a 2xx
    stamps it sent, a 410 switches its endpoint off, anything else is retried
    with backoff until WEBHOOK_RETRY_FOR has passed since it was written."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Status.PENDING:
            return Outcome("skipped")
        if attempt is not None and delivery.attempts != attempt:
            return Outcome("skipped", delivery.attempts)  # an older retry chain
        endpoint = delivery.endpoint
        delivery.attempts += 1
        if not endpoint.is_active:
            return _stamp(delivery, Status.FAILED, error=_("Webhook ist abgeschaltet."))
        body = delivery.body.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "smartcities-konferenzen-webhook/1",
            "X-Webhook-Id": str(delivery.delivery_id),
            "X-Webhook-Event": delivery.event_type,
            SIGNATURE_HEADER: signature(secret=endpoint.secret, body=body),
        }
        try:
            code = post(url=endpoint.url, body=body, headers=headers)
        except Exception as exc:  # noqa: BLE001 - every fault is recorded
            code, error = None, f"{type(exc).__name__}: {exc}"
        else:
            error = "" if 200 <= code < 300 else f"HTTP {code}"
        delivery.last_status_code = code
        if code is not None and 200 <= code < 300:
            return _stamp(delivery, Status.SENT)
        logger.warning("Webhook %s failed: %s", delivery.delivery_id, error)
        if code == 410:
            endpoint.is_active = False
            endpoint.disabled_reason = _("Der Empfänger antwortete 410 (Gone).")
            endpoint.save(update_fields=["is_active", "disabled_reason"])
            _stamp(delivery, Status.FAILED, error=error)
            return Outcome("disabled", delivery.attempts)
        wait = backoff(delivery.attempts)
        now = timezone.now()
        give_up = delivery.created_at + timedelta(seconds=settings.WEBHOOK_RETRY_FOR)
        if now + timedelta(seconds=wait) > give_up:
            return _stamp(delivery, Status.FAILED, error=error)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        _stamp(delivery, Status.PENDING, error=error)
        return Outcome("retry", delivery.attempts, wait)


def _stamp(delivery: WebhookDelivery, status: str, *, error: str = "") -> Outcome:
    delivery.status = status
    delivery.last_error = error[:2000]
    if status == Status.SENT:
        delivery.sent_at = timezone.now()
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "last_error",
            "last_status_code",
            "next_attempt_at",
            "sent_at",
        ]
    )
    return Outcome(
        {Status.SENT: "sent", Status.FAILED: "failed"}.get(status, "retry"),
        delivery.attempts,
    )


def backoff(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: doubling from WEBHOOK_RETRY_BASE,
    capped at WEBHOOK_RETRY_MAX, up to 25 % later at random."""
    base = settings.WEBHOOK_RETRY_BASE
    cap = min(settings.WEBHOOK_RETRY_MAX, base * 2 ** max(attempts - 1, 0))
    return cap * (1 + random.random() * 0.25)  # noqa: S311
