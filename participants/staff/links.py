"""The back office of one event as a list of links, shown wherever staff are.

The admin index, an event's admin page and the staff pages all show the same
links (dashboard, registrations, exports, badges, sign-in sheet, check-in,
allocation), each only to those whose role opens it, so nobody has to know an
address by heart.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.permissions import Perm, projects_for
from events.models import Event
from workshops.models import AllocationRun, TimeSlot


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    kind: str  # a CSS hook: "page", "list", "download", "allocation"


@dataclass(frozen=True)
class Rights:
    """The projects in which the user holds each right: read once per page."""

    superuser: bool
    projects: dict[Perm, frozenset[int]]

    def may(self, perm: Perm, event: Event) -> bool:
        return self.superuser or event.host_project_id in self.projects[perm]


def rights_of(user) -> Rights:
    return Rights(
        superuser=user.is_superuser,
        projects={
            perm: frozenset(projects_for(user, perm).values_list("pk", flat=True))
            for perm in Perm
        },
    )


def _download(event: Event, export_format: str) -> str:
    url = reverse("staff:export_download", kwargs={"slug": event.slug})
    return f"{url}?{urlencode({'format': export_format, 'status': 'confirmed'})}"


def preference_slots(events) -> dict[int, list[TimeSlot]]:
    """Preference time slots per event id, each with its newest allocation runs."""
    runs = AllocationRun.objects.exclude(
        status=AllocationRun.Status.DISCARDED
    ).order_by("-created_at", "-pk")
    slots = (
        TimeSlot.objects.filter(
            event__in=events, allocation=TimeSlot.Allocation.PREFERENCE
        )
        .prefetch_related(Prefetch("allocation_runs", queryset=runs, to_attr="runs"))
        .order_by("start", "label", "pk")
    )
    by_event: dict[int, list[TimeSlot]] = {}
    for slot in slots:
        by_event.setdefault(slot.event_id, []).append(slot)
    return by_event


def event_links(*, event: Event, rights: Rights, slots: list[TimeSlot]) -> list[Link]:
    """What this user may open for ``event``, in the order of a conference day."""
    slug = {"slug": event.slug}
    links = []
    if rights.may(Perm.VIEW, event):
        links.append(
            Link(_("Übersicht"), reverse("staff:dashboard", kwargs=slug), "page")
        )
        registrations = reverse("admin:participants_registration_changelist")
        links.append(
            Link(
                _("Anmeldungen"),
                f"{registrations}?{urlencode({'event__id__exact': event.pk})}",
                "list",
            )
        )
    if rights.may(Perm.EXPORT, event):
        links += [
            Link(
                _("Listen und Exporte"), reverse("staff:exports", kwargs=slug), "page"
            ),
            Link(_("Namensschilder (PDF)"), _download(event, "badges"), "download"),
            Link(_("Teilnehmendenliste (PDF)"), _download(event, "signin"), "download"),
        ]
    if rights.may(Perm.CHECK_IN, event):
        links.append(Link(_("Check-in"), reverse("staff:checkin", kwargs=slug), "page"))
    for slot in slots:
        run = slot.runs[0] if slot.runs else None
        if run is not None and rights.may(Perm.VIEW, event):
            links.append(
                Link(
                    _("Zuteilung %(slot)s") % {"slot": slot.label},
                    reverse("workshops:allocation_preview", args=[run.pk]),
                    "allocation",
                )
            )
        elif run is None and rights.may(Perm.MANAGE, event):
            slots_url = reverse("admin:workshops_timeslot_changelist")
            query = urlencode(
                {"event__id__exact": event.pk, "allocation__exact": "preference"}
            )
            links.append(
                Link(
                    _("Zuteilung %(slot)s berechnen") % {"slot": slot.label},
                    f"{slots_url}?{query}",
                    "allocation",
                )
            )
    return links


def events_with_links(*, user, events) -> list[tuple[Event, list[Link]]]:
    """(event, links) for each event: three queries for the rights and the slots."""
    events = list(events)
    rights = rights_of(user)
    slots = preference_slots(events)
    return [
        (event, event_links(event=event, rights=rights, slots=slots.get(event.pk, [])))
        for event in events
    ]
