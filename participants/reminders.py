"""Emails that fall due with time: reminders before an event, the follow-up after it.

Celery beat runs ``queue_due_emails`` every few minutes; each run scans the
database for what is due now and writes outbox rows whose dedupe keys make a
second run (or a second beat started by mistake) a no-op. Nothing is scheduled
as a long countdown task: with Redis such tasks come back after the visibility
timeout, and they would miss changes made to the event in between.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.models import Event
from participants.models import EmailMessage, Registration
from participants.outbox.queue import queue_many

DEFAULT_REMINDER_DAYS = (7, 1)

Kind = EmailMessage.Kind


def reminder_offsets(event: Event) -> list[int]:
    """Whole days before the start, largest first; [7, 1] when none are set.
    Zero or negative numbers switch reminders off (e.g. ``[0]``)."""
    days = event.reminder_days or DEFAULT_REMINDER_DAYS
    offsets = set()
    for value in days if isinstance(days, list | tuple) else [days]:
        try:
            offsets.add(int(value))
        except (TypeError, ValueError):
            continue
    return sorted((d for d in offsets if d > 0), reverse=True)


def due_offset(event: Event, now: datetime) -> int | None:
    """The reminder offset whose moment has come most recently, if any."""
    due = [d for d in reminder_offsets(event) if event.start - timedelta(days=d) <= now]
    return min(due) if due else None


def _missing(registrations, key_prefix: str, key_suffix: str = ""):
    """Registrations without an outbox row under ``prefix<pk>suffix``."""
    key = Concat(
        Value(key_prefix),
        Cast(OuterRef("pk"), output_field=CharField()),
        Value(key_suffix),
        output_field=CharField(),
    )
    return registrations.exclude(Exists(EmailMessage.objects.filter(dedupe_key=key)))


def _rows(registrations, *, kind: str, key, context: dict) -> list[EmailMessage]:
    return [
        EmailMessage(
            registration_id=pk,
            event_id=event_id,
            kind=kind,
            dedupe_key=key(pk),
            recipient=email,
            language=language,
            context=context,
        )
        for pk, event_id, email, language in registrations.values_list(
            "pk", "event_id", "email", "language"
        ).iterator(chunk_size=2000)
    ]


def _confirmed(event: Event):
    return Registration.objects.filter(
        event=event,
        status=Registration.Status.CONFIRMED,
        anonymised_at__isnull=True,
    )


def queue_due_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminder whose offset is due for every confirmed registration of
    each upcoming published event; once per registration and offset. Someone who
    confirmed after an offset's moment gets only the later reminders."""
    now = now or timezone.now()
    queued = 0
    for event in Event.objects.published().filter(start__gt=now).order_by("start"):
        offset = due_offset(event, now)
        if offset is None:
            continue
        moment = event.start - timedelta(days=offset)
        registrations = _missing(
            _confirmed(event).filter(
                Q(confirmed_at__lte=moment) | Q(confirmed_at__isnull=True)
            ),
            "reminder:",
            f":{offset}",
        )
        rows = _rows(
            registrations,
            kind=Kind.REMINDER,
            key=lambda pk, offset=offset: f"reminder:{pk}:{offset}",
            context={"offset_days": offset},
        )
        queued += len(queue_many(messages=rows))
    return queued


def queue_follow_ups(*, now: datetime | None = None) -> int:
    """Queue one follow-up per confirmed registration of each published event
    that ended within FOLLOW_UP_WITHIN_DAYS and has documentation or a recording."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.FOLLOW_UP_WITHIN_DAYS)
    events = (
        Event.objects.published()
        .filter(end__lt=now, end__gte=since)
        .exclude(documentation="", recording_url="")
    )
    queued = 0
    for event in events:
        registrations = _missing(_confirmed(event), "follow_up:")
        rows = _rows(
            registrations,
            kind=Kind.FOLLOW_UP,
            key=lambda pk: f"follow_up:{pk}",
            context={},
        )
        queued += len(queue_many(messages=rows))
    return queued
