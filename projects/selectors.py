"""Reads for the project and municipality pages."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from events.models import Event

from .models import CityLab, MeasureBundle, Municipality, Project

_VISIBLE = ~Q(status=Event.Status.DRAFT)


def projects_for_list():
    return Project.objects.prefetch_related("municipalities").annotate(
        event_count=Count(
            "hosted_events",
            filter=Q(
                hosted_events__status__in=(
                    Event.Status.PUBLISHED,
                    Event.Status.CANCELLED,
                )
            ),
        )
    )


def municipalities_for_list():
    return Municipality.objects.prefetch_related("projects")


def project_for_page(slug: str) -> Project:
    return get_object_or_404(
        Project.objects.prefetch_related(
            "municipalities",
            "partner_projects",
            Prefetch(
                "city_labs", queryset=CityLab.objects.select_related("municipality")
            ),
            Prefetch(
                "measures",
                queryset=MeasureBundle.objects.prefetch_related("municipalities"),
            ),
        ),
        slug=slug,
    )


def municipality_for_page(slug: str) -> Municipality:
    return get_object_or_404(
        Municipality.objects.prefetch_related(
            "projects",
            Prefetch("city_labs", queryset=CityLab.objects.select_related("project")),
            Prefetch(
                "measurebundle_set",
                queryset=MeasureBundle.objects.select_related("project").order_by(
                    "kind", "project__name", "order", "title"
                ),
                to_attr="measure_list",
            ),
        ),
        slug=slug,
    )
