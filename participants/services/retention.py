"""Retention: personal data of an event is anonymised when its period runs out.

An event keeps its participants' data for ``Event.retention_days`` days after its
end (``settings.RETENTION_DAYS`` when the event sets none). Then, in one
transaction per event, its headcounts are stored as EventStatistic rows and every
registration is anonymised: names, address, organisation and free-text notes go,
answers and personal links are deleted, the email log keeps only kind, time and
status. What stays (participant kind, municipality, mode, status, check-in time,
workshop bookings, consent kind and time) no longer names anyone, so dashboards
and statistics keep working on the same rows.

``anonymise_registrations`` is shared with the erasure a person asks for
(participants.services.data_rights).

Needs (health data, Art. 9 GDPR) go much earlier and are deleted, not anonymised:
``settings.NEEDS_RETENTION_DAYS`` days after the event ends (``delete_due_needs``).
"""

import logging
import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event
from participants.models import (
    AccessToken,
    Answer,
    Consent,
    EmailMessage,
    EventStatistic,
    Needs,
    ParticipantKind,
    Registration,
    WorkshopBooking,
)

logger = logging.getLogger(__name__)

ANONYMOUS_NAME = "Anonymisiert"
PLACEHOLDER_DOMAIN = "anonymisiert.invalid"  # .invalid never delivers (RFC 2606)
Dimension = EventStatistic.Dimension


def retention_days(event: Event) -> int:
    if event.retention_days is not None:
        return event.retention_days
    return settings.RETENTION_DAYS


def purge_date(event: Event) -> datetime:
    """When the personal data of this event's registrations is anonymised."""
    return event.end + timedelta(days=retention_days(event))


def placeholder_email(registration_id: int) -> str:
    return f"{registration_id}@{PLACEHOLDER_DOMAIN}"


def due_events(*, now: datetime | None = None) -> list[Event]:
    """Events past their retention period that still hold personal data."""
    now = now or timezone.now()
    personal = Registration.objects.filter(
        event=OuterRef("pk"), anonymised_at__isnull=True
    )
    logged = EmailMessage.objects.filter(event=OuterRef("pk")).exclude(
        recipient__endswith=f"@{PLACEHOLDER_DOMAIN}"
    )
    candidates = Event.objects.filter(end__lte=now).filter(
        Exists(personal) | Exists(logged)
    )
    return [event for event in candidates if purge_date(event) <= now]


def anonymise_due_events(*, now: datetime | None = None) -> dict[int, int]:
    """Store the statistics of each event past its retention period, then anonymise
    its registrations, answers, links and email log. Returns {event id: number of
    registrations anonymised}; running it again changes nothing."""
    now = now or timezone.now()
    done = {}
    for event in due_events(now=now):
        with transaction.atomic():
            # The registration services lock this row first: nobody changes a
            # registration of this event while it is anonymised.
            event = Event.objects.select_for_update().get(pk=event.pk)
            record_statistics(event=event, now=now)
            registrations = Registration.objects.filter(
                event=event, anonymised_at__isnull=True
            )
            done[event.pk] = anonymise_registrations(registrations, now=now)
            _anonymise_emails(EmailMessage.objects.filter(event=event))
    return done


