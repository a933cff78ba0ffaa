"""Registration pages: the form, the links from the emails, the self-service page.

Personal links carry a token only until it is checked: the registration's id then
goes into the session (whose key is renewed) and the browser is redirected to a
page whose address holds no secret.
"""

import json
from functools import wraps

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from events import ics
from events.caching import cached_public_page, shared_fragment
from events.models import Event
from participants import checkin, selectors, services
from participants.forms import (
    ModeForm,
    RegistrationForm,
    ResendForm,
    WorkshopChangeForm,
)
from participants.models import Consent, Registration
from participants.services import data_rights
from workshops import selectors as workshop_selectors
from workshops.models import TimeSlot

SESSION_KEY = "participants_manage"

CLOSED_STATUS = {"cancelled": 410, "past": 410, "not_open": 403, "closed": 403}


def _register_rate(group, request):
    return settings.REGISTRATION_RATE_LIMIT


def _resend_rate(group, request):
    return settings.RESEND_RATE_LIMIT


def _too_many(request):
    return render(request, "429.html", status=429)


def _message_page(request, *, title, message, status, event=None, resend=False):
    return render(
        request,
        "participants/message.html",
        {"title": title, "message": message, "event": event, "resend": resend},
        status=status,
    )


def _try_again(request):
    return _message_page(
        request,
        title=_("Bitte noch einmal versuchen"),
        message=services.TryAgain.message,
        status=503,
    )


