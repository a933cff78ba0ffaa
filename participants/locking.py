"""The one place that takes the row locks guarding seats.

Every change that can take or free a seat runs inside ``seat_lock(event_id)``:
it locks the event row first, then (if asked) registration rows, then workshop
rows in id order; rotation plans come last (workshops.services takes them). Two
transactions on the same event therefore queue behind the event row and never
lock in opposite orders, so two people never take the last seat together and no
two services deadlock.
Asking for an earlier group after a later one is a programming error and raises
LockOrderError before any row is touched.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from events.models import Event
from participants.models import Registration
from participants.services.errors import TryAgain
from workshops.models import Workshop

_EVENT, _REGISTRATIONS, _WORKSHOPS = range(3)


class LockOrderError(RuntimeError):
    """A lock was asked for out of the documented order."""


def _lock_failure(exc: OperationalError) -> bool:
    # 55P03 lock_not_available (lock_timeout), 40P01 deadlock_detected.
    return getattr(exc.__cause__, "pgcode", None) in ("55P03", "40P01")


@contextmanager
def capacity_transaction() -> Iterator[None]:
    """A transaction whose lock waits end after REGISTRATION_LOCK_TIMEOUT; a lock
    that cannot be had in time becomes TryAgain (the person is asked to retry)."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)",
                        [settings.REGISTRATION_LOCK_TIMEOUT],
                    )
            yield
    except OperationalError as exc:
        if _lock_failure(exc):
            raise TryAgain() from exc
        raise


class SeatLock:
    """The locked event of one capacity transaction, and the later locks."""

    def __init__(self, event: Event, now: datetime):
        self.event = event
        self.now = now
        self._stage = _EVENT

    def _enter(self, stage: int, what: str) -> None:
        if stage < self._stage:
            raise LockOrderError(
                f"{what} locked after a later group (order: event, "
                "registrations, workshops)"
            )
        self._stage = stage

    def registration(self, pk: int) -> Registration:
        self._enter(_REGISTRATIONS, "registration")
        registration = Registration.objects.select_for_update().get(pk=pk)
        registration.event = self.event
        return registration

    def registrations(self, queryset) -> list[Registration]:
        """Lock the rows of ``queryset``, in its own order: the event row, held
        already, keeps any other capacity transaction from waiting on them."""
        self._enter(_REGISTRATIONS, "registrations")
        return list(queryset.select_for_update(of=("self",)))

    def workshops(self, ids: Iterable[int]) -> dict[int, Workshop]:
        self._enter(_WORKSHOPS, "workshops")
        workshops = (
            Workshop.objects.filter(pk__in=sorted(set(ids)))
            .order_by("pk")
            .select_for_update(of=("self",))
            .select_related("time_slot")
        )
        return {w.pk: w for w in workshops}


@contextmanager
def seat_lock(event_id: int) -> Iterator[SeatLock]:
    """Open a capacity transaction and lock the event row (see the module)."""
    with capacity_transaction():
        event = Event.objects.select_for_update().get(pk=event_id)
        yield SeatLock(event, timezone.now())