def delete_due_needs(*, now: datetime | None = None) -> dict[int, int]:
    """Delete the needs of every event that ended NEEDS_RETENTION_DAYS or more
    ago; log the count per event (no personal data). Returns {event id: number
    of needs deleted}; running it again deletes nothing more."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NEEDS_RETENTION_DAYS)
    due = Needs.objects.filter(registration__event__end__lte=cutoff)
    with transaction.atomic():
        counts = dict(
            due.values_list("registration__event_id").annotate(n=Count("pk")).order_by()
        )
        Needs.objects.filter(pk__in=due.values("pk")).delete()
    for event_id, count in sorted(counts.items()):
        logger.info("needs deleted: event=%s count=%s", event_id, count)
    return counts


def record_statistics(*, event: Event, now: datetime | None = None) -> int:
    """Replace the event's EventStatistic rows with counts from its registrations;
    returns how many rows were written. Only reads rows that survive anonymising."""
    now = now or timezone.now()
    rows = list(
        Registration.objects.filter(event=event).values_list(
            "pk",
            "status",
            "participant_kind",
            "municipality_id",
            "municipality__name",
            "mode",
            "checked_in_at",
        )
    )
    confirmed = {
        pk: (kind, town, town_name, mode, checked_in is not None)
        for pk, status, kind, town, town_name, mode, checked_in in rows
        if status == Registration.Status.CONFIRMED
    }
    counts: dict[tuple[str, str], list] = {}

    def add(dimension, key, label, attended):
        entry = counts.setdefault((dimension, str(key)), [label, 0, 0])
        entry[1] += 1
        entry[2] += int(bool(attended))

    kinds = dict(ParticipantKind.choices)
    modes = dict(Registration.Mode.choices)
    for kind, town, town_name, mode, attended in confirmed.values():
        add(Dimension.TOTAL, "confirmed", _("Bestätigte Anmeldungen"), attended)
        add(Dimension.KIND, kind, str(kinds.get(kind, kind)), attended)
        add(
            Dimension.MUNICIPALITY,
            town or "none",
            town_name or _("Keine Angabe"),
            attended,
        )
        add(Dimension.MODE, mode, str(modes.get(mode, mode)), attended)

    bookings = WorkshopBooking.objects.filter(
        registration__event=event, status=WorkshopBooking.Status.BOOKED
    ).values_list("registration_id", "workshop_id", "workshop__code", "workshop__title")
    for registration_id, workshop_id, code, title in bookings:
        if registration_id in confirmed:
            label = f"{code}: {title}" if code else title
            add(Dimension.WORKSHOP, workshop_id, label, confirmed[registration_id][4])

    statuses = dict(Registration.Status.choices)
    status_counts = Counter(status for _pk, status, *_rest in rows)
    consent_counts = Counter(
        Consent.objects.filter(
            registration__event=event, withdrawn_at__isnull=True
        ).values_list("kind", flat=True)
    )
    consent_labels = dict(Consent.Kind.choices)

    objects = [
        EventStatistic(
            event=event,
            dimension=dimension,
            key=key,
            label=str(label)[:300],
            count=count,
            attended=attended,
            recorded_at=now,
        )
        for (dimension, key), (label, count, attended) in counts.items()
    ]
    objects += [
        EventStatistic(
            event=event,
            dimension=Dimension.STATUS,
            key=status,
            label=str(statuses.get(status, status)),
            count=count,
            recorded_at=now,
        )
        for status, count in status_counts.items()
    ]
    objects += [
        EventStatistic(
            event=event,
            dimension=Dimension.CONSENT,
            key=kind,
            label=str(consent_labels.get(kind, kind)),
            count=count,
            recorded_at=now,
        )
        for kind, count in consent_counts.items()
    ]
    EventStatistic.objects.filter(event=event).delete()
    EventStatistic.objects.bulk_create(objects)
    return len(objects)


def anonymise_registrations(registrations, *, now: datetime | None = None) -> int:
    """Remove everything that names a person from these registrations (a queryset)
    and their answers, links and emails; returns how many were anonymised. Seats
    are not touched: cancel active registrations of upcoming events first."""
    now = now or timezone.now()
    ids = list(
        registrations.filter(anonymised_at__isnull=True)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Answer.objects.filter(registration_id__in=ids).delete()
    Needs.objects.filter(registration_id__in=ids).delete()
    AccessToken.objects.filter(registration_id__in=ids).delete()
    _anonymise_emails(EmailMessage.objects.filter(registration_id__in=ids))
    # Per row: the email placeholder and the new check-in code are unique.
    Registration.objects.bulk_update(
        [
            Registration(
                pk=pk,
                first_name=ANONYMOUS_NAME,
                last_name=ANONYMOUS_NAME,
                email=placeholder_email(pk),
                organisation="",
                checkin_code=uuid.uuid4(),
                anonymised_at=now,
            )
            for pk in ids
        ],
        [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "checkin_code",
            "anonymised_at",
        ],
        batch_size=500,
    )
    return len(ids)


def _anonymise_emails(messages) -> None:
    """Keep kind, time and status of logged emails; drop address and contents.
    Emails not sent yet are deleted: their address is gone, and a worker that
    picks one up later finds nothing to send."""
    messages = messages.exclude(recipient__endswith=f"@{PLACEHOLDER_DOMAIN}")
    messages.filter(status=EmailMessage.Status.PENDING).delete()
    EmailMessage.objects.bulk_update(
        [
            EmailMessage(
                pk=pk,
                recipient=placeholder_email(registration_id or f"email-{pk}"),
                context={},
                last_error="",
            )
            for pk, registration_id in messages.values_list("pk", "registration_id")
        ],
        ["recipient", "context", "last_error"],
        batch_size=500,
    )
