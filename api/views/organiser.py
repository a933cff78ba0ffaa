"""A token's project data: registrations, exports, funding figures."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from api import selectors, serializers
from api.models import Scope
from api.pagination import ApiPagination
from api.views.base import TokenMixin, TokenView
from core.errors import DomainError
from participants import services
from participants.registration_data import RegistrationData
from participants.staff import checkin
from participants.staff.downloads import export_response
from participants.staff.exports.formats import FORMATS
from participants.staff.exports.rows import ExportFilters, select

READ = {"GET": Scope.READ_REGISTRATIONS}


class OrganiserEventList(TokenMixin, generics.ListAPIView):
    """The events of the token's project, drafts included."""

    required_scopes = READ
    serializer_class = serializers.OrganiserEventSerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return selectors.project_events(token=self.request.auth).order_by("start")


@extend_schema(
    parameters=[
        OpenApiParameter("event", int),
        OpenApiParameter("status", str),
        OpenApiParameter("mode", str),
        OpenApiParameter("participant_kind", str),
        OpenApiParameter("email", str),
    ]
)
class RegistrationList(TokenMixin, generics.ListCreateAPIView):
    """Registrations of the project's events; POST registers a person, who then
    confirms by email (the same service as the public form)."""

    required_scopes = {**READ, "POST": Scope.WRITE_REGISTRATIONS}
    serializer_class = serializers.RegistrationSerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return selectors.registrations(
            token=self.request.auth, params=self.request.query_params
        )

    @extend_schema(
        request=serializers.RegistrationCreateSerializer,
        responses={201: serializers.RegistrationSerializer},
    )
    def post(self, request, *args, **kwargs):
        form = serializers.RegistrationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        event = selectors.project_events(token=request.auth).filter(
            pk=data.pop("event")
        )
        event = event.first()
        if event is None:
            raise ValidationError({"event": [_("Unbekannte Veranstaltung.")]})
        language = data.pop("language")
        try:
            registration = services.register(
                event=event, data=RegistrationData(**data), language=language
            )
        except DomainError as exc:
            return _conflict(exc)
        return Response(
            serializers.RegistrationSerializer(registration).data,
            status=status.HTTP_201_CREATED,
        )


def _conflict(exc: DomainError) -> Response:
    return Response(
        {"detail": str(exc.message), "code": type(exc).__name__},
        status=status.HTTP_409_CONFLICT,
    )


class RegistrationDetail(TokenMixin, generics.RetrieveAPIView):
    required_scopes = READ
    serializer_class = serializers.RegistrationSerializer

    def get_queryset(self):
        return selectors.registrations(token=self.request.auth)


class _RegistrationAction(TokenView):
    serializer_class = serializers.RegistrationSerializer

    def registration(self, pk):
        return get_object_or_404(
            selectors.registrations(token=self.request.auth), pk=pk
        )


class RegistrationCancel(_RegistrationAction):
    """Cancel (the person gets the cancellation email; the next in line moves up)."""

    required_scopes = {"POST": Scope.WRITE_REGISTRATIONS}

    @extend_schema(request=None, responses={200: serializers.RegistrationSerializer})
    def post(self, request, pk):
        try:
            registration = services.cancel(registration=self.registration(pk))
        except DomainError as exc:
            return _conflict(exc)
        return Response(serializers.RegistrationSerializer(registration).data)


class RegistrationCheckIn(_RegistrationAction):
    """Check a confirmed registration in; a second call changes nothing."""

    required_scopes = {"POST": Scope.CHECK_IN}

    @extend_schema(request=None, responses={200: serializers.RegistrationSerializer})
    def post(self, request, pk):
        try:
            result = checkin.check_in(registration=self.registration(pk))
        except checkin.NotConfirmed:
            return Response(
                {"detail": _("Nur bestätigte Anmeldungen."), "code": "NotConfirmed"},
                status=status.HTTP_409_CONFLICT,
            )
        data = serializers.RegistrationSerializer(result.registration).data
        return Response({**data, "already_checked_in": result.already})


class _ProjectEvent(TokenView):
    required_scopes = READ

    def project_event(self, pk):
        event = selectors.project_events(token=self.request.auth).filter(pk=pk).first()
        if event is None:
            raise NotFound()
        return event


class EventExport(_ProjectEvent):
    """The back office's exports: ?format=csv|xlsx|signin|badges, with the
    registration list's filters."""

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=list(FORMATS), required=True),
            OpenApiParameter("status", str),
            OpenApiParameter("mode", str),
            OpenApiParameter("participant_kind", str),
        ],
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk):
        event = self.project_event(pk)
        export_format = FORMATS.get(request.query_params.get("format", ""))
        if export_format is None:
            raise ValidationError({"format": sorted(FORMATS)})
        params = request.query_params
        filters = ExportFilters(
            status=params.get("status", ""),
            mode=params.get("mode", ""),
            participant_kind=params.get("participant_kind", ""),
        )
        return export_response(
            user=None,
            selection=select(event=event, filters=filters),
            export_format=export_format,
        )


class EventStatistics(TokenMixin, generics.ListAPIView):
    """The anonymous headcounts kept for funding reports (empty until an event's
    personal data has been purged)."""

    required_scopes = READ
    serializer_class = serializers.StatisticSerializer

    def get_queryset(self):
        event = get_object_or_404(
            selectors.project_events(token=self.request.auth), pk=self.kwargs["pk"]
        )
        return selectors.statistics(event=event)
