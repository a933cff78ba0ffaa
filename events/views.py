from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.caching import cached_public_page

from . import ics, jsonld, selectors
from .forms import EventFilterForm
from .models import Event


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _registration_url(event: Event) -> str | None:
    if not event.registration_is_open():
        return None
    return reverse("participants:register", args=[event.slug])


def _registration_state(event: Event) -> str | None:
    """ "open", "not_yet", "closed", or None when there is nothing to say; read
    off Event.registration_closed_reason, the one rule of an open registration."""
    if event.status != Event.Status.PUBLISHED or event.is_past:
        return None
    reason = event.registration_closed_reason()
    if reason is None:
        return "open"
    if reason == "not_open":
        return "not_yet" if event.registration_opens else None
    return "closed"  # closed, or started and not over yet


@require_GET
@cached_public_page
def event_list(request):
    form = EventFilterForm(request.GET or None)
    events = selectors.filter_events(selectors.public_events(), **form.filters())
    upcoming, past = selectors.split_upcoming_past(events)
    query = form.query_string()
    feed_path = reverse("events:feed") + (f"?{query}" if query else "")
    feed_url = request.build_absolute_uri(feed_path)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "upcoming": upcoming,
            "past": past,
            "is_filtered": bool(query),
            "result_count": len(upcoming) + len(past),
            "feed_path": feed_path,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@require_GET
def feed(request):
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    if form.is_bound and form.errors:
        return HttpResponse(
            _("Unbekannter Filter: %(fields)s") % {"fields": ", ".join(form.errors)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    events = selectors.filter_events(selectors.public_events(), **filters)
    name = _("Smart Cities Südwestfalen – Konferenzen")
    labels = form.describe()
    if labels:
        name = f"{name}: {', '.join(labels)}"
    body = ics.calendar_for(
        events.order_by("start"), name=name, base_url=_base_url(request)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


@require_GET
@cached_public_page
def event_detail(request, slug):
    event = selectors.event_for_page(slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    organizer_url = request.build_absolute_uri(event.host_project.get_absolute_url())
    workshop_slots = selectors.workshops_by_slot(event)
    structured = jsonld.event_data(event, url=url, organizer_url=organizer_url)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "programme_days": selectors.programme_by_day(event),
            "workshop_slots": workshop_slots,
            "has_slot_headings": any(slot for slot, _workshops in workshop_slots),
            "speakers": selectors.speakers_of(event),
            "registration_url": _registration_url(event),
            "registration_state": _registration_state(event),
            "show_places": (
                event.status == Event.Status.PUBLISHED and not event.is_past
            ),
            "json_ld": jsonld.as_script_content(structured),
        },
    )


@require_GET
def event_ics(request, slug):
    event = get_object_or_404(selectors.public_events(), slug=slug)
    body = ics.calendar_for([event], name=event.full_title, base_url=_base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def csrf_failure(request, reason=""):
    """A form without a valid CSRF token: our page in the visitor's language
    instead of Django's technical one; the reason stays in the log."""
    return render(request, "403_csrf.html", status=403)
