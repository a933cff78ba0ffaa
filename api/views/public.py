"""Public reads: what the public pages show, as JSON, for anyone."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from api import selectors, serializers
from api.pagination import ApiPagination
from api.views.base import PublicMixin
from events import selectors as event_selectors
from events.models import Event

EVENT_FILTERS = [
    OpenApiParameter("place", str, description="Kurzname der Kommune des Orts"),
    OpenApiParameter("municipality", str, description="Kurzname einer Mitgastgeberin"),
    OpenApiParameter("project", str, description="Kurzname des Projekts"),
    OpenApiParameter("year", int),
    OpenApiParameter("format", str, enum=Event.Format.values),
    OpenApiParameter("kind", str, enum=Event.Kind.values),
    OpenApiParameter("when", str, enum=["upcoming", "past"]),
    OpenApiParameter("lang", str, enum=["de", "en"], description="Sprache der Links"),
]


class PublicList(PublicMixin, generics.ListAPIView):
    pagination_class = ApiPagination


@extend_schema(parameters=EVENT_FILTERS)
class EventList(PublicList):
    """Published and cancelled events; upcoming soonest first, past latest first."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        return selectors.events(params=self.request.query_params)

    def get_serializer_context(self):
        lang = self.request.query_params.get("lang")
        return {
            **super().get_serializer_context(),
            "now": timezone.now(),
            "lang": lang if lang in ("de", "en") else "de",
        }


class EventDetail(PublicMixin, generics.RetrieveAPIView):
    """One event with its free places (``free`` is null without a limit)."""

    serializer_class = serializers.EventDetailSerializer
    lookup_field = "slug"

    def get_object(self):
        return event_selectors.event_for_page(self.kwargs["slug"])


class _OfEvent(PublicMixin, generics.ListAPIView):
    """A list that belongs to one event: short, so not paginated."""

    lookup_field = "slug"

    def event(self):
        return event_selectors.event_for_page(self.kwargs["slug"])


class EventProgramme(_OfEvent):
    """The event's programme in order, with who contributes."""

    serializer_class = serializers.ProgrammeItemSerializer

    def get_queryset(self):
        return self.event().programme_items.all()


class EventWorkshops(_OfEvent):
    """The event's workshops with their free places."""

    serializer_class = serializers.WorkshopSerializer

    def get_queryset(self):
        return self.event().workshops.all()


class SpeakerList(PublicList):
    """People in the programme or a workshop of a published event."""

    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self):
        return selectors.speakers()


class VenueList(PublicList):
    serializer_class = serializers.VenueSerializer

    def get_queryset(self):
        return selectors.venues()


class ProjectList(PublicList):
    serializer_class = serializers.ProjectSerializer

    def get_queryset(self):
        return selectors.projects()


class MunicipalityList(PublicList):
    serializer_class = serializers.MunicipalitySerializer

    def get_queryset(self):
        return selectors.municipalities()
