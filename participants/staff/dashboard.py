"""Figures for the staff dashboard of one event; a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from events.models import Event, Places
from participants.models import (
    ParticipantKind,
    Registration,
    WorkshopBooking,
    lapsed_q,
    seat_q,
)
from workshops.models import Workshop

from .checkin import attendance

MAX_DAYS = 120


@dataclass(frozen=True)
class Bar:
    day: date
    count: int
    total: int  # registrations up to and including this day
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    maximum: int
    ticks: list[tuple[float, int]]  # (y, value) of the horizontal grid lines


def registrations_per_day(*, event: Event) -> list[tuple[date, int]]:
    """New registrations per local calendar day, empty days included."""
    rows = (
        Registration.objects.filter(event=event)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    counts = {row["day"]: row["count"] for row in rows}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    if (last - first).days >= MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS - 1)
        earlier = sum(n for day, n in counts.items() if day < first)
        counts[first] = counts.get(first, 0) + earlier
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(day, counts.get(day, 0)) for day in days]


def bar_chart(series: list[tuple[date, int]], width=720, height=240) -> Chart:
    """Geometry of an SVG bar chart, computed here so the template stays simple."""
    left, top, bottom = 40, 10, 30
    plot_h = height - top - bottom
    maximum = max((count for _day, count in series), default=0)
    scale_max = max(maximum, 1)
    slot = (width - left - 10) / max(len(series), 1)
    bars, total = [], 0
    for index, (day, count) in enumerate(series):
        total += count
        bar_h = plot_h * count / scale_max
        bars.append(
            Bar(
                day=day,
                count=count,
                total=total,
                x=round(left + index * slot + slot * 0.1, 2),
                y=round(top + plot_h - bar_h, 2),
                width=round(max(slot * 0.8, 1), 2),
                height=round(bar_h, 2),
            )
        )
    step = max(1, -(-scale_max // 4))
    ticks = [
        (round(top + plot_h - plot_h * value / scale_max, 2), value)
        for value in range(0, scale_max + 1, step)
    ]
    return Chart(
        bars=bars,
        width=width,
        height=height,
        baseline=top + plot_h,
        maximum=maximum,
        ticks=ticks,
    )


def _labelled(counts: dict, choices) -> list[tuple[str, int]]:
    return [(label, counts.get(value, 0)) for value, label in choices]


def _seats_and_statuses(*, event: Event, now: datetime) -> tuple[list, dict]:
    """Seats per mode the event offers, and registrations per status, in one query.

    A lapsed registration (its time to confirm ran out) holds no seat and waits
    for none; it is shown as expired, which the sweep will make it within minutes.
    """
    Status, Mode = Registration.Status, Registration.Mode
    lapsed = lapsed_q(now)
    counts = {"lapsed": Count("id", filter=lapsed)}
    for status in Status.values:
        counts[status] = Count("id", filter=Q(status=status) & ~lapsed)
    for mode in Mode.values:
        counts[f"taken_{mode}"] = Count("id", filter=seat_q(now) & Q(mode=mode))
        counts[f"waiting_{mode}"] = Count(
            "id", filter=Q(status=Status.WAITLISTED, mode=mode) & ~lapsed
        )
    figures = Registration.objects.filter(event=event).aggregate(**counts)
    offered = ((Mode.ONSITE, event.has_onsite), (Mode.ONLINE, event.has_online))
    modes = [mode for mode, offers in offered if offers]
    seats = [
        (
            mode.label,
            Places(
                capacity=event.capacity_for(mode),
                taken=figures[f"taken_{mode}"],
                waiting=figures[f"waiting_{mode}"],
            ),
        )
        for mode in modes
    ]
    statuses = {status: figures[status] for status in Status.values}
    statuses[Status.EXPIRED] += figures["lapsed"]
    return seats, statuses


def dashboard(*, event: Event) -> dict:
    """Everything the dashboard shows about ``event``."""
    now = timezone.now()
    seats, status_counts = _seats_and_statuses(event=event, now=now)
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    )
    mode_counts = dict(confirmed.values_list("mode").annotate(n=Count("id")).order_by())
    kind_counts = dict(
        confirmed.values_list("participant_kind").annotate(n=Count("id")).order_by()
    )
    # A workshop seat counts, taken or waited for, only for someone who holds a
    # seat at the event.
    holding = seat_q(now, prefix="bookings__registration__")
    workshops = (
        Workshop.objects.filter(event=event)
        .select_related("time_slot")
        .annotate(
            taken=Count(
                "bookings",
                filter=holding & Q(bookings__status=WorkshopBooking.Status.BOOKED),
            ),
            waiting=Count(
                "bookings",
                filter=holding & Q(bookings__status=WorkshopBooking.Status.WAITLISTED),
            ),
        )
        .order_by("time_slot__start", "order", "code", "id")
    )
    series = registrations_per_day(event=event)
    return {
        "chart": bar_chart(series),
        "total": sum(status_counts.values()),
        "seats": seats,
        "by_status": _labelled(status_counts, Registration.Status.choices),
        "by_mode": _labelled(mode_counts, Registration.Mode.choices),
        "by_kind": _labelled(kind_counts, ParticipantKind.choices),
        "workshops": list(workshops),
        "attendance": attendance(event=event),
    }
