"""Pages for organisers and staff: overview, dashboard, check-in and exports.

Each view loads the event, checks the user's right on it (403 otherwise) and
hands over to a module that does the work: checkin, dashboard or exports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import Perm, events_for, has_perm, is_team_member
from events.models import Event
from participants.models import ExportLog

from . import checkin
from .dashboard import dashboard as dashboard_figures
from .downloads import export_response
from .exports.formats import FORMATS, label_of
from .exports.rows import select
from .forms import CheckInForm, CheckInSearchForm, ExportFilterForm
from .links import events_with_links


def _event(request, slug: str, perm: Perm) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("venue", "host_project"), slug=slug
    )
    if not has_perm(request.user, event, perm):
        raise PermissionDenied
    return event


def _rights(user, event: Event) -> dict:
    return {
        "can_view": has_perm(user, event, Perm.VIEW),
        "can_check_in": has_perm(user, event, Perm.CHECK_IN),
        "can_export": has_perm(user, event, Perm.EXPORT),
    }


@login_required
@require_GET
def event_list(request):
    if not is_team_member(request.user):
        raise PermissionDenied
    events = events_for(request.user, Perm.VIEW).select_related("host_project")
    return render(
        request,
        "participants/staff/event_list.html",
        {"events": events.order_by("-start")},
    )


@login_required
@require_GET
def dashboard(request, slug):
    event = _event(request, slug, Perm.VIEW)
    return render(
        request,
        "participants/staff/dashboard.html",
        {
            "event": event,
            **_rights(request.user, event),
            **dashboard_figures(
                event=event,
                with_needs=has_perm(request.user, event, Perm.VIEW_NEEDS),
            ),
            "allocation_links": [
                link
                for _event, links in events_with_links(
                    user=request.user, events=[event]
                )
                for link in links
                if link.kind == "allocation"
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_page(request, slug):
    event = _event(request, slug, Perm.CHECK_IN)
    search_form = CheckInSearchForm(request.GET or None)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            _check_in(request, event, form)
            return redirect(_checkin_url(event, request.POST.get("q", "")))
    else:
        form = CheckInForm()
    results = []
    if search_form.is_valid() and search_form.cleaned_data["q"]:
        results = list(checkin.search(event=event, text=search_form.cleaned_data["q"]))
    return render(
        request,
        "participants/staff/checkin.html",
        {
            "event": event,
            **_rights(request.user, event),
            "form": form,
            "search_form": search_form,
            "query": search_form.cleaned_data.get("q", "")
            if search_form.is_bound and search_form.is_valid()
            else "",
            "results": results,
            "attendance": checkin.attendance(event=event),
        },
        status=400 if form.errors else 200,
    )


def _checkin_url(event: Event, query: str) -> str:
    url = reverse("staff:checkin", kwargs={"slug": event.slug})
    return f"{url}?{urlencode({'q': query})}" if query else url


def _check_in(request, event: Event, form: CheckInForm) -> None:
    registration = checkin.find(
        event=event,
        code=form.cleaned_data.get("code"),
        registration_id=form.cleaned_data.get("registration"),
    )
    if registration is None:
        messages.error(
            request,
            _("Keine Anmeldung zu dieser Veranstaltung mit diesem Code gefunden."),
        )
        return
    try:
        result = checkin.check_in(registration=registration)
    except checkin.NotConfirmed:
        messages.error(
            request,
            _(
                "%(name)s kann nicht eingecheckt werden: Die Anmeldung ist nicht "
                "bestätigt (%(status)s)."
            )
            % {"name": registration.name, "status": registration.get_status_display()},
        )
        return
    when = time_format(timezone.localtime(result.checked_in_at), "H:i")
    if result.already:
        messages.warning(
            request,
            _("%(name)s ist bereits eingecheckt um %(time)s Uhr.")
            % {"name": registration.name, "time": when},
        )
    else:
        messages.success(
            request,
            _("%(name)s ist eingecheckt (%(time)s Uhr).")
            % {"name": registration.name, "time": when},
        )
    if not registration.photos_allowed:
        messages.warning(
            request,
            _("%(name)s: Keine Fotos (keine Einwilligung zu Fotos und Aufnahmen).")
            % {"name": registration.name},
        )


@login_required
@require_GET
def export_page(request, slug):
    event = _event(request, slug, Perm.EXPORT)
    form = ExportFilterForm(
        initial={"status": "confirmed"}, event=event, auto_id="export_%s"
    )
    return _render_export_page(request, event, form)


def _render_export_page(request, event, form, status=200):
    logs = ExportLog.objects.filter(event=event).select_related("user", "workshop")
    return render(
        request,
        "participants/staff/exports.html",
        {
            "event": event,
            **_rights(request.user, event),
            "form": form,
            "formats": FORMATS.values(),
            "logs": [(log, label_of(log.export_format)) for log in logs[:20]],
        },
        status=status,
    )


@login_required
@require_GET
def export_download(request, slug):
    event = _event(request, slug, Perm.EXPORT)
    export_format = FORMATS.get(request.GET.get("format", ""))
    form = ExportFilterForm(request.GET, event=event, auto_id="export_%s")
    if export_format is None or not form.is_valid():
        if export_format is None:
            form.add_error(None, _("Bitte ein Format wählen."))
        return _render_export_page(request, event, form, status=400)
    selection = select(event=event, filters=form.export_filters())
    return export_response(
        user=request.user, selection=selection, export_format=export_format
    )
