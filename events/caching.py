"""Public pages served from the cache to anonymous visitors.

A page is stored under its full URL (scheme, host, path, query), its language and
one version number for all public pages. Every save or deletion of something a
public page shows (events, programme, speakers, workshops, places, projects,
municipalities: see `connect_signals`) bumps the version, at once and again when
the transaction commits, so the next request renders afresh. Entries live at
most `PUBLIC_PAGE_CACHE_SECONDS` (default 5): that bounds what no signal sees (a
seat freed because a hold ran out, a bulk update, a per-process cache during
development), so free places are never shown more than a few seconds stale.
Capacity itself is never decided from a page: the registration services count
under a row lock.

Only visitors without a session or message cookie get cached pages, so nobody
sees another person's messages; each gets a CSRF token of their own, swapped in
for the stored page's token.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = "\x00csrf\x00"
# Apps whose rows appear on public pages; participants only for free places.
PUBLIC_APPS = ("events", "workshops", "projects")
PLACE_MODELS = ("participants.Registration", "participants.WorkshopBooking")


def cache_seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number, never one an old entry was stored under.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version() -> None:
    """Make every cached public page stale."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # a cache outage must not fail a registration
        logger.warning("Could not invalidate the public page cache", exc_info=True)


def invalidate(**kwargs) -> None:
    """Signal receiver: stale now, and stale again once the change is visible to
    other connections (a page rendered in between would show the old state)."""
    bump_version()
    transaction.on_commit(bump_version)


def _m2m_invalidate(sender, **kwargs) -> None:
    if sender._meta.app_label in PUBLIC_APPS:
        invalidate()


def connect_signals() -> None:
    from django.apps import apps

    models = [
        m for label in PUBLIC_APPS for m in apps.get_app_config(label).get_models()
    ]
    models += [apps.get_model(name) for name in PLACE_MODELS]
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"page-cache-del-{model}"
        )
    m2m_changed.connect(_m2m_invalidate, dispatch_uid="page-cache-m2m")


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def _key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    return f"public-page:{current_version()}:{request.LANGUAGE_CODE}:{digest}"


def cached_public_page(view):
    """Serve the view's 200 responses from the cache for anonymous visitors."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = cache_seconds()
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content_type, html = stored
            html = html.replace(TOKEN_PLACEHOLDER, get_token(request))
            return HttpResponse(html, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            html = TOKEN_FIELD.sub(
                rf"\g<1>{TOKEN_PLACEHOLDER}\g<2>", response.content.decode()
            )
            cache.set(key, (response["Content-Type"], html), timeout=seconds)
        return response

    return wrapper
