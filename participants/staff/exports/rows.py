"""Which registrations an export holds, and in which order."""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch, QuerySet

from events.models import Event
from participants.models import Question, Registration, WorkshopBooking
from workshops.models import Workshop

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


def select(*, event: Event, filters: ExportFilters) -> Selection:
    """Registrations of ``event`` matching ``filters``, ordered by name."""
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
        queryset.select_related("municipality")
        .prefetch_related(
            Prefetch("bookings", queryset=booked, to_attr="booked"), "answers"
        )
        .order_by("last_name", "first_name", "id")
    )
    return Selection(event=event, filters=filters, registrations=queryset)
