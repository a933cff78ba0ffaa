"""Figures for the staff dashboard of one event; a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Places
from participants.models import (
    Need,
    Needs,
    ParticipantKind,
    Registration,
    WorkshopBooking,
    lapsed_q,
    seat_q,
)
from workshops.models import TimeSlot, Workshop

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


@dataclass(frozen=True)
class Segment:
    css: str  # a class of static/css/dashboard.css
    x: float  # in per cent of the bar's length
    width: float


@dataclass(frozen=True)
class BarRow:
    """One horizontal bar: the label and the figures are text, the bar a picture."""

    label: str
    text: str
    segments: list[Segment]
    marker: float | None = None  # e.g. the capacity, in per cent


def _percent(value: int, scale: int) -> float:
    return round(100 * value / scale, 2) if scale else 0.0


def stacked(parts: list[tuple[str, int]], scale: int) -> list[Segment]:
    """Segments side by side, ``parts`` as (css class, value), scaled to ``scale``."""
    segments, x = [], 0.0
    for css, value in parts:
        width = _percent(value, scale)
        if width:
            segments.append(Segment(css=css, x=round(x, 2), width=width))
        x += width
    return segments


def count_bars(rows: list[tuple[str, int]]) -> list[BarRow]:
    """Bars of counts, the longest as wide as the picture."""
    scale = max((count for _label, count in rows), default=0)
    return [
        BarRow(
            label=label, text=str(count), segments=stacked([("bar-a", count)], scale)
        )
        for label, count in rows
    ]


def seat_bars(workshops) -> list[BarRow]:
    """Booked seats, the waiting list after them, against the capacity."""
    scale = max(
        (max(w.capacity or 0, w.taken + w.waiting) for w in workshops), default=0
    )
    rows = []
    for w in workshops:
        capacity = "∞" if w.capacity is None else w.capacity
        text = f"{w.taken} / {capacity}"
        if w.waiting:
            text += " · " + _("%(count)d warten") % {"count": w.waiting}
        rows.append(
            BarRow(
                label=w.full_title,
                text=text,
                segments=stacked([("bar-a", w.taken), ("bar-wait", w.waiting)], scale),
                marker=None if w.capacity is None else _percent(w.capacity, scale),
            )
        )
    return rows


RANKS = 3  # wishes shown one by one; later ranks count with the third


def wish_bars(workshops, wishes: dict[tuple[int, int], int]) -> list[BarRow]:
    """Wishes per workshop by rank (first, second, third and later) against seats."""
    totals = {
        w.pk: sum(n for (pk, _rank), n in wishes.items() if pk == w.pk)
        for w in workshops
    }
    scale = max((max(totals[w.pk], w.capacity or 0) for w in workshops), default=0)
    rows = []
    for w in workshops:
        by_rank = [0] * RANKS
        for (pk, rank), n in wishes.items():
            if pk == w.pk:
                by_rank[min(rank, RANKS) - 1] += n
        capacity = "∞" if w.capacity is None else w.capacity
        rows.append(
            BarRow(
                label=w.full_title,
                text=_("%(first)d erste, %(total)d alle Wünsche · %(capacity)s Plätze")
                % {"first": by_rank[0], "total": totals[w.pk], "capacity": capacity},
                segments=stacked(
                    [(f"bar-rank{r + 1}", n) for r, n in enumerate(by_rank)], scale
                ),
                marker=None if w.capacity is None else _percent(w.capacity, scale),
            )
        )
    return rows


def _wishes(*, event: Event, now: datetime) -> dict[tuple[int, int], int]:
    """(workshop id, rank) -> wishes of people who hold a seat at the event."""
    rows = (
        WorkshopBooking.objects.filter(
            seat_q(now, prefix="registration__"),
            workshop__event=event,
            workshop__time_slot__allocation=TimeSlot.Allocation.PREFERENCE,
            preference_rank__isnull=False,
        )
        .exclude(status=WorkshopBooking.Status.CANCELLED)
        .values_list("workshop_id", "preference_rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(pk, rank): n for pk, rank, n in rows}


MUNICIPALITIES = 8  # the largest; the rest together as "other"


def _by_municipality(confirmed) -> list[tuple[str, int]]:
    rows = list(
        confirmed.values_list("municipality__name")
        .annotate(n=Count("id"))
        .order_by("-n", "municipality__name")
    )
    named = [(name, n) for name, n in rows if name]
    result = named[:MUNICIPALITIES]
    other = sum(n for _name, n in named[MUNICIPALITIES:])
    unknown = sum(n for name, n in rows if not name)
    if other:
        result.append((_("andere Kommunen"), other))
    if unknown:
        result.append((_("ohne Angabe"), unknown))
    return result


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


CATERING = (Need.VEGETARIAN, Need.VEGAN)
ACCESS = (Need.SIGN_LANGUAGE, Need.INDUCTION_LOOP, Need.STEP_FREE, Need.ASSISTANCE)


def needs_totals(*, event: Event, now: datetime | None = None) -> dict:
    """Totals of needs for catering and access (interpreters first), over those
    holding a seat: {"catering": [(label, count)], "access": [...]}. No names:
    for organisers with Perm.VIEW_NEEDS only."""
    totals = Needs.objects.totals(event=event, now=now)
    return {
        "catering": [(need.label, totals[need]) for need in CATERING]
        + [(_("Allergien und Unverträglichkeiten"), totals["allergies"])],
        "access": [(need.label, totals[need]) for need in ACCESS],
    }


def dashboard(*, event: Event, with_needs: bool = False) -> dict:
    """Everything the dashboard shows about ``event``; the needs totals only
    ``with_needs`` (the caller checks Perm.VIEW_NEEDS)."""
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
    present = attendance(event=event)
    workshops = list(workshops)
    preference = [
        w
        for w in workshops
        if w.time_slot and w.time_slot.allocation == TimeSlot.Allocation.PREFERENCE
    ]
    by_kind = _labelled(kind_counts, ParticipantKind.choices)
    return {
        "chart": bar_chart(series),
        "seat_bars": seat_bars(workshops),
        "wish_bars": wish_bars(preference, _wishes(event=event, now=now))
        if preference
        else [],
        "municipality_bars": count_bars(_by_municipality(confirmed)),
        "kind_bars": count_bars(by_kind),
        "total": sum(status_counts.values()),
        "key_figures": [
            (_("Anmeldungen"), sum(status_counts.values())),
            (_("Bestätigt"), status_counts[Registration.Status.CONFIRMED]),
            (_("Warteliste"), status_counts[Registration.Status.WAITLISTED]),
            (_("Eingecheckt"), present["present"]),
        ],
        "seats": seats,
        "by_status": _labelled(status_counts, Registration.Status.choices),
        "by_mode": _labelled(mode_counts, Registration.Mode.choices),
        "by_kind": by_kind,
        "workshops": workshops,
        "attendance": present,
        "needs_totals": needs_totals(event=event, now=now) if with_needs else None,
    }
