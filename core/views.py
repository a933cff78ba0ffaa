"""Error pages that cannot fail, the language switch, and health endpoints.

The error pages (handler400/403/404/500 in config/urls.py, and the 503 of
core.middleware) render with nothing but the request: no context processors,
so no session, user, messages, database or cache is touched, and they work
while PostgreSQL or Redis is down. Their language is the one of the address,
as LocaleMiddleware decides it (unprefixed paths are German), so they are right
even when the error came before that middleware ran (a bad Host header).
"""

import html
import logging
import sys

from allauth.account.views import LoginView as AllauthLoginView
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

logger = logging.getLogger(__name__)

# Seconds a visitor (or a client honouring Retry-After) should wait after a 503.
RETRY_AFTER = 30
DATABASE_OUTAGE = (OperationalError, InterfaceError)
NEXT_MAX_LENGTH = 2000


def is_database_outage(exception) -> bool:
    """Whether ``exception`` says the database cannot be reached or used right
    now (connection refused or lost, server shutting down): worth a retry."""
    return isinstance(exception, DATABASE_OUTAGE)


def page_language(request) -> str:
    language = translation.get_language_from_path(request.path_info)
    return language or settings.LANGUAGE_CODE


def error_page(request, status: int, *, retry_after: int | None = None):
    """``<status>.html`` in the error layout and the page's language; a plain
    page if even that fails (a broken template or URL configuration)."""
    with translation.override(page_language(request)):
        try:
            content = get_template(f"{status}.html").render(
                {"request": request, "csrf_token": get_token(request)}
            )
        except Exception:  # the error page itself must not fail
            logger.exception("The %s page could not be rendered", status)
            content = _plain_page()
    response = HttpResponse(content, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _plain_page() -> str:
    title = html.escape(_("Ein Fehler ist aufgetreten"))
    text = html.escape(_("Bitte versuchen Sie es in ein paar Minuten noch einmal."))
    return (
        f'<!doctype html><html lang="{translation.get_language()}"><meta '
        f'charset="utf-8"><title>{title}</title><h1>{title}</h1><p>{text}</p>'
        '<p><a href="/">Smart Cities Südwestfalen</a></p></html>'
    )


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    # Called while the exception is being handled: a database outage that
    # escaped a middleware (a session saved on the way out) still gets the 503.
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_page(request, 500)


def service_unavailable(request):
    return error_page(request, 503, retry_after=RETRY_AFTER)


# The language switch --------------------------------------------------------


@require_POST
def set_language(request):
    """Django's set_language, but a language we do not offer, or a return
    address no page of ours has, is a 400 page instead of a silent redirect."""
    next_url = request.POST.get("next", "")
    if (
        request.POST.get("language") not in dict(settings.LANGUAGES)
        or len(next_url) > NEXT_MAX_LENGTH
        or not next_url.isprintable()
        or "\ufffd" in next_url
    ):
        return bad_request(request)
    return django_set_language(request)


class LoginView(AllauthLoginView):
    """allauth's sign-in; input that cannot be a login at all (an address too
    long or with broken or control characters) is a 400, like the other public
    forms. Wrong credentials stay allauth's 200 with its message."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(name in form.errors for name in form.fields):
            response.status_code = 400
        return response


# Health ---------------------------------------------------------------------


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: database, cache and broker reachable; 503 if one is not."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "broker": _check(_broker),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # any failure means "not ready", named for the log
        logger.warning("Readiness check %s failed: %s", probe.__name__, exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # the fail-soft Redis cache would otherwise hide an outage
        return
    cache.set("readyz", "ok", timeout=5)
    if cache.get("readyz") != "ok":
        raise RuntimeError("the cache does not keep what it is given")


def _broker():
    if current_app.conf.task_always_eager:
        return  # no broker configured: tasks run in-process
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        conn.default_channel  # noqa: B018 - opening a channel talks to the broker
