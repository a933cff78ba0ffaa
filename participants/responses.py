"""Responses the registration pages share: messages, retries, personal access."""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _

from participants import selectors, services

SESSION_KEY = "participants_manage"


def too_many(request):
    return render(request, "429.html", status=429)


def message_page(request, *, title, message, status, event=None, resend=False):
    return render(
        request,
        "participants/message.html",
        {"title": title, "message": message, "event": event, "resend": resend},
        status=status,
    )


def try_again(request):
    return message_page(
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
            response = try_again(request)
            response["Retry-After"] = "5"
            return response

    return wrapper


def grant(request, registration) -> None:
    """Let this browser open the registration's pages (after its link was checked)."""
    allowed = list(request.session.get(SESSION_KEY, []))
    request.session.cycle_key()
    if registration.pk not in allowed:
        allowed.append(registration.pk)
    request.session[SESSION_KEY] = allowed


def allowed_registration(request, pk):
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


def forbidden(request):
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
    return message_page(
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
        registration = allowed_registration(request, pk)
        if registration is None:
            return forbidden(request)
        return view(request, registration, *args, **kwargs)

    return wrapper
