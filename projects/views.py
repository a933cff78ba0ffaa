from django.shortcuts import render
from django.views.decorators.http import require_GET

from events import selectors as event_selectors

from . import selectors


@require_GET
def project_list(request):
    return render(
        request,
        "projects/project_list.html",
        {"projects": selectors.projects_for_list()},
    )


@require_GET
def project_detail(request, slug):
    project = selectors.project_for_page(slug)
    upcoming, past = event_selectors.split_upcoming_past(
        event_selectors.events_hosted_by(project)
    )
    return render(
        request,
        "projects/project_detail.html",
        {"project": project, "upcoming": upcoming, "past": past},
    )


@require_GET
def municipality_list(request):
    return render(
        request,
        "projects/municipality_list.html",
        {"municipalities": selectors.municipalities_for_list()},
    )


@require_GET
def municipality_detail(request, slug):
    municipality = selectors.municipality_for_page(slug)
    upcoming, past = event_selectors.split_upcoming_past(
        event_selectors.events_at_municipality(municipality)
    )
    return render(
        request,
        "projects/municipality_detail.html",
        {"municipality": municipality, "upcoming": upcoming, "past": past},
    )
