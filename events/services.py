"""Writes on whole events: copy to a new date, publish, unpublish, cancel, and
what follows when a capacity is raised."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.webhooks import queue as webhooks
from core.errors import DomainError
from events.models import Event, ProgrammeContribution
from participants.models import EmailMessage, Question, Registration
from participants.outbox.queue import queue_email
from participants.services import promote_waitlist
from workshops.models import Station, WorkshopContribution

# A capacity of the event (per mode) or of a workshop; None is no limit.
Capacity = int | None


class EventError(DomainError):
    """Base of the errors below; ``message`` is shown to organisers."""

    message = _("Das hat nicht geklappt.")


class AlreadyCancelled(EventError):
    message = _("Die Veranstaltung ist bereits abgesagt.")


class NotPublishable(EventError):
    message = _("Eine abgesagte Veranstaltung kann nicht wieder veröffentlicht werden.")


def _shifter(old_start: datetime, new_start: datetime):
    """Move datetimes so that their local wall-clock time keeps its distance to
    the start: 9:30 stays 9:30 even across a change to or from summer time."""
    delta = timezone.make_naive(new_start) - timezone.make_naive(old_start)

    def shift(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return timezone.make_aware(timezone.make_naive(value) + delta)

    return shift


def _clone_unsaved(obj, **changes):
    """The same row as a new, unsaved one with ``changes`` applied."""
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    obj.__dict__.pop("_prefetched_objects_cache", None)  # else .set() sees old rows
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj


def _clone(obj, **changes):
    obj = _clone_unsaved(obj, **changes)
    obj.save()
    return obj


@transaction.atomic
def copy_event(
    *,
    event: Event,
    new_start: datetime,
    title: str,
    slug: str,
    series_number: int | None = None,
) -> Event:
    """Copy an event to a new start as a draft: programme with contributions,
    time slots, workshops with contributions, stations and designers, questions
    and co-hosts, all times shifted alike. Registrations, allocations, rotation
    plans, materials and the documentation stay behind."""
    shift = _shifter(event.start, new_start)
    source = Event.objects.get(pk=event.pk)
    co_hosts = list(source.co_host_municipalities.all())
    copy = _clone(
        Event.objects.get(pk=event.pk),  # a second instance: source stays intact
        title=title,
        slug=slug,
        series_number=series_number,
        status=Event.Status.DRAFT,
        start=shift(source.start),
        end=shift(source.end),
        registration_opens=shift(source.registration_opens),
        registration_closes=shift(source.registration_closes),
        parent=None,
        documentation="",
        recording_url="",
        reported_participants=None,
    )
    copy.co_host_municipalities.set(co_hosts)

    for item in source.programme_items.prefetch_related("contributions"):
        contributions = list(item.contributions.all())
        new_item = _clone(
            item, event=copy, start=shift(item.start), end=shift(item.end)
        )
        ProgrammeContribution.objects.bulk_create(
            _clone_unsaved(c, programme_item=new_item) for c in contributions
        )

    slots = {}
    for slot in source.time_slots.all():
        old_pk = slot.pk
        slots[old_pk] = _clone(
            slot, event=copy, start=shift(slot.start), end=shift(slot.end)
        )

    workshops = source.workshops.prefetch_related(
        "contributions", "stations", "designed_by"
    )
    for workshop in workshops:
        contributions = list(workshop.contributions.all())
        stations = list(workshop.stations.all())
        designers = list(workshop.designed_by.all())
        new_workshop = _clone(
            workshop,
            event=copy,
            time_slot=slots.get(workshop.time_slot_id),
            documentation="",
        )
        new_workshop.designed_by.set(designers)
        WorkshopContribution.objects.bulk_create(
            _clone_unsaved(c, workshop=new_workshop) for c in contributions
        )
        Station.objects.bulk_create(
            _clone_unsaved(s, workshop=new_workshop) for s in stations
        )

    Question.objects.bulk_create(
        _clone_unsaved(q, event=copy) for q in source.questions.all()
    )
    return copy


def publish_event(*, event: Event) -> bool:
    """Publish a draft; returns False if it was published already."""
    if event.status == Event.Status.CANCELLED:
        raise NotPublishable()
    updated = Event.objects.filter(pk=event.pk, status=Event.Status.DRAFT).update(
        status=Event.Status.PUBLISHED, updated_at=timezone.now()
    )
    event.refresh_from_db(fields=["status", "updated_at"])
    if updated:
        webhooks.event(event=event, kind="event.published")
    return bool(updated)


def unpublish_event(*, event: Event) -> bool:
    """Take a published event off the public site (back to draft)."""
    updated = Event.objects.filter(pk=event.pk, status=Event.Status.PUBLISHED).update(
        status=Event.Status.DRAFT, updated_at=timezone.now()
    )
    event.refresh_from_db(fields=["status", "updated_at"])
    return bool(updated)


def cancel_event(*, event: Event) -> int:
    """Mark the event cancelled and queue an EVENT_CANCELLED email to every
    active registrant (pending, confirmed, waiting). Registrations keep their
    status as a record. Returns how many emails were queued."""
    with transaction.atomic():
        # The registration services lock this row too: nobody registers meanwhile.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise AlreadyCancelled()
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        webhooks.event(event=event, kind="event.cancelled")
        registrations = Registration.objects.filter(
            event=event,
            status__in=Registration.ACTIVE_STATUSES,
            anonymised_at__isnull=True,
        ).order_by("pk")
        queued = 0
        for registration in registrations:
            queue_email(
                registration=registration,
                kind=EmailMessage.Kind.EVENT_CANCELLED,
                dedupe_key=f"event_cancelled:{event.pk}:{registration.pk}",
            )
            queued += 1
    return queued


def capacity_raised(old: Capacity, new: Capacity) -> bool:
    """More seats than before. Lifting a limit raises it; a new limit, a lower one
    or the same one does not."""
    if old is None:
        return False
    return new is None or new > old


def apply_capacity_changes(
    *, event: Event, changes: list[tuple[Capacity, Capacity]]
) -> list[Registration]:
    """When any (old, new) capacity of the event or of one of its workshops was
    raised, give the new seats to the people waiting longest (promote_waitlist:
    an email each). Returns the registrations that moved up."""
    webhooks.event(event=event, kind="event.changed")
    if not any(capacity_raised(old, new) for old, new in changes):
        return []
    return promote_waitlist(event=event)
