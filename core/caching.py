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

With a shared cache (Redis) each process also keeps what it read for at most
`PUBLIC_PAGE_LOCAL_SECONDS` (default 1): the page version and the pages served
under it. A hot page then costs no round trip to Redis; a change made in another
process shows there within that second (in its own process at once).

Fragments (`shared_fragment`, the empty registration form) are shared by every
visitor, signed in or not. Their key names everything they show that changes
with registrations (free places, waiting lists); a second version number, bumped
only by edits, covers the rest. So a registration, which makes every page stale,
leaves them in place unless it changes what they show.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
CONTENT_VERSION_KEY = "public-pages:content-version"
FRAGMENT_SECONDS = 300
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = "\x00csrf\x00"
# Apps whose rows appear on public pages, by label: this module imports none of
# them. Participants only for free places.
PUBLIC_APPS = ("events", "workshops", "projects")
PLACE_MODELS = ("participants.Registration", "participants.WorkshopBooking")
# Shown on the registration form, which is cached like the public pages.
FORM_MODELS = ("participants.Question",)


def cache_seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def local_seconds() -> float:
    return getattr(settings, "PUBLIC_PAGE_LOCAL_SECONDS", 0)


class _ProcessMemory:
    """The page version as this process last read it, and the pages it served
    under that version, each with its expiry time."""

    MAX_PAGES = 256

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.read_at = 0.0
        self.pages: OrderedDict[str, tuple[float, tuple]] = OrderedDict()

    def forget(self) -> None:
        with self.lock:
            self.version = None
            self.pages.clear()

    def version_if_fresh(self, now: float):
        with self.lock:
            if self.version is not None and now - self.read_at < local_seconds():
                return self.version
        return None

    def remember_version(self, version, now: float) -> None:
        with self.lock:
            if version != self.version:
                self.pages.clear()
            self.version, self.read_at = version, now

    def page(self, key: str, now: float):
        with self.lock:
            found = self.pages.get(key)
            if found is None or found[0] <= now:
                return None
            self.pages.move_to_end(key)
            return found[1]

    def remember_page(self, key: str, page: tuple, expires: float) -> None:
        with self.lock:
            self.pages[key] = (expires, page)
            self.pages.move_to_end(key)
            while len(self.pages) > self.MAX_PAGES:
                self.pages.popitem(last=False)


_memory = _ProcessMemory()


def _read_version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        # A fresh number, never one an old entry was stored under.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def current_version(key: str = VERSION_KEY) -> int:
    if key != VERSION_KEY or not local_seconds():
        return _read_version(key)
    now = time.time()
    version = _memory.version_if_fresh(now)
    if version is None:
        version = _read_version(key)
        _memory.remember_version(version, now)
    return version


def bump_version(keys=(VERSION_KEY, CONTENT_VERSION_KEY)) -> None:
    """Make every cached public page stale (and, by default, every fragment)."""
    _memory.forget()
    for key in keys:
        try:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, time.time_ns(), timeout=None)
        except Exception:  # a cache outage must not fail a registration
            logger.warning("Could not invalidate the public page cache", exc_info=True)


def invalidate(**kwargs) -> None:
    """Signal receiver: stale now, and stale again once the change is visible to
    other connections (a page rendered in between would show the old state)."""
    bump_version()
    transaction.on_commit(bump_version)


def invalidate_places(**kwargs) -> None:
    """Signal receiver for registrations and bookings: pages show free places;
    fragments name theirs in their keys."""
    bump_version((VERSION_KEY,))
    transaction.on_commit(lambda: bump_version((VERSION_KEY,)))


def _m2m_invalidate(sender, **kwargs) -> None:
    if sender._meta.app_label in PUBLIC_APPS:
        invalidate()


def connect_signals() -> None:
    models = [
        (m, invalidate)
        for label in PUBLIC_APPS
        for m in apps.get_app_config(label).get_models()
    ]
    models += [(apps.get_model(name), invalidate_places) for name in PLACE_MODELS]
    models += [(apps.get_model(name), invalidate) for name in FORM_MODELS]
    for model, receiver in models:
        post_save.connect(receiver, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(
            receiver, sender=model, dispatch_uid=f"page-cache-del-{model}"
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
        now = time.time()
        stored = _memory.page(key, now) if local_seconds() else None
        if stored is None:
            stored = cache.get(key)
            if stored is not None and local_seconds():
                _memory.remember_page(key, stored, now + local_seconds())
        if stored is not None:
            content_type, html = stored
            html = html.replace(TOKEN_PLACEHOLDER, get_token(request))
            return HttpResponse(html, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            html = TOKEN_FIELD.sub(
                rf"\g<1>{TOKEN_PLACEHOLDER}\g<2>", response.content.decode()
            )
            stored = (response["Content-Type"], html)
            cache.set(key, stored, timeout=seconds)
            if local_seconds():
                _memory.remember_page(key, stored, now + local_seconds())
        return response

    return wrapper


def shared_fragment(request, key: str, render) -> str:
    """`render()`'s HTML, rendered once per `key` (and content version) and shared
    by every visitor, with this visitor's CSRF token swapped in. `key` must name
    everything the HTML shows that an edit would not signal."""
    if not cache_seconds():
        return render()
    full_key = f"public-fragment:{current_version(CONTENT_VERSION_KEY)}:{key}"
    html = cache.get(full_key)
    if html is None:
        html = TOKEN_FIELD.sub(rf"\g<1>{TOKEN_PLACEHOLDER}\g<2>", render())
        cache.set(full_key, html, timeout=FRAGMENT_SECONDS)
    # Our own templates rendered this with autoescaping; only Django's CSRF token
    # (letters and digits) is put in.
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, get_token(request)))  # nosec B308 B703
