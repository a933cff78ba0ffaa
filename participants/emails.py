"""The outbox: queue a message with the change that causes it, deliver it later.

Exactly once, as far as SMTP allows:

* ``queue_email`` writes the row in the caller's transaction and queues the task
  only after commit, so a rolled-back change leaves neither row nor email.
* ``deliver`` locks the row (``SKIP LOCKED``: a second task for a row that is
  being sent returns at once), skips it unless it is still pending, and keeps the
  lock while it talks to the SMTP server; the row turns SENT in the same
  transaction. Running a task twice, or a sweeper re-queueing a row while another
  worker sends it, therefore sends once.
* A task also carries the number of attempts it expects on the row; a task from
  an older retry chain finds a different number and stops, so retry chains never
  multiply.
* Temporary faults (4xx, refused or dropped connections, timeouts) are retried
  with exponential backoff up to EMAIL_MAX_ATTEMPTS; a permanent 5xx marks the
  row FAILED at once.
* ``requeue_stale`` (beat, every EMAIL_SWEEP_INTERVAL) re-queues pending rows that
  no task seems to hold any more: a lost task, a flushed broker or a killed worker
  loses nothing.

The one window SMTP leaves open: the server has said "250 accepted" but the
worker dies before its commit. The row is then still pending and the email goes
out again; its Message-ID is derived from the row, so receiving systems can tell
the copy.

Personal links are minted at delivery time: the raw token exists only in the sent
email, never in the outbox row.
"""

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.image import MIMEImage
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from participants import checkin, selectors, tokens
from participants.models import AccessToken, EmailMessage, Registration

logger = logging.getLogger(__name__)

Kind = EmailMessage.Kind
Status = EmailMessage.Status

SUBJECTS = {
    Kind.CONFIRM_REQUEST: _("Bitte bestätigen Sie Ihre Anmeldung: {event}"),
    Kind.CONFIRMATION: _("Anmeldung bestätigt: {event}"),
    Kind.WAITLISTED: _("Sie stehen auf der Warteliste: {event}"),
    Kind.PROMOTED: _("Ein Platz ist frei geworden: {event}"),
    Kind.CANCELLED: _("Ihre Anmeldung ist storniert: {event}"),
    Kind.EXPIRED: _("Ihre Reservierung ist verfallen: {event}"),
    Kind.MANAGE_LINK: _("Ihr persönlicher Link: {event}"),
    Kind.WORKSHOP_CHANGED: _("Ihre Workshops: {event}"),
    Kind.REMINDER: _("Erinnerung: {event} am {date}"),
    Kind.FOLLOW_UP: _("Dokumentation und Aufzeichnung: {event}"),
    Kind.EVENT_CANCELLED: _("Abgesagt: {event}"),
}

# Kinds whose email carries a link that confirms the registration; all others
# carry the personal self-service link while the registration is active.
CONFIRM_LINK_KINDS = {Kind.CONFIRM_REQUEST}
# Kinds that bring the calendar entry and, for people on site, the check-in code.
CALENDAR_KINDS = {Kind.CONFIRMATION, Kind.REMINDER}
# Kinds that only make sense while the registration is still confirmed.
CONFIRMED_ONLY_KINDS = {Kind.REMINDER, Kind.FOLLOW_UP, Kind.BROADCAST}


# Queueing -------------------------------------------------------------------


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


def _send_after_commit(ids: list[int]) -> None:
    from participants.tasks import send_email

    def send():
        for message_id in ids:
            send_email.delay(message_id, 0)

    transaction.on_commit(send)


