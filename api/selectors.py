"""Reads for the API: each list fetches what its serializer touches at once,
so its query count does not grow with its rows (tests/api/test_public.py)."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from events import selectors as event_selectors
from events.models import Event, Speaker, Venue
from participants.models import EventStatistic, Registration
from projects.models import Municipality, Project


def events(*, params) -> QuerySet[Event]:
    """Visible events narrowed by the public list's filters: place, municipality,
    project (slugs), year, format, kind, and when=upcoming|past."""
    found = {
        name: _by_slug(Project if name == "project" else Municipality, params.get(name))
        for name in ("place", "municipality", "project")
    }
    if any(params.get(name) and found[name] is None for name in found):
        return Event.objects.none()  # an unknown slug matches nothing
    queryset = event_selectors.filter_events(
        event_selectors.public_events(),
        **found,
        year=_year(params.get("year")),
        format=params.get("format", ""),
        kind=params.get("kind", ""),
    )
    now = timezone.now()
    when = params.get("when", "")
    if when == "upcoming":
        return queryset.upcoming(now).order_by("start", "pk")
    if when == "past":
        return queryset.past(now).order_by("-start", "-pk")
    return queryset.order_by("start", "pk")


def _by_slug(model, slug):
    if not slug:
        return None
    return model.objects.filter(slug=slug).first()


def _year(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def speakers() -> QuerySet[Speaker]:
    """People named in the programme or a workshop of a visible event."""
    visible = Event.objects.visible().values("pk")
    return (
        Speaker.objects.filter(
            Q(contributions__programme_item__event__in=visible)
            | Q(workshop_contributions__workshop__event__in=visible)
        )
        .distinct()
        .select_related("organisation", "municipality", "project")
        .order_by("last_name", "first_name", "pk")
    )


def venues() -> QuerySet[Venue]:
    return Venue.objects.select_related("municipality").order_by("city", "name", "pk")


def projects() -> QuerySet[Project]:
    return Project.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    ).order_by("name", "pk")


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name", "pk")


# --- for a token: everything is scoped to the token's project ----------------


def project_events(*, token) -> QuerySet[Event]:
    return Event.objects.filter(host_project_id=token.project_id)


def registrations(*, token, params=None) -> QuerySet[Registration]:
    """Registrations of the token's project's events, with the list's filters
    (event id, status, mode, participant_kind, email)."""
    params = params or {}
    queryset = (
        Registration.objects.filter(event__host_project_id=token.project_id)
        .select_related("event", "municipality")
        .order_by("event_id", "pk")
    )
    if params.get("event", "").isdigit():
        queryset = queryset.filter(event_id=int(params["event"]))
    for name in ("status", "mode", "participant_kind"):
        if params.get(name):
            queryset = queryset.filter(**{name: params[name]})
    if params.get("email"):
        queryset = queryset.filter(email__iexact=params["email"].strip())
    return queryset


def statistics(*, event: Event) -> QuerySet[EventStatistic]:
    return EventStatistic.objects.filter(event=event).order_by(
        "dimension", "-count", "label"
    )
