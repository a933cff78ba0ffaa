"""The personal page of a registration: workshops, mode, cancelling, consents,
calendar, check-in code and the person's data rights.

Reached only by a browser that opened the registration's personal link, or by a
signed-in user who verified its address (responses.personal).
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import ics
from events.models import Event
from participants import qr, selectors, services
from participants.forms import ModeForm, WorkshopChangeForm
from participants.models import Consent, Needs, Registration
from participants.responses import (
    SESSION_KEY,
    handles_try_again,
    message_page,
    personal,
)
from participants.services import data_rights
from workshops import selectors as workshop_selectors
from workshops.models import TimeSlot


def _render_manage(
    request, registration, *, status=200, workshop_form=None, mode_form=None
):
    bookings = selectors.active_bookings(registration)
    changeable = selectors.can_change(registration)
    event = registration.event
    if workshop_form is None:
        workshop_form = WorkshopChangeForm(registration=registration, bookings=bookings)
    if mode_form is None and event.format == Event.Format.HYBRID:
        mode_form = ModeForm(initial={"mode": registration.mode})
    consents = {c.kind: c for c in registration.consents.all()}
    slot_states = workshop_form.slot_states()
    return render(
        request,
        "participants/manage.html",
        {
            "registration": registration,
            "event": event,
            "bookings": _booking_rows(bookings, slot_states),
            "allocation_pending": "waiting" in slot_states.values(),
            "plan_lines": (
                workshop_selectors.personal_plan_lines(registration=registration)
                if registration.status in Registration.ACTIVE_STATUSES
                else []
            ),
            "position": selectors.waitlist_position(registration),
            "changeable": changeable,
            "workshops_open": event.workshops_open_to(registration.mode),
            "workshop_form": workshop_form if workshop_form.fields else None,
            # A form without fields left (wishes closed meanwhile) shows its errors.
            "workshop_errors": (
                [] if workshop_form.fields else workshop_form.non_field_errors()
            ),
            "mode_form": mode_form if changeable else None,
            "consents": [
                consents[kind]
                for kind in (
                    Consent.Kind.PHOTOS,
                    Consent.Kind.PARTICIPANT_LIST,
                    Consent.Kind.HEALTH_DATA,
                )
                if kind in consents
            ],
            "needs": Needs.objects.filter(registration=registration).first(),
            "group_members": list(
                registration.group_members.order_by("last_name", "first_name")
            ),
            "privacy_consent": consents.get(Consent.Kind.PRIVACY_NOTICE),
            "answers": list(registration.answers.all()),
            "checkin_code": (
                qr.display_code(registration) if qr.shows_code(registration) else None
            ),
        },
        status=status,
    )


def _booking_rows(bookings, slot_states) -> list[tuple]:
    """(booking, waiting-list position, allocation state) in programme order,
    wishes by rank; the state is "wishes", "waiting", "allocated" or None."""
    slot_order = {}
    for booking in bookings:
        slot_order.setdefault(booking.workshop.time_slot_id, len(slot_order))
    rows = []
    for booking in sorted(
        bookings,
        key=lambda b: (slot_order[b.workshop.time_slot_id], b.preference_rank or 0),
    ):
        slot = booking.workshop.time_slot
        state = slot_states.get(slot.pk) if slot else None
        if state is None and slot and slot.allocation == TimeSlot.Allocation.PREFERENCE:
            state = "allocated"
        rows.append((booking, selectors.booking_position(booking), state))
    return rows


@personal
def manage(request, registration):
    return _render_manage(request, registration)


@require_POST
@personal
@handles_try_again
def change_workshops(request, registration):
    form = WorkshopChangeForm(
        request.POST,
        registration=registration,
        bookings=selectors.active_bookings(registration),
    )
    if not form.is_valid():
        return _render_manage(request, registration, status=400, workshop_form=form)
    try:
        services.change_workshops(
            registration=registration, workshops=form.chosen_workshops()
        )
    except services.TryAgain:
        raise
    except services.RegistrationError as exc:
        messages.error(request, exc.message)
        return _render_manage(request, registration, status=409)
    messages.success(request, _("Ihre Workshop-Auswahl ist gespeichert."))
    return redirect("participants:manage", pk=registration.pk)


@require_POST
@personal
@handles_try_again
def switch_mode(request, registration):
    form = ModeForm(request.POST)
    if not form.is_valid():
        return _render_manage(request, registration, status=400, mode_form=form)
    try:
        services.switch_mode(registration=registration, mode=form.cleaned_data["mode"])
    except services.TryAgain:
        raise
    except services.RegistrationError as exc:
        messages.error(request, exc.message)
        return _render_manage(request, registration, status=409)
    messages.success(request, _("Ihre Teilnahmeart ist geändert."))
    return redirect("participants:manage", pk=registration.pk)


@require_http_methods(["GET", "POST"])
@personal
@handles_try_again
def cancel(request, registration):
    if registration.status not in Registration.ACTIVE_STATUSES:
        return redirect("participants:manage", pk=registration.pk)
    if request.method == "POST":
        try:
            services.cancel(registration=registration)
        except services.TryAgain:
            raise
        except services.RegistrationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Ihre Anmeldung ist storniert."))
        return redirect("participants:manage", pk=registration.pk)
    return render(
        request,
        "participants/cancel_confirm.html",
        {"registration": registration, "event": registration.event},
    )


@require_POST
@personal
def withdraw_consent(request, registration, kind):
    if kind not in (
        Consent.Kind.PHOTOS,
        Consent.Kind.PARTICIPANT_LIST,
        Consent.Kind.HEALTH_DATA,
    ):
        return message_page(
            request,
            title=_("Nicht gefunden"),
            message=_("Diese Einwilligung gibt es nicht."),
            status=404,
        )
    if services.withdraw_consent(registration=registration, kind=kind):
        messages.success(request, _("Ihre Einwilligung ist widerrufen."))
    return redirect("participants:manage", pk=registration.pk)


@personal
def checkin_image(request, registration):
    if not qr.shows_code(registration):
        raise Http404
    code = qr.display_code(registration)
    return HttpResponse(qr.qr_png(code), content_type="image/png")


@personal
def calendar(request, registration):
    event = registration.event
    body = ics.calendar_for([event], name=event.full_title, base_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


# Data subject rights -------------------------------------------------------------


@personal
def download_data(request, registration):
    """Everything stored about the registration's email address, as JSON."""
    data = data_rights.export_personal_data(email=registration.email)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@require_http_methods(["GET", "POST"])
@personal
@handles_try_again
def erase_data(request, registration):
    """Ask, then cancel and anonymise every registration of this address."""
    if request.method == "POST":
        data_rights.erase_personal_data(email=registration.email)
        request.session.pop(SESSION_KEY, None)
        request.session.cycle_key()
        messages.success(
            request,
            _(
                "Ihre Daten sind gelöscht. Offene Anmeldungen sind storniert; "
                "übrig bleiben nur anonyme Zahlen für die Statistik."
            ),
        )
        return redirect("events:event_list")
    registrations = (
        data_rights.registrations_of(registration.email)
        .select_related("event")
        .order_by("event__start")
    )
    return render(
        request,
        "participants/erase_confirm.html",
        {
            "registration": registration,
            "event": registration.event,
            "registrations": registrations,
        },
    )