# Delivering -----------------------------------------------------------------


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
        message = (
            EmailMessage.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("registration__event__venue", "event__venue")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status != Status.PENDING:
            return Outcome("skipped")
        if attempt is not None and message.attempts != attempt:
            return Outcome("skipped", message.attempts)  # an older retry chain
        message.attempts += 1
        reason = _no_longer_applies(message)
        if reason:
            return _stamp(message, Status.FAILED, error=str(reason))
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
            error = f"{type(exc).__name__}: {exc}"
            logger.warning("Email %s failed: %s", message.correlation_id, error)
            if is_temporary(exc) and message.attempts < settings.EMAIL_MAX_ATTEMPTS:
                outcome = _stamp(message, Status.PENDING, error=error)
                return Outcome("retry", outcome.attempts, backoff(message.attempts))
            return _stamp(message, Status.FAILED, error=error)
        return _stamp(message, Status.SENT)


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
    return _backoff_cap(attempts) * (1 + random.random() * 0.25)  # noqa: S311


def _backoff_cap(attempts: int) -> float:
    base = settings.EMAIL_RETRY_BASE
    return min(settings.EMAIL_RETRY_MAX, base * 2 ** max(attempts - 1, 0))


def _latest_retry(attempts: int) -> timedelta:
    """The latest a row with ``attempts`` failed attempts is due for the next one,
    counted from its creation, if its retries ran on time."""
    seconds = sum(_backoff_cap(n) * 1.25 for n in range(1, attempts + 1))
    return timedelta(seconds=seconds)


def requeue_stale(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Queue a task again for each pending row that no task seems to hold any
    more: older than EMAIL_SWEEP_AFTER past its last scheduled retry. Rows being
    sent or already sent are left alone by the task itself."""
    from participants.tasks import send_email

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
    for message_id, attempts in rows:
        send_email.delay(message_id, attempts)
    if rows:
        logger.info("Outbox sweeper re-queued %d emails", len(rows))
    return len(rows)


# Rendering ------------------------------------------------------------------


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def _event_url(event) -> str:
    try:
        return absolute_url(event.get_absolute_url())
    except NoReverseMatch:  # the public event pages are not installed
        return settings.SITE_URL


def _links(registration: Registration, kind: str) -> dict:
    """Mint the personal links this email needs and return their absolute URLs."""
    links = {}
    active = registration.status in Registration.ACTIVE_STATUSES
    needs_confirmation = active and registration.confirmed_at is None
    if needs_confirmation and (
        kind in CONFIRM_LINK_KINDS or kind in (Kind.PROMOTED, Kind.MANAGE_LINK)
    ):
        expires = registration.hold_expires_at or timezone.now() + timedelta(
            hours=settings.REGISTRATION_CONFIRM_HOURS
        )
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.CONFIRM,
            expires_at=expires,
        )
        links["confirm_url"] = absolute_url(
            reverse("participants:confirm", kwargs={"token": raw})
        )
    elif active and not registration.event.is_past:
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.MANAGE,
            expires_at=registration.event.end + timedelta(days=1),
        )
        links["manage_url"] = absolute_url(
            reverse("participants:manage_link", kwargs={"token": raw})
        )
    return links


def _event_context(event, registration: Registration | None, kind: str) -> dict:
    online = registration is not None and (
        registration.mode == Registration.Mode.ONLINE
    )
    confirmed = registration is not None and (
        registration.status == Registration.Status.CONFIRMED
    )
    context = {
        "online": online,
        "livestream_url": event.livestream_url if online and confirmed else "",
    }
    if kind in CALENDAR_KINDS:
        context["programme"] = list(
            event.programme_items.prefetch_related("contributions__speaker")
        )
    if kind == Kind.FOLLOW_UP:
        context["materials"] = [
            {"title": m.title, "url": absolute_url(m.link)}
            for m in event.materials.all()
            if m.link
        ]
    return context


def _subject(message: EmailMessage, event) -> str:
    if message.kind == Kind.BROADCAST and message.context.get("subject"):
        subject = str(message.context["subject"])
    else:
        subject = str(SUBJECTS.get(message.kind, "{event}")).format(
            event=event.full_title,
            date=date_format(timezone.localtime(event.start), "DATE_FORMAT"),
        )
    # A line break in a subject would start a new header.
    return " ".join(subject.split())


def build(message: EmailMessage) -> EmailMultiAlternatives:
    """Render the message in the recipient's language, with fresh personal links,
    the calendar entry and the check-in code where the kind brings them."""
    registration = message.registration
    event = message.event
    attachments = []
    with translation.override(message.language):
        context = {
            "registration": registration,
            "event": event,
            "kind": message.kind,
            "site_url": settings.SITE_URL,
            "event_url": _event_url(event),
            "resend_url": absolute_url(reverse("participants:resend")),
            "data": message.context,
        }
        context.update(_event_context(event, registration, message.kind))
        if registration is not None:
            context["bookings"] = selectors.active_bookings(registration)
            context["position"] = selectors.waitlist_position(registration)
            context.update(_links(registration, message.kind))
        if message.kind in CALENDAR_KINDS:
            attachments.append(_calendar_file(event))
            if registration is not None and not context["online"]:
                context["checkin_code"] = str(registration.checkin_code).upper()
                attachments.append(_checkin_image(context["checkin_code"]))
        subject = _subject(message, event)
        text = render_to_string(f"participants/emails/{message.kind}.txt", context)
        html = render_to_string(f"participants/emails/{message.kind}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={
            "X-Correlation-ID": str(message.correlation_id),
            "Message-ID": f"<{message.correlation_id}@{_mail_domain()}>",
        },
    )
    email.attach_alternative(html, "text/html")
    for attachment in attachments:
        if isinstance(attachment, MIMEImage):
            email.attach(attachment)
        else:
            email.attach(*attachment)
    return email


def _mail_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


_calendar_cache: dict[tuple, str] = {}


def _calendar_file(event) -> tuple[str, str, str]:
    """The event's .ics; a worker sending a batch for one event builds it once
    (until the event or its venue changes)."""
    from events.ics import calendar_for

    venue = event.venue.address if event.venue_id else ""
    key = (event.pk, event.updated_at, venue, translation.get_language())
    if key not in _calendar_cache:
        _calendar_cache.clear()
        ics = calendar_for([event], name=event.full_title, base_url=settings.SITE_URL)
        _calendar_cache[key] = ics.decode("utf-8")
    return (f"{event.slug}.ics", _calendar_cache[key], "text/calendar")


def _checkin_image(code: str) -> MIMEImage:
    """The check-in code as a PNG, shown inline (cid:checkin) in the HTML part."""
    image = MIMEImage(checkin.qr_png(code), "png")
    image.add_header("Content-ID", "<checkin>")
    image.add_header("Content-Disposition", "inline", filename="check-in.png")
    return image
