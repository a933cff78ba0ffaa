"""Which registrations an export holds, and in which order."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import Prefetch, QuerySet

from events.models import Event
from participants.collation import in_german_order
from participants.models import Question, Registration, WorkshopBooking
from workshops.models import AllocationRun, TimeSlot, Workshop

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ExportFilters:
    """The filters of the admin's registration list, applied to an export."""

    status: str = ""
    mode: str = ""
    participant_kind: str = ""
    municipality_id: int | None = None
    workshop: Workshop | None = None

    def as_log(self) -> dict:
        data = {
            "status": self.status,
            "mode": self.mode,
            "participant_kind": self.participant_kind,
            "municipality": self.municipality_id,
            "workshop": self.workshop.pk if self.workshop else None,
        }
        return {key: value for key, value in data.items() if value not in ("", None)}


@dataclass
class Selection:
    """The registrations of one export; iterating reads them in chunks."""

    event: Event
    filters: ExportFilters
    registrations: QuerySet

    def __iter__(self) -> Iterator[Registration]:
        return self.registrations.iterator(chunk_size=CHUNK_SIZE)

    @cached_property
    def questions(self) -> list[Question]:
        """The organiser's extra questions, one column each in CSV and XLSX."""
        return list(self.event.questions.order_by("order", "id"))

    def awaiting_allocation(self) -> bool:
        """True for a workshop whose seats are given out by wishes and whose
        allocation has not been committed yet: its list is empty for that reason."""
        workshop = self.filters.workshop
        slot = workshop.time_slot if workshop else None
        if slot is None or slot.allocation != TimeSlot.Allocation.PREFERENCE:
            return False
        return not AllocationRun.objects.filter(
            time_slot=slot, status=AllocationRun.Status.COMMITTED
        ).exists()

    def only_onsite(self) -> "Selection":
        """The selection narrowed to on-site participants unless its filters
        already chose a mode (badges and sign-in sheets are for people present)."""
        if self.filters.mode:
            return self
        onsite = Registration.Mode.ONSITE
        return Selection(
            event=self.event,
            filters=replace(self.filters, mode=onsite),
            registrations=self.registrations.filter(mode=onsite),
        )


def select(*, event: Event, filters: ExportFilters) -> Selection:
    """Registrations of ``event`` matching ``filters``, in German order of names."""
    queryset = Registration.objects.filter(event=event)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.mode:
        queryset = queryset.filter(mode=filters.mode)
    if filters.participant_kind:
        queryset = queryset.filter(participant_kind=filters.participant_kind)
    if filters.municipality_id:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.workshop:
        queryset = queryset.filter(
            bookings__workshop=filters.workshop,
            bookings__status=WorkshopBooking.Status.BOOKED,
        )
    booked = WorkshopBooking.objects.filter(
        status=WorkshopBooking.Status.BOOKED
    ).select_related("workshop")
    queryset = (
        queryset.with_photo_consent()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("bookings", queryset=booked, to_attr="booked"), "answers"
        )
    )
    queryset = in_german_order(queryset)
    return Selection(event=event, filters=filters, registrations=queryset)
