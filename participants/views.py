"""Registration pages: the form, and the links from the emails.

Personal links carry a token only until it is checked: the registration's id then
goes into the session (whose key is renewed) and the browser is redirected to a
page whose address holds no secret.
"""

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from core.caching import cached_public_page, shared_fragment
from events.models import Event
from participants import services
from participants.forms import (
    ColleagueConsentForm,
    GroupRegistrationForm,
    RegistrationForm,
    ResendForm,
)
from participants.models import Registration
from participants.responses import (
    grant,
    handles_try_again,
    message_page,
    too_many,
)

CLOSED_STATUS = {"cancelled": 410, "past": 410, "not_open": 403, "closed": 403}


def _register_rate(group, request):
    return settings.REGISTRATION_RATE_LIMIT


def _resend_rate(group, request):
    return settings.RESEND_RATE_LIMIT


# Registering -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# The empty form is a public page: served from the cache like the conference page
# (invalidated by every registration, so "full – waiting list" is never stale).
@cached_public_page
@ratelimit(key="ip", rate=_register_rate, method="POST", block=False)
@handles_try_again
def register(request, slug):
    return _registration_page(
        request,
        slug,
        form_class=RegistrationForm,
        save=lambda event, form: services.register(
            event=event, data=form.registration_data(), language=request.LANGUAGE_CODE
        ),
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_register_rate, method="POST", block=False)
@handles_try_again
def register_group(request, slug):
    return _registration_page(
        request,
        slug,
        form_class=GroupRegistrationForm,
        save=lambda event, form: services.register_group(
            event=event,
            lead=form.registration_data(),
            colleagues=form.colleagues(),
            language=request.LANGUAGE_CODE,
        )[0],
        group=True,
    )


def _registration_page(request, slug, *, form_class, save, group=False):
    """Bind the form, call ``save(event, form)`` (which returns the person's own
    registration), and answer with the done page or the form with its errors."""
    event = get_object_or_404(
        Event.objects.visible().select_related("venue"), slug=slug
    )
    if getattr(request, "limited", False):
        return too_many(request)
    reason = event.registration_closed_reason()
    if reason:
        return _closed(request, event, reason)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, event=event)
        if form.is_spam:
            # Pretend success: a robot learns nothing, nothing is saved or sent.
            return _done(event, form.waitlist_only)
        if form.is_valid():
            try:
                registration = save(event, form)
            except services.AlreadyRegistered:
                # Answer as to a new registration, so the form tells nobody who
                # is registered; the person gets their link by email instead
                # (as from the resend form).
                services.resend_links(email=form.cleaned_data["email"])
                return _done(event, form.waitlist_only)
            except services.RegistrationClosed as exc:
                return _closed(request, event, exc.reason)
            except services.TryAgain:
                raise
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            else:
                return _done(
                    event, registration.status == Registration.Status.WAITLISTED
                )
        status = 400
    else:
        form = form_class(event=event)
    shared = not (form.is_bound or group)
    return render(
        request,
        "participants/registration_form.html",
        {
            "event": event,
            "form": form,
            "group": group,
            "form_html": _empty_form_html(request, form) if shared else None,
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
    return message_page(
        request,
        title=_("Keine Anmeldung möglich"),
        message=services.RegistrationClosed.MESSAGES[reason],
        status=CLOSED_STATUS.get(reason, 403),
        event=event,
    )


WAITLISTED_PARAMETER = "liste"


def _done(event, waitlisted: bool):
    """Post/redirect/get to the done page; whether the person is waiting travels
    in the address as a flag only, never anything about the person."""
    response = redirect("participants:register_done", slug=event.slug)
    if waitlisted:
        response["Location"] += f"?{WAITLISTED_PARAMETER}=warten"
    return response


def register_done(request, slug):
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    return render(
        request,
        "participants/registration_done.html",
        {
            "event": event,
            "confirm_hours": settings.REGISTRATION_CONFIRM_HOURS,
            "waitlisted": request.GET.get(WAITLISTED_PARAMETER) == "warten",
        },
    )


# Personal links ------------------------------------------------------------------


def _link_error(request, exc):
    if isinstance(exc, services.InvalidLink):
        title, status = _("Link ungültig"), 404
    else:
        title, status = _("Link abgelaufen"), 410
    return message_page(
        request, title=title, message=exc.message, status=status, resend=True
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    # A colleague registered by someone else confirms with their own consents.
    form = ColleagueConsentForm(request.POST if request.method == "POST" else None)
    consents = form.consents() if form.is_bound and form.is_valid() else None
    try:
        registration = services.confirm(raw_token=token, consents=consents)
    except services.ConsentRequired as exc:
        return render(
            request,
            "participants/confirm_consent.html",
            {"event": exc.registration.event, "form": form},
            status=400 if form.is_bound else 200,
        )
    except services.AlreadyConfirmed as exc:
        return message_page(
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
    except services.RegistrationCancelled as exc:
        return message_page(
            request,
            title=_("Anmeldung storniert"),
            message=exc.message,
            status=410,
            event=exc.registration.event,
        )
    except (services.InvalidLink, services.LinkExpired) as exc:
        return _link_error(request, exc)
    grant(request, registration)
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
    grant(request, registration)
    return redirect("participants:manage", pk=registration.pk)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_resend_rate, method="POST", block=False)
def resend(request):
    if getattr(request, "limited", False):
        return too_many(request)
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
