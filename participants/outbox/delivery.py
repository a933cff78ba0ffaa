"""One delivery attempt of one outbox row: lock, send, stamp."""

import logging
import random
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import EmailMessage, Registration
from participants.outbox.rendering import build

logger = logging.getLogger(__name__)

Kind = EmailMessage.Kind
Status = EmailMessage.Status

# Kinds that only make sense while the registration is still confirmed.
CONFIRMED_ONLY_KINDS = {Kind.REMINDER, Kind.FOLLOW_UP, Kind.BROADCAST}
# What rendering an email reads besides the row.
RELATED = (
    "registration__event__venue",
    "event__venue",
    "membership__project",
    "membership__user",
)


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did; ``retry_in`` is set for temporary faults."""

    status: str  # "sent", "skipped", "retry", "failed"
    attempts: int = 0
    retry_in: float | None = None


def deliver(*, message_id: int, attempt: int | None = None) -> Outcome:
    """Send one outbox message unless it was sent already or another worker holds
    it; stamp the outcome. ``attempt``: the attempts the caller expects on the
    row (None: any)."""
    with transaction.atomic():
        message = lock(message_id)
        done = not_to_send(message, attempt)
        if done is not None:
            return done
        try:
            # Connect first: while the server is down, nothing is rendered.
            # A savepoint: tokens minted for an email that failed are rolled back.
            with (
                get_connection(fail_silently=False) as connection,
                transaction.atomic(),
            ):
                email = build(message)
                email.connection = connection
                email.send()
        except Exception as exc:  # noqa: BLE001 - every fault is recorded
            return fault(message, exc)
        return sent(message)


def lock(message_id: int) -> EmailMessage | None:
    """The row, locked until the end of the transaction; None if another worker
    holds it (``SKIP LOCKED``) or it is gone."""
    return (
        EmailMessage.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related(*RELATED)
        .filter(pk=message_id)
        .first()
    )


def not_to_send(message: EmailMessage | None, attempt: int | None) -> Outcome | None:
    """The outcome for a locked row that must not be sent (already sent, an older
    retry chain, no longer applies), else None; counts the attempt."""
    if message is None or message.status != Status.PENDING:
        return Outcome("skipped")
    if attempt is not None and message.attempts != attempt:
        return Outcome("skipped", message.attempts)  # an older retry chain
    message.attempts += 1
    reason = _no_longer_applies(message)
    if reason:
        return _stamp(message, Status.FAILED, error=str(reason))
    return None


def sent(message: EmailMessage) -> Outcome:
    """Stamp a row whose email the server has accepted."""
    return _stamp(message, Status.SENT)


def fault(message: EmailMessage, exc: BaseException) -> Outcome:
    """Stamp a failed attempt: pending with a backoff if temporary and attempts
    remain, else FAILED."""
    error = f"{type(exc).__name__}: {exc}"
    logger.warning("Email %s failed: %s", message.correlation_id, error)
    if is_temporary(exc) and message.attempts < settings.EMAIL_MAX_ATTEMPTS:
        outcome = _stamp(message, Status.PENDING, error=error)
        return Outcome("retry", outcome.attempts, backoff(message.attempts))
    return _stamp(message, Status.FAILED, error=error)


def _stamp(message: EmailMessage, status: str, *, error: str = "") -> Outcome:
    message.status = status
    message.last_error = error[:2000]
    if status == Status.SENT:
        message.sent_at = timezone.now()
    message.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return Outcome(
        {Status.SENT: "sent", Status.FAILED: "failed"}.get(status, "retry"),
        message.attempts,
    )


def _no_longer_applies(message: EmailMessage) -> str:
    if message.kind == Kind.TEAM_INVITATION and message.membership is None:
        return str(_("Nicht gesendet: die Person gehört nicht mehr zum Team."))
    registration = message.registration
    if registration is None:
        return ""
    if registration.anonymised_at is not None:
        return str(_("Nicht gesendet: die Anmeldung ist anonymisiert."))
    if message.kind in (Kind.REMINDER, Kind.FOLLOW_UP) and (
        message.event.status != message.event.Status.PUBLISHED
    ):
        return str(
            _("Nicht gesendet: Status der Veranstaltung ist „%(status)s“.")
            % {"status": message.event.get_status_display()}
        )
    if (
        message.kind in CONFIRMED_ONLY_KINDS
        and registration.status != Registration.Status.CONFIRMED
    ):
        return str(
            _("Nicht gesendet: die Anmeldung ist nicht mehr bestätigt (%(status)s).")
            % {"status": registration.get_status_display()}
        )
    return ""


def is_temporary(exc: BaseException) -> bool:
    """True for faults worth retrying: 4xx replies, refused or dropped
    connections, timeouts, and login failures (a setting, not the message)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return not 500 <= exc.smtp_code < 600
    # SMTPServerDisconnected, ConnectionRefusedError, TimeoutError, ssl errors.
    if isinstance(exc, OSError):
        return True
    return type(exc).__name__ == "SoftTimeLimitExceeded"


def backoff(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: doubling, capped, up to 25 % later
    at random so a crowd of retries spreads out."""
    return backoff_cap(attempts) * (1 + random.random() * 0.25)  # noqa: S311


def backoff_cap(attempts: int) -> float:
    """The wait before attempt ``attempts + 1`` without the random spread."""
    base = settings.EMAIL_RETRY_BASE
    return min(settings.EMAIL_RETRY_MAX, base * 2 ** max(attempts - 1, 0))