def handles_try_again(view):
    """A lock that could not be had in time gives a friendly 503, never a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.TryAgain:
            response = _try_again(request)
            response["Retry-After"] = "5"
            return response

    return wrapper


# Registering -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# The empty form is a public page: served from the cache like the conference page
# (invalidated by every registration, so "full – waiting list" is never stale).
@cached_public_page
@ratelimit(key="ip", rate=_register_rate, method="POST", block=False)
@handles_try_again
def register(request, slug):
    event = get_object_or_404(
        Event.objects.visible().select_related("venue"), slug=slug
    )
    if getattr(request, "limited", False):
        return _too_many(request)
    reason = selectors.closed_reason(event)
    if reason:
        return _closed(request, event, reason)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event)
        if form.is_spam:
            # Pretend success: a robot learns nothing, nothing is saved or sent.
            return redirect("participants:register_done", slug=event.slug)
        if form.is_valid():
            try:
                services.register(
                    event=event,
                    data=form.registration_data(),
                    language=request.LANGUAGE_CODE,
                )
            except services.AlreadyRegistered as exc:
                return _message_page(
                    request,
                    title=_("Bereits angemeldet"),
                    message=exc.message,
                    status=409,
                    event=event,
                    resend=True,
                )
            except services.RegistrationClosed as exc:
                return _closed(request, event, exc.reason)
            except services.TryAgain:
                raise
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("participants:register_done", slug=event.slug)
        status = 400
    else:
        form = RegistrationForm(event=event)
    return render(
        request,
        "participants/registration_form.html",
        {
            "event": event,
            "form": form,
            "form_html": None if form.is_bound else _empty_form_html(request, form),
        },
        status=status,
    )


def _empty_form_html(request, form) -> str:
    """The empty form is the same for everyone while its places are: rendered
    once (crispy's templates are the page's main cost) and shared."""
    return shared_fragment(
        request,
        f"registration-form:{form.render_signature()}",
        lambda: render_crispy_form(form, context={"csrf_token": get_token(request)}),
    )


def _closed(request, event, reason):
    return _message_page(
        request,
        title=_("Keine Anmeldung möglich"),
        message=services.RegistrationClosed.MESSAGES[reason],
        status=CLOSED_STATUS.get(reason, 403),
        event=event,
    )


def register_done(request, slug):
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    return render(
        request,
        "participants/registration_done.html",
        {"event": event, "confirm_hours": settings.REGISTRATION_CONFIRM_HOURS},
    )


# Personal links ------------------------------------------------------------------


def _grant(request, registration: Registration) -> None:
    allowed = list(request.session.get(SESSION_KEY, []))
    request.session.cycle_key()
    if registration.pk not in allowed:
        allowed.append(registration.pk)
    request.session[SESSION_KEY] = allowed


def _link_error(request, exc):
    if isinstance(exc, services.InvalidLink):
        title, status = _("Link ungültig"), 404
    else:
        title, status = _("Link abgelaufen"), 410
    return _message_page(
        request, title=title, message=exc.message, status=status, resend=True
    )


def confirm(request, token):
    try:
        registration = services.confirm(raw_token=token)
    except services.AlreadyConfirmed as exc:
        return _message_page(
            request,
            title=_("Bereits bestätigt"),
            message=_(
                "Ihre Anmeldung ist bereits bestätigt. Ihren persönlichen Link "
                "finden Sie in der Bestätigungs-E-Mail; Sie können ihn sich auch "
                "noch einmal schicken lassen."
            ),
            status=200,
            event=exc.registration.event,
            resend=True,
        )
    except (services.InvalidLink, services.LinkExpired) as exc:
        return _link_error(request, exc)
    _grant(request, registration)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Vielen Dank! Ihre Anmeldung ist bestätigt."))
    else:
        messages.success(
            request,
            _(
                "Vielen Dank! Ihre E-Mail-Adresse ist bestätigt. Sie stehen auf der "
                "Warteliste und erhalten eine E-Mail, sobald ein Platz frei wird."
            ),
        )
    return redirect("participants:manage", pk=registration.pk)


def manage_link(request, token):
    try:
        registration = services.open_manage_link(raw_token=token)
    except (services.InvalidLink, services.LinkExpired) as exc:
        return _link_error(request, exc)
    _grant(request, registration)
    return redirect("participants:manage", pk=registration.pk)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_resend_rate, method="POST", block=False)
def resend(request):
    if getattr(request, "limited", False):
        return _too_many(request)
    if request.method == "POST":
        form = ResendForm(request.POST)
        if form.is_valid():
            services.resend_links(email=form.cleaned_data["email"])
            return render(request, "participants/resend_done.html")
        status = 400
    else:
        # No prefill from the query string: an address never belongs in a URL.
        form = ResendForm()
        status = 200
    return render(
        request, "participants/resend_form.html", {"form": form}, status=status
    )


# Self-service ---------------------------------------------------------------------


def _allowed_registration(request, pk):
    """The registration if this browser opened its personal link, or if the
    signed-in user has verified its email address; else None."""
    granted = pk in request.session.get(SESSION_KEY, [])
    if not granted and not request.user.is_authenticated:
        return None
    registration = selectors.registration_for_manage(pk)
    if registration is None or registration.anonymised_at is not None:
        return None
    if granted or selectors.account_may_open(request.user, registration):
        return registration
    return None


def _forbidden(request):
    if request.user.is_authenticated:
        message = _(
            "Diese Anmeldung gehört zu keiner bestätigten E-Mail-Adresse Ihres "
            "Kontos. Bitte öffnen Sie den persönlichen Link aus der E-Mail zur "
            "Anmeldung; wir schicken ihn Ihnen gern noch einmal."
        )
    else:
        message = _(
            "Diese Seite ist nur über den persönlichen Link aus Ihrer E-Mail "
            "erreichbar. Wir schicken ihn Ihnen gern noch einmal."
        )
    return _message_page(
        request,
        title=_("Bitte öffnen Sie Ihren persönlichen Link"),
        message=message,
        status=403,
        resend=True,
    )


def personal(view):
    """Only for a browser that opened this registration's personal link, or a
    signed-in user who verified the registration's address."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        registration = _allowed_registration(request, pk)
        if registration is None:
            return _forbidden(request)
        return view(request, registration, *args, **kwargs)

    return wrapper


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
            "workshop_form": workshop_form if workshop_form.fields else None,
            # A form without fields left (wishes closed meanwhile) shows its errors.
            "workshop_errors": (
                [] if workshop_form.fields else workshop_form.non_field_errors()
            ),
            "mode_form": mode_form if changeable else None,
            "consents": [
                consents[kind]
                for kind in (Consent.Kind.PHOTOS, Consent.Kind.PARTICIPANT_LIST)
                if kind in consents
            ],
            "privacy_consent": consents.get(Consent.Kind.PRIVACY_NOTICE),
            "answers": list(registration.answers.all()),
            "checkin_code": (
                checkin.display_code(registration)
                if checkin.shows_code(registration)
                else None
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
    if kind not in (Consent.Kind.PHOTOS, Consent.Kind.PARTICIPANT_LIST):
        return _message_page(
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
    if not checkin.shows_code(registration):
        raise Http404
    code = checkin.display_code(registration)
    return HttpResponse(checkin.qr_png(code), content_type="image/png")


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
